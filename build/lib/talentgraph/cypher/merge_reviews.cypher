// One Review node per row, hanging off its teacher. The node and its relationship are always
// written together, so the whole path is MERGEd on the row's key in one step (half the work of
// merging the node and then the relationship; a second load finds the path and changes nothing).
UNWIND $rows AS row
MATCH (t:Teacher {id: row.teacher_id})
MERGE (t)-[:REVIEWED]->(n:Review {key: row.key})
SET n += row.props
