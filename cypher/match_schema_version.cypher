// The schema version of the loaded graph (no record: talentgraph has loaded nothing here; a
// Meta without one was loaded by talentgraph 0.1, schema version 1).
MATCH (m:Meta {id: 'bundle'})
RETURN m.schema_version AS version
