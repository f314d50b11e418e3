// Studios by id, columns as in the bundle.
MATCH (s:Studio)
WHERE s.id IN $studio_ids
RETURN collect([s.ordinal, s.id, s.name, s.level, s.lead_id, s.host_org_id, s.subject, s.rural, toString(s.founded_on)] + [k IN $extras | s[k]]) AS rows
