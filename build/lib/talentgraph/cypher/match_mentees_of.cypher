// One generation down a lineage: the mentees of the teachers $ids, through mentorships that had
// started by $as_of (ended or not). See match_mentors_of.
UNWIND $ids AS id
MATCH (:Teacher {id: id})-[r:MENTORS]->(mentee:Teacher)
WHERE r.start_date <= $as_of
RETURN DISTINCT mentee.id AS id
