// Schema version 3: every title of an earlier version came with the roster (titles.source
// import). One batch per call; the caller repeats until none is left.
MATCH (:Teacher)-[r:HOLDS]->(:Tier)
WHERE r.source IS NULL
WITH r LIMIT $batch_size
SET r.source = $source
RETURN count(r) AS changed
