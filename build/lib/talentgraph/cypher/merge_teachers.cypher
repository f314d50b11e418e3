UNWIND $rows AS row
MERGE (t:Teacher {id: row.id})
SET t += row.props
WITH t, row
MATCH (school:Org {id: row.school_id})
MERGE (t)-[:WORKS_AT]->(school)
