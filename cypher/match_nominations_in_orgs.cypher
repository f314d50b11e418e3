// Per row: its position in the bundle, the columns in spec order, then the extra columns asked
// for. Rounds are read through the orgs that run them (not through teachers: with $teacher_id,
// nothing). One record per org of the subtree.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(o:Org)
CALL (o) {
  MATCH (o)<-[:RUN_BY]-(r:Round)
  WHERE $teacher_id IS NULL
  MATCH (r)<-[:IN_ROUND]-(n:Nomination)
  RETURN collect([n.ordinal, n.id, n.round_id, n.teacher_id, n.nominated_by, n.verdict] + [k IN $extras | n[k]]) AS rows
}
RETURN rows
