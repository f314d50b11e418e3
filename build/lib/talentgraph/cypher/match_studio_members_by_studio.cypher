// The members of some studios, columns as in the bundle (from each bound studio).
UNWIND $studio_ids AS studio_id
MATCH (studio:Studio {id: studio_id})<-[r:MEMBER_OF]-(t:Teacher)
RETURN collect([r.ordinal, studio.id, t.id, toString(r.joined_on), toString(r.left_on)] + [k IN $extras | r[k]]) AS rows
