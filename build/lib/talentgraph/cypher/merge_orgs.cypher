UNWIND $rows AS row
MERGE (o:Org {id: row.id})
SET o += row.props
