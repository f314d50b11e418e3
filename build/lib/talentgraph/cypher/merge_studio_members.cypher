UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MATCH (s:Studio {id: row.studio_id})
MERGE (t)-[r:MEMBER_OF {key: row.key}]->(s)
SET r += row.props
