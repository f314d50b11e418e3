// The graph is now of layout version $version.
MATCH (m:Meta {id: 'bundle'})
SET m.layout_version = $version
RETURN m.layout_version AS version
