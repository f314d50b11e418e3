MATCH (n:Org|Teacher|Tier|Programme|Studio|Training|Review|Meta)
RETURN head(labels(n)) AS name, count(*) AS count
