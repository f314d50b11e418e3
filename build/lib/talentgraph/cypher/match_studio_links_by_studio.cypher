// The schools some studios support, columns as in the bundle (from each bound studio).
UNWIND $studio_ids AS studio_id
MATCH (studio:Studio {id: studio_id})-[r:SUPPORTS]->(linked:Org)
RETURN collect([r.ordinal, studio.id, linked.id, toString(r.since)] + [k IN $extras | r[k]]) AS rows
