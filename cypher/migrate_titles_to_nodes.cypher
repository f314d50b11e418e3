// Layout 2: a title held as (Teacher)-[:HOLDS {level, org_id, ...}]->(Tier) becomes a holding of
// the Title node of its tier, level and awarding org, with those three as edges. One batch per
// call; the caller repeats until none is left.
MATCH (t:Teacher)-[old:HOLDS]->(tier:Tier)
WITH t, old, tier, old.org_id AS org_id LIMIT $batch_size
MATCH (level:Level {id: old.level})
MERGE (title:Title {id: tier.id + '@' + old.level + ':' + coalesce(org_id, '-')})
SET title.tier = tier.id, title.level = old.level, title.org_id = org_id
MERGE (title)-[:OF_TIER]->(tier)
MERGE (title)-[:AT_LEVEL]->(level)
CREATE (t)-[new:HOLDS]->(title)
SET new = properties(old)
REMOVE new.level, new.org_id
DELETE old
WITH title, org_id
OPTIONAL MATCH (org:Org {id: org_id})
FOREACH (awarding IN CASE WHEN org IS NULL THEN [] ELSE [org] END | MERGE (title)-[:AWARDED_BY]->(awarding))
RETURN count(*) AS changed
