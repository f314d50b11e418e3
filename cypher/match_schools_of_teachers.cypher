// The current school of each of some teachers.
MATCH (t:Teacher)-[:WORKS_AT]->(school:Org)
WHERE t.id IN $ids
RETURN t.id AS id, school.id AS school_id
