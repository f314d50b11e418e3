// Before a studio is written again: the old lead's link goes (merge_studios adds the new one).
MATCH (:Studio {id: $id})<-[r:LEADS]-(:Teacher)
DELETE r
