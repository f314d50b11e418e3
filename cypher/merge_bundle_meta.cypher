// Union with what earlier loads recorded: a load adds to the graph, it does not replace it. A new
// graph takes this talentgraph's schema and layout versions; an existing one keeps its own
// (migrate changes them).
MERGE (m:Meta {id: 'bundle'})
ON CREATE SET m.schema_version = $schema_version, m.layout_version = $layout_version
SET m.present = coalesce(m.present, []) + [x IN $present WHERE NOT x IN coalesce(m.present, [])],
    m.extras = coalesce(m.extras, []) + [x IN $extras WHERE NOT x IN coalesce(m.extras, [])]
