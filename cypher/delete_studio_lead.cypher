// Before a studio is written again: the old lead's link goes (merge_studios adds the new one).
MATCH (:Teacher)-[r:LEADS]->(:Studio {id: $id})
DELETE r
