// One Decision node per row, deciding its nomination.
UNWIND $rows AS row
MATCH (n:Nomination {id: row.nomination_id})
MERGE (d:Decision {key: row.key})
SET d += row.props
MERGE (d)-[:DECIDES]->(n)
