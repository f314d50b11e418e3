// Everything eligibility needs about one teacher, in one round trip (facts_of): the teacher and
// the leads of the teacher's studios; the teacher's titles, programmes, training, mentors,
// studios, memberships, reviews and postings; the orgs those rows name, with every org above
// them; and the bundle's Meta. Rows as the bundle's columns, ordinal first, like the
// match_*_in_orgs reads (a lead who is also a member lists the studio twice: the caller keeps
// one). No record: no such teacher.
MATCH (t:Teacher {id: $teacher_id})
OPTIONAL MATCH (meta:Meta {id: 'bundle'})
WITH t, meta,
  [t] + [(t)-[:MEMBER_OF]->(:Studio)<-[:LEADS]-(lead:Teacher) WHERE lead.id <> t.id | lead] AS people,
  [(t)-[r:HOLDS]->(title:Title) | [r.ordinal, t.id, title.tier, title.level, title.org_id, toString(r.awarded_on), toString(r.valid_until), r.track, r.source, r.nomination_id, r.policy, r.policy_hash, r.verdict]] AS titles,
  [(t)-[r:ENROLLED_IN]->(p:Programme) | [r.ordinal, t.id, p.tier, p.level, p.org_id, toString(r.enrolled_on), toString(r.completed_on), r.result, r.type]] AS programmes,
  [(t)-[:TRAINED]->(n:Training) | [n.ordinal, n.teacher_id, toString(n.date), n.hours, n.kind, n.content, n.programme, n.level, n.probation, n.passed]] AS training,
  [(t)<-[r:MENTORS]-(mentor:Teacher) | [r.ordinal, mentor.id, t.id, r.kind, toString(r.start_date), toString(r.end_date)]] AS mentorships,
  [(t)-[:MEMBER_OF|LEADS]->(s:Studio) | [s.ordinal, s.id, s.name, s.level, s.lead_id, s.host_org_id, s.subject, s.rural, toString(s.founded_on)]] AS studios,
  [(t)-[r:MEMBER_OF]->(studio:Studio) | [r.ordinal, studio.id, t.id, toString(r.joined_on), toString(r.left_on)]] AS studio_members,
  [(t)-[:REVIEWED]->(n:Review) | [n.ordinal, n.teacher_id, n.year, n.kind, n.result]] AS reviews,
  [(t)-[r:POSTED_AT]->(posted:Org) | [r.ordinal, t.id, posted.id, toString(r.start_date), toString(r.end_date), r.kind]] AS postings
WITH *, [p IN people | p.school_id] + [x IN titles | x[4]] + [x IN programmes | x[4]]
        + [x IN postings | x[2]] + [x IN studios | x[5]] AS named
UNWIND [id IN named WHERE id IS NOT NULL] AS org_id
MATCH (:Org {id: org_id})-[:PART_OF*0..3]->(o:Org)
WITH meta, people, titles, programmes, training, mentorships, studios, studio_members, reviews, postings,
  collect(DISTINCT [o.ordinal, o.id, o.kind, o.name, o.parent_id, o.rural]) AS orgs
RETURN meta.present AS present, meta.extras AS extras, orgs,
  [p IN people | [p.ordinal, p.id, p.name, p.school_id, toString(p.entry_date), p.stage, p.subject, p.head_teacher, p.roles, toString(p.principal_since), p.status, toString(p.left_on)]] AS teachers,
  titles, programmes, training, mentorships, studios, studio_members, reviews, postings
