// The pipeline's holders: per (track, tier, level), the teachers in post (as in
// count_pipeline_teachers) holding such a title valid on the date (awarded on or before it, or
// no award date; valid until it or later, or no end), each teacher once per title kind
// (eligibility/pipeline.py holder_counts). A holding with no track is on $teacher_track.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WITH date($as_of) AS day, t
WHERE (t.entry_date IS NULL OR t.entry_date <= day)
  AND CASE WHEN t.left_on IS NOT NULL THEN day < t.left_on ELSE coalesce(t.status, $active) = $active END
MATCH (t)-[r:HOLDS]->(title:Title)
WHERE (r.awarded_on IS NULL OR r.awarded_on <= day) AND (r.valid_until IS NULL OR r.valid_until >= day)
WITH DISTINCT t, coalesce(r.track, $teacher_track) AS track, title.tier AS tier, title.level AS level
RETURN track, tier, level, count(t) AS holders
