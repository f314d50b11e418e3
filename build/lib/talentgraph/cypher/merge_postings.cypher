UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MATCH (school:Org {id: row.school_id})
MERGE (t)-[r:POSTED_AT {key: row.key}]->(school)
SET r += row.props
