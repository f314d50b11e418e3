// One RoundEvent node per audited step, in its round, and about its teacher when it names one.
UNWIND $rows AS row
MATCH (r:Round {id: row.round_id})
MERGE (e:RoundEvent {key: row.key})
SET e += row.props
MERGE (e)-[:IN_ROUND]->(r)
WITH e, row
MATCH (t:Teacher {id: row.teacher_id})
MERGE (e)-[:ABOUT]->(t)
