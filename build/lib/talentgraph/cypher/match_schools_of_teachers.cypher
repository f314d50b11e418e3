// The current school of each of some teachers (from each bound teacher).
UNWIND $ids AS teacher_id
MATCH (t:Teacher {id: teacher_id})-[:WORKS_AT]->(school:Org)
RETURN t.id AS id, school.id AS school_id
