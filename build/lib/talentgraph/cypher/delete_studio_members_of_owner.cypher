// The rows of one owner that are not in the owner's new set (by key); merge_studio_members then writes the set.
MATCH (:Teacher {id: $owner_id})-[r:MEMBER_OF]->(:Studio)
WHERE NOT r.key IN $keys
DELETE r
