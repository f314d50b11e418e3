// Per row: its position in the bundle, the columns in spec order, then the extra columns asked
// for. Rounds are read through the orgs that run them (not through teachers: with $teacher_id,
// nothing). One record per org of the subtree.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(o:Org)
CALL (o) {
  MATCH (o)<-[:RUN_BY]-(r:Round)
  WHERE $teacher_id IS NULL
  RETURN collect([r.ordinal, r.id, r.tier, r.level, r.track, r.org_id, r.quota, toString(r.opens_on), toString(r.closes_on), toString(r.as_of), r.policy, r.policy_hash, toString(r.certified_on)] + [k IN $extras | r[k]]) AS rows
}
RETURN rows
