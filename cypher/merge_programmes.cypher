// One Programme node per (tier, level, org); the enrolment is the relationship.
UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MATCH (tier:Tier {id: row.tier})
MATCH (level:Level {id: row.level})
MERGE (p:Programme {id: row.tier + '@' + row.level + ':' + coalesce(row.org_id, '-')})
SET p.tier = row.tier, p.level = row.level, p.org_id = row.org_id
MERGE (p)-[:FOR_TIER]->(tier)
MERGE (p)-[:AT_LEVEL]->(level)
MERGE (t)-[r:ENROLLED_IN {key: row.key}]->(p)
SET r += row.props
WITH p, row
WHERE row.org_id IS NOT NULL
MATCH (org:Org {id: row.org_id})
MERGE (p)-[:RUN_BY]->(org)
