// Layout 2: every Programme reaches its level on the Level ladder. One batch per call; the caller
// repeats until none is left.
MATCH (p:Programme)
WHERE NOT EXISTS { (p)-[:AT_LEVEL]->(:Level) }
WITH p LIMIT $batch_size
MATCH (level:Level {id: p.level})
MERGE (p)-[:AT_LEVEL]->(level)
RETURN count(*) AS changed
