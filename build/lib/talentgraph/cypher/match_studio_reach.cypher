// A studio's reach on $as_of (domain/network.py): its lead, its members on that day, the
// teachers those people mentor on that day, and the schools of all of them plus the schools
// the studio supports. Day bounds are inclusive, as eligibility reads them. No row: no studio.
MATCH (s:Studio {id: $studio_id})
CALL (s) {
  OPTIONAL MATCH (s)<-[r:MEMBER_OF]-(m:Teacher)
  WHERE r.joined_on <= $as_of AND (r.left_on IS NULL OR r.left_on >= $as_of) AND m.id <> s.lead_id
  RETURN collect(DISTINCT m.id) AS members
}
WITH s, members, [s.lead_id] + members AS core
CALL (core) {
  UNWIND core AS core_id
  MATCH (:Teacher {id: core_id})-[r:MENTORS]->(mentee:Teacher)
  WHERE r.start_date <= $as_of AND (r.end_date IS NULL OR r.end_date >= $as_of) AND NOT mentee.id IN core
  RETURN collect(DISTINCT mentee.id) AS mentees
}
CALL (core, mentees) {
  UNWIND core + mentees AS person_id
  MATCH (:Teacher {id: person_id})-[:WORKS_AT]->(school:Org)
  RETURN collect(DISTINCT [school.id, school.rural]) AS own
}
CALL (s) {
  MATCH (s)-[l:SUPPORTS]->(school:Org)
  WHERE l.since IS NULL OR l.since <= $as_of
  RETURN collect(DISTINCT [school.id, school.rural]) AS linked
}
RETURN s.lead_id AS lead_id, members, mentees, own + linked AS schools
