MATCH (t:Teacher {id: $teacher_id})-[:WORKS_AT]->(school:Org)
RETURN school.id AS school_id
