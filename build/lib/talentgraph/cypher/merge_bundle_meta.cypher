// Union with what earlier loads recorded: a load adds to the graph, it does not replace it.
MERGE (m:Meta {id: 'bundle'})
SET m.present = coalesce(m.present, []) + [x IN $present WHERE NOT x IN coalesce(m.present, [])],
    m.extras = coalesce(m.extras, []) + [x IN $extras WHERE NOT x IN coalesce(m.extras, [])]
