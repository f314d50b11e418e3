// The orgs whose subtrees the pipeline counts: $org_id's own, or every root (an org with no
// parent) when $org_id is null. An org not in the graph gives an empty list.
OPTIONAL MATCH (root:Org)
WHERE CASE WHEN $org_id IS NULL THEN NOT EXISTS { (root)-[:PART_OF]->(:Org) } ELSE root.id = $org_id END
RETURN collect(root.id) AS org_ids
