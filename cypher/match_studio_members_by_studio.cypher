// The members of some studios, columns as in the bundle.
MATCH (t:Teacher)-[r:MEMBER_OF]->(studio:Studio)
WHERE studio.id IN $studio_ids
RETURN collect([r.ordinal, studio.id, t.id, toString(r.joined_on), toString(r.left_on)] + [k IN $extras | r[k]]) AS rows
