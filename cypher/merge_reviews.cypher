UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MERGE (n:Review {key: row.key})
SET n += row.props
MERGE (t)-[:REVIEWED]->(n)
