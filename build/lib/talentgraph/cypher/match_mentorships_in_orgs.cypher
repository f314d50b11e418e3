// Per row: its position in the bundle, the bundle's columns in spec order, then the extra
// columns asked for. One record per school.
// Keyed by mentee, as eligibility reads them.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  MATCH (t)<-[r:MENTORS]-(mentor:Teacher)
  RETURN collect([r.ordinal, mentor.id, t.id, r.kind, toString(r.start_date), toString(r.end_date)] + [k IN $extras | r[k]]) AS rows
}
RETURN rows
