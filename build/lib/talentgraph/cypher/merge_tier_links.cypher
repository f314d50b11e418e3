UNWIND $rows AS row
MATCH (lower:Tier {id: row.lower})
MATCH (upper:Tier {id: row.upper})
MERGE (lower)-[:NEXT]->(upper)
