// One Round node per row, run by its org (a nomination round, docs/decisions-rounds.md).
UNWIND $rows AS row
MATCH (o:Org {id: row.org_id})
MERGE (r:Round {id: row.id})
SET r += row.props
MERGE (r)-[:RUN_BY]->(o)
