// Does one teacher mentor another, directly or through mentees of mentees? One row if so.
MATCH p = shortestPath((:Teacher {id: $from_id})-[:MENTORS*1..]->(:Teacher {id: $to_id}))
RETURN length(p) AS steps
LIMIT 1
