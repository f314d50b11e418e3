// One Title node per (tier, level, awarding org), like Programme; the holding is the relationship.
// The title's tier, level and awarding org are edges, so "or higher", "the level below" and
// "awarded on the candidate's own chain" are walks (docs/graph-schema.md).
UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MATCH (tier:Tier {id: row.tier})
MATCH (level:Level {id: row.level})
MERGE (title:Title {id: row.tier + '@' + row.level + ':' + coalesce(row.org_id, '-')})
SET title.tier = row.tier, title.level = row.level, title.org_id = row.org_id
MERGE (title)-[:OF_TIER]->(tier)
MERGE (title)-[:AT_LEVEL]->(level)
MERGE (t)-[r:HOLDS {key: row.key}]->(title)
SET r += row.props
WITH title, row
WHERE row.org_id IS NOT NULL
MATCH (org:Org {id: row.org_id})
MERGE (title)-[:AWARDED_BY]->(org)
