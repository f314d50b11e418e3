MATCH (m:Meta {id: 'bundle'})
RETURN m.present AS present, m.extras AS extras
