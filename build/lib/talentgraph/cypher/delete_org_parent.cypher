// Before an org is written again: its parent link goes (merge_org_parents adds the new one).
MATCH (:Org {id: $id})-[r:PART_OF]->(:Org)
DELETE r
