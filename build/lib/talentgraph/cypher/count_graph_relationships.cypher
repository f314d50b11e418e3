MATCH (:Org|Teacher|Tier|Programme|Studio)-[r]->()
RETURN type(r) AS name, count(*) AS count
