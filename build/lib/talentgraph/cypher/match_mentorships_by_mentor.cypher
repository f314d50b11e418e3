// The mentorships in which one teacher is the mentor, columns as in the bundle.
MATCH (mentor:Teacher {id: $teacher_id})-[r:MENTORS]->(t:Teacher)
RETURN collect([r.ordinal, mentor.id, t.id, r.kind, toString(r.start_date), toString(r.end_date)] + [k IN $extras | r[k]]) AS rows
