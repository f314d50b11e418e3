// The pipeline's teachers: teachers in post on the date, placed by their current school in the
// subtrees of $org_ids (eligibility/population.py in_post: started by then, or no entry date;
// not yet left, or, with no leaving date, of status $active). Only the count crosses the wire.
UNWIND $org_ids AS org_id
MATCH (:Org {id: org_id})<-[:PART_OF*0..3]-(:Org)<-[:WORKS_AT]-(t:Teacher)
WITH date($as_of) AS day, t
WHERE (t.entry_date IS NULL OR t.entry_date <= day)
  AND CASE WHEN t.left_on IS NOT NULL THEN day < t.left_on ELSE coalesce(t.status, $active) = $active END
RETURN count(t) AS teachers
