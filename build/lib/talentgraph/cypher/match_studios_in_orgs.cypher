// The studios the teachers in scope belong to or lead, columns as in the bundle.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WHERE $teacher_id IS NULL OR t.id = $teacher_id
MATCH (t)-[:MEMBER_OF|LEADS]->(s:Studio)
WITH DISTINCT s
RETURN collect([s.ordinal, s.id, s.name, s.level, s.lead_id, s.host_org_id, s.subject, s.rural, toString(s.founded_on)] + [k IN $extras | s[k]]) AS rows
