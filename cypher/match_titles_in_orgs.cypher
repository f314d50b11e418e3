// Per row: its position in the bundle, the bundle's columns in spec order, then the extra
// columns asked for. One record per school.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  MATCH (t)-[r:HOLDS]->(title:Title)
  RETURN collect([r.ordinal, t.id, title.tier, title.level, title.org_id, toString(r.awarded_on), toString(r.valid_until), r.track, r.source, r.nomination_id, r.policy, r.policy_hash, r.verdict] + [k IN $extras | r[k]]) AS rows
}
RETURN rows
