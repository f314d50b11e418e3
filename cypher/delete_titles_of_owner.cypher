// The rows of one owner that are not in the owner's new set (by key); merge_titles then writes the set.
MATCH (:Teacher {id: $owner_id})-[r:HOLDS]->(:Title)
WHERE NOT r.key IN $keys
DELETE r
