UNWIND $rows AS row
MATCH (mentor:Teacher {id: row.mentor_id})
MATCH (mentee:Teacher {id: row.mentee_id})
MERGE (mentor)-[r:MENTORS {key: row.key}]->(mentee)
SET r += row.props
