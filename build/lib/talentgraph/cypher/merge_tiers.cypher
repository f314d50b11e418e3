UNWIND $rows AS row
MERGE (t:Tier {id: row.id})
SET t.rank = row.rank
