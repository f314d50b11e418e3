// A pipeline step's "beyond": teachers in post (as in count_pipeline_teachers) who do not hold
// the step itself ($tier at $level on $track) but hold it at a higher level or a higher tier
// (its tier or higher at its level or higher, on $track), or a higher tier at any level on
// $ladder (tiers in $admitted excepted): past the step, not candidates (eligibility/pool.py
// holds_target, beyond_target, holds_exactly). "Higher" is a walk of the Tier and Level ladders.
// Titles valid on the date only; a holding with no track is on $teacher_track.
WITH date($as_of) AS day,
     [(:Tier {id: $tier})-[:NEXT*0..]->(x:Tier) | x.id] AS tiers_up,
     [(:Level {id: $level})-[:NEXT*0..]->(x:Level) | x.id] AS levels_up,
     [(:Tier {id: $tier})-[:NEXT*1..]->(x:Tier) WHERE NOT x.id IN $admitted | x.id] AS higher
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WHERE (t.entry_date IS NULL OR t.entry_date <= day)
  AND CASE WHEN t.left_on IS NOT NULL THEN day < t.left_on ELSE coalesce(t.status, $active) = $active END
WITH t, tiers_up, levels_up, higher,
     [(t)-[r:HOLDS]->(title:Title)
      WHERE (r.awarded_on IS NULL OR r.awarded_on <= day) AND (r.valid_until IS NULL OR r.valid_until >= day)
      | [coalesce(r.track, $teacher_track), title.tier, title.level]] AS held
WHERE NOT any(x IN held WHERE x[0] = $track AND x[1] = $tier AND x[2] = $level)
  AND any(x IN held WHERE (x[0] = $track AND x[1] IN tiers_up AND x[2] IN levels_up)
                       OR (x[0] IN $ladder AND x[1] IN higher))
RETURN count(t) AS beyond
