// The rows of one owner that are not in the owner's new set (by key); merge_studio_links then writes the set.
MATCH (:Studio {id: $owner_id})-[r:SUPPORTS]->(:Org)
WHERE NOT r.key IN $keys
DELETE r
