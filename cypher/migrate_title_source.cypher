// Schema version 3: every title of an earlier version came with the roster (titles.source
// import). Runs after the layout steps, so the holdings are of Title nodes. One batch per call;
// the caller repeats until none is left.
MATCH (:Teacher)-[r:HOLDS]->(:Title)
WHERE r.source IS NULL
WITH r LIMIT $batch_size
SET r.source = $source
RETURN count(r) AS changed
