// Nodes per talentgraph label, read from Neo4j's count store (no scan); labels with none left out.
UNWIND [
  ['Org', COUNT { (:Org) }],
  ['Teacher', COUNT { (:Teacher) }],
  ['Tier', COUNT { (:Tier) }],
  ['Level', COUNT { (:Level) }],
  ['Title', COUNT { (:Title) }],
  ['Programme', COUNT { (:Programme) }],
  ['Studio', COUNT { (:Studio) }],
  ['Training', COUNT { (:Training) }],
  ['Review', COUNT { (:Review) }],
  ['Round', COUNT { (:Round) }],
  ['Nomination', COUNT { (:Nomination) }],
  ['Decision', COUNT { (:Decision) }],
  ['RoundEvent', COUNT { (:RoundEvent) }],
  ['Meta', COUNT { (:Meta) }]
] AS counted
WITH counted[0] AS name, counted[1] AS count
WHERE count > 0
RETURN name, count
