// Studios by id, columns as in the bundle.
UNWIND $studio_ids AS studio_id
MATCH (s:Studio {id: studio_id})
RETURN collect([s.ordinal, s.id, s.name, s.level, s.lead_id, s.host_org_id, s.subject, s.rural, toString(s.founded_on)] + [k IN $extras | s[k]]) AS rows
