UNWIND $rows AS row
MERGE (s:Studio {id: row.id})
SET s += row.props
WITH s, row
MATCH (lead:Teacher {id: row.lead_id})
MERGE (lead)-[:LEADS]->(s)
WITH s, row
WHERE row.host_org_id IS NOT NULL
MATCH (host:Org {id: row.host_org_id})
MERGE (s)-[:HOSTED_BY]->(host)
