// The schools some studios support, columns as in the bundle.
MATCH (studio:Studio)-[r:SUPPORTS]->(linked:Org)
WHERE studio.id IN $studio_ids
RETURN collect([r.ordinal, studio.id, linked.id, toString(r.since)] + [k IN $extras | r[k]]) AS rows
