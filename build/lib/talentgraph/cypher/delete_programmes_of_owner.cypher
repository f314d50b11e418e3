// The rows of one owner that are not in the owner's new set (by key); merge_programmes then writes the set.
MATCH (:Teacher {id: $owner_id})-[r:ENROLLED_IN]->(:Programme)
WHERE NOT r.key IN $keys
DELETE r
