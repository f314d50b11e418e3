// Union with what earlier loads recorded: a load adds to the graph, it does not replace it. A new
// graph takes this talentgraph's schema version; an existing one keeps its own (migrate changes it).
MERGE (m:Meta {id: 'bundle'})
ON CREATE SET m.schema_version = $schema_version
SET m.present = coalesce(m.present, []) + [x IN $present WHERE NOT x IN coalesce(m.present, [])],
    m.extras = coalesce(m.extras, []) + [x IN $extras WHERE NOT x IN coalesce(m.extras, [])]
