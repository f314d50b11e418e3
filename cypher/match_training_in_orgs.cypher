// Per row: its position in the bundle, the bundle's columns in spec order, then the extra
// columns asked for. One record per school.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  MATCH (t)-[:TRAINED]->(n:Training)
  RETURN collect([n.ordinal, n.teacher_id, toString(n.date), n.hours, n.kind, n.content, n.programme, n.level, n.probation, n.passed] + [k IN $extras | n[k]]) AS rows
}
RETURN rows
