UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MATCH (tier:Tier {id: row.tier})
MERGE (t)-[r:HOLDS {key: row.key}]->(tier)
SET r += row.props
