// One Nomination node per row: in its round, nominating its teacher. Nominations never change,
// so the node is MERGEd on its id and keeps its key (the round's writes delete by key).
UNWIND $rows AS row
MATCH (r:Round {id: row.round_id})
MATCH (t:Teacher {id: row.teacher_id})
MERGE (n:Nomination {id: row.id})
SET n += row.props, n.key = row.key
MERGE (n)-[:IN_ROUND]->(r)
MERGE (n)-[:NOMINATES]->(t)
