// The training records of one teacher that are not in the teacher's new set (by key).
MATCH (:Teacher {id: $owner_id})-[:TRAINED]->(r:Training)
WHERE NOT r.key IN $keys
DETACH DELETE r
