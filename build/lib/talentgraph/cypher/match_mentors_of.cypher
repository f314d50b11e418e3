// One generation up a lineage: the mentors of the teachers $ids, through mentorships that had
// started by $as_of (ended or not: a mentor stays the mentor). The caller walks generation by
// generation, so each teacher's generation is its shortest distance.
UNWIND $ids AS id
MATCH (:Teacher {id: id})<-[r:MENTORS]-(mentor:Teacher)
WHERE r.start_date <= $as_of
RETURN DISTINCT mentor.id AS id
