// Per row: its position in the bundle, the bundle's columns in spec order, then the extra
// columns asked for. One record per school.
// Links of the studios led from the scope (every studio has one lead).
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  MATCH (t)-[:LEADS]->(studio:Studio)-[r:SUPPORTS]->(linked:Org)
  RETURN collect([r.ordinal, studio.id, linked.id, toString(r.since)] + [k IN $extras | r[k]]) AS rows
}
RETURN rows
