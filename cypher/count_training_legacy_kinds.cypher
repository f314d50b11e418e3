// Training rows that still give a content value (public_need, professional, ethics) as kind.
MATCH (n:Training)
WHERE n.kind IN $legacy
RETURN count(n) AS count
