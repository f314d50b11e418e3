// Every org, columns as in the bundle, in one record (orgs are few).
MATCH (o:Org)
RETURN collect([o.ordinal, o.id, o.kind, o.name, o.parent_id, o.rural] + [k IN $extras | o[k]]) AS rows
