// The id of every nomination round (a region has a handful): what "every round" reads first.
MATCH (r:Round)
RETURN r.id AS id
