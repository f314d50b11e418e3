// The decisions of one round that are not in its new set (by key); merge_decisions then writes the set.
MATCH (d:Decision)-[:DECIDES]->(:Nomination)-[:IN_ROUND]->(:Round {id: $owner_id})
WHERE NOT d.key IN $keys
DETACH DELETE d
