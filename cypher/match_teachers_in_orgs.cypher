// The teachers in scope (one record per school), then the leads of the studios they belong to:
// a studio row needs its lead among the teachers. A lead in scope comes twice; the store keeps
// the first. Columns: the bundle's, in spec order, then the extra columns asked for.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(school:Org)
CALL (school) {
  MATCH (school)<-[:WORKS_AT]-(t:Teacher)
  WHERE $teacher_id IS NULL OR t.id = $teacher_id
  RETURN collect([t.ordinal, t.id, t.name, t.school_id, toString(t.entry_date), t.stage, t.subject, t.head_teacher, t.roles, toString(t.principal_since), t.status, toString(t.left_on)] + [k IN $extras | t[k]]) AS rows
}
RETURN rows
UNION ALL
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WHERE $teacher_id IS NULL OR t.id = $teacher_id
MATCH (t)-[:MEMBER_OF]->(:Studio)<-[:LEADS]-(lead:Teacher)
WITH DISTINCT lead
RETURN collect([lead.ordinal, lead.id, lead.name, lead.school_id, toString(lead.entry_date), lead.stage, lead.subject, lead.head_teacher, lead.roles, toString(lead.principal_since), lead.status, toString(lead.left_on)] + [k IN $extras | lead[k]]) AS rows
