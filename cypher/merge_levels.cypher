UNWIND $rows AS row
MERGE (l:Level {id: row.id})
SET l.rank = row.rank
