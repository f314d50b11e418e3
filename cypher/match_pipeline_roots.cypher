// The orgs whose subtrees the pipeline counts: $root_id's own (an index seek), or every root (an
// org with no parent) when $root_id is null. An org not in the graph gives an empty list.
CALL () {
  MATCH (root:Org {id: $root_id})
  RETURN root.id AS id
  UNION
  MATCH (root:Org)
  WHERE $root_id IS NULL AND NOT EXISTS { (root)-[:PART_OF]->(:Org) }
  RETURN root.id AS id
}
RETURN collect(id) AS org_ids
