// Schema version 2: every enrolment of version 1 was a cultivation 培养 (programmes.type). One
// batch per call; the caller repeats until none is left.
MATCH (:Teacher)-[r:ENROLLED_IN]->(:Programme)
WHERE r.type IS NULL
WITH r LIMIT $batch_size
SET r.type = $type
RETURN count(r) AS changed
