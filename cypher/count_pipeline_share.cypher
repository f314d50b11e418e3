// A TX-RATIO share of the pipeline (eligibility/quota.py share_counts): the base, teachers in
// post (as in count_pipeline_teachers) teaching one of $stages (any stage when null), and of
// them those holding a $tier title at $level on one of $tracks valid on the date, or (with
// $programmes) enrolled by then in a $tier programme at $level not completed by then.
// A holding with no track is on $teacher_track.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WITH date($as_of) AS day, t
WHERE (t.entry_date IS NULL OR t.entry_date <= day)
  AND CASE WHEN t.left_on IS NOT NULL THEN day < t.left_on ELSE coalesce(t.status, $active) = $active END
  AND ($stages IS NULL OR t.stage IN $stages)
WITH t, EXISTS {
       MATCH (t)-[r:HOLDS]->(title:Title)
       WHERE title.tier = $tier AND title.level = $level AND coalesce(r.track, $teacher_track) IN $tracks
         AND (r.awarded_on IS NULL OR r.awarded_on <= day) AND (r.valid_until IS NULL OR r.valid_until >= day)
     } OR ($programmes AND EXISTS {
       MATCH (t)-[e:ENROLLED_IN]->(p:Programme)
       WHERE p.tier = $tier AND p.level = $level AND (e.enrolled_on IS NULL OR e.enrolled_on <= day)
         AND (e.completed_on IS NULL OR e.completed_on > day)
     }) AS using
RETURN count(t) AS base, count(CASE WHEN using THEN 1 END) AS holders
