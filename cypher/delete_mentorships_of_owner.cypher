// The rows of one owner that are not in the owner's new set (by key); merge_mentorships then writes the set.
MATCH (:Teacher)-[r:MENTORS]->(:Teacher {id: $owner_id})
WHERE NOT r.key IN $keys
DELETE r
