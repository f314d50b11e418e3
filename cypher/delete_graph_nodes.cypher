// Only the labels talentgraph writes: a shared database keeps everything else.
MATCH (n:Org|Teacher|Tier|Level|Title|Programme|Studio|Training|Review|Round|Nomination|Decision|RoundEvent|Meta)
WITH n LIMIT $batch_size
DETACH DELETE n
RETURN count(*) AS deleted
