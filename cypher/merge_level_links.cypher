UNWIND $rows AS row
MATCH (lower:Level {id: row.lower})
MATCH (upper:Level {id: row.upper})
MERGE (lower)-[:NEXT]->(upper)
