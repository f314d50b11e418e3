// Before a teacher is written again: the link to the old school goes (merge_teachers adds the new one).
MATCH (:Teacher {id: $id})-[r:WORKS_AT]->(:Org)
DELETE r
