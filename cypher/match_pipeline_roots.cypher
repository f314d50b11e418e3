// The orgs whose subtrees the pipeline counts: $root_id's own (an index seek), or every root (an
// org with no parent) when $root_id is null. An org not in the graph gives an empty list.
CALL () {
  MATCH (root:Org {id: $root_id})
  RETURN root.id AS id
  UNION
  MATCH (root:Org)
  WHERE $root_id IS NULL AND COUNT { (root)-[:PART_OF]->(:Org) } = 0
  RETURN root.id AS id
}
RETURN collect(id) AS org_ids
