// Relationships per talentgraph type, from the label graph_schema gives its start, read from
// Neo4j's count store (no scan); types with none left out.
UNWIND [
  ['PART_OF', COUNT { (:Org)-[:PART_OF]->() }],
  ['WORKS_AT', COUNT { (:Teacher)-[:WORKS_AT]->() }],
  ['NEXT', COUNT { ()-[:NEXT]->() }],
  ['HOLDS', COUNT { (:Teacher)-[:HOLDS]->() }],
  ['OF_TIER', COUNT { (:Title)-[:OF_TIER]->() }],
  ['AWARDED_BY', COUNT { (:Title)-[:AWARDED_BY]->() }],
  ['AT_LEVEL', COUNT { ()-[:AT_LEVEL]->() }],
  ['ENROLLED_IN', COUNT { (:Teacher)-[:ENROLLED_IN]->() }],
  ['FOR_TIER', COUNT { (:Programme)-[:FOR_TIER]->() }],
  ['RUN_BY', COUNT { ()-[:RUN_BY]->(:Org) }],
  ['MENTORS', COUNT { (:Teacher)-[:MENTORS]->() }],
  ['LEADS', COUNT { (:Teacher)-[:LEADS]->() }],
  ['MEMBER_OF', COUNT { (:Teacher)-[:MEMBER_OF]->() }],
  ['HOSTED_BY', COUNT { (:Studio)-[:HOSTED_BY]->() }],
  ['SUPPORTS', COUNT { (:Studio)-[:SUPPORTS]->() }],
  ['POSTED_AT', COUNT { (:Teacher)-[:POSTED_AT]->() }],
  ['TRAINED', COUNT { (:Teacher)-[:TRAINED]->() }],
  ['REVIEWED', COUNT { (:Teacher)-[:REVIEWED]->() }],
  ['IN_ROUND', COUNT { ()-[:IN_ROUND]->(:Round) }],
  ['NOMINATES', COUNT { (:Nomination)-[:NOMINATES]->() }],
  ['DECIDES', COUNT { (:Decision)-[:DECIDES]->() }],
  ['ABOUT', COUNT { (:RoundEvent)-[:ABOUT]->() }]
] AS counted
WITH counted[0] AS name, counted[1] AS count
WHERE count > 0
RETURN name, count
