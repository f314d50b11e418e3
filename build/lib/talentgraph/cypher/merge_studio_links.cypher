UNWIND $rows AS row
MATCH (s:Studio {id: row.studio_id})
MATCH (school:Org {id: row.school_id})
MERGE (s)-[r:SUPPORTS {key: row.key}]->(school)
SET r += row.props
