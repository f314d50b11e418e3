// Schema version 2: the contents version 1 kept in kind (public_need, professional, ethics) move
// to content, and the delivery becomes unknown. One batch per call; the caller repeats until none
// is left (a row whose content says something else is left alone, and counted by the caller).
MATCH (n:Training)
WHERE n.kind IN $legacy AND coalesce(n.content, n.kind) = n.kind
WITH n LIMIT $batch_size
SET n.content = n.kind, n.kind = null
RETURN count(n) AS changed
