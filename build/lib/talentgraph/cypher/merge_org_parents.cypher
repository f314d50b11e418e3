// A second pass: a parent may be listed after its children.
UNWIND $rows AS row
MATCH (o:Org {id: row.id})
MATCH (parent:Org {id: row.parent_id})
MERGE (o)-[:PART_OF]->(parent)
