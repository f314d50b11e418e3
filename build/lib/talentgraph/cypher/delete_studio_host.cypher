// Before a studio is written again: the old host link goes (merge_studios adds the new one).
MATCH (:Studio {id: $id})-[r:HOSTED_BY]->(:Org)
DELETE r
