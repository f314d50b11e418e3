// The schema and layout versions of the loaded graph (no record: talentgraph has loaded nothing
// here; a Meta without a schema version was loaded by talentgraph 0.1, schema version 1; one
// without a layout version, before titles were nodes: layout 1).
MATCH (m:Meta {id: 'bundle'})
RETURN m.schema_version AS version, m.layout_version AS layout
