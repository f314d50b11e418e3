UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MERGE (n:Training {key: row.key})
SET n += row.props
MERGE (t)-[:TRAINED]->(n)
