// A mentee owns its mentorships: those not in its new set (by key) go; merge_mentorships writes the set.
MATCH (:Teacher {id: $owner_id})<-[r:MENTORS]-(:Teacher)
WHERE NOT r.key IN $keys
DELETE r
