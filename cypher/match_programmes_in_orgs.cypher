// Per row: its position in the bundle, the bundle's columns in spec order, then the extra
// columns asked for. One record per school.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  MATCH (t)-[r:ENROLLED_IN]->(p:Programme)
  RETURN collect([r.ordinal, t.id, p.tier, p.level, p.org_id, toString(r.enrolled_on), toString(r.completed_on), r.result, r.type] + [k IN $extras | r[k]]) AS rows
}
RETURN rows
