// The nominations of one round that are not in its new set (by key); merge_nominations then writes the set.
MATCH (n:Nomination)-[:IN_ROUND]->(:Round {id: $owner_id})
WHERE NOT n.key IN $keys
DETACH DELETE n
