// The audit events of one round that are not in its new set (by key); merge_round_events then writes the set.
MATCH (e:RoundEvent)-[:IN_ROUND]->(:Round {id: $owner_id})
WHERE NOT e.key IN $keys
DETACH DELETE e
