// The graph is now of schema version $version: record it, and drop from the extra columns those
// that are now columns of the schema ($columns, as file.column).
MATCH (m:Meta {id: 'bundle'})
SET m.extras = [x IN coalesce(m.extras, []) WHERE NOT x IN $columns], m.schema_version = $version
RETURN m.schema_version AS version
