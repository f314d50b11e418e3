// The rounds asked for with their nominations, decisions and audit events: one record per round,
// each table's rows as the *_in_orgs reads give them.
UNWIND $round_ids AS round_id
MATCH (r:Round {id: round_id})
CALL (r) {
  MATCH (r)<-[:IN_ROUND]-(n:Nomination)
  RETURN collect([n.ordinal, n.id, n.round_id, n.teacher_id, n.nominated_by, n.verdict]) AS nominations
}
CALL (r) {
  MATCH (r)<-[:IN_ROUND]-(:Nomination)<-[:DECIDES]-(d:Decision)
  RETURN collect([d.ordinal, d.round_id, d.seq, d.nomination_id, d.outcome, d.waived, d.reason, d.approver, d.decided_at, d.verdict]) AS decisions
}
CALL (r) {
  MATCH (r)<-[:IN_ROUND]-(e:RoundEvent)
  RETURN collect([e.ordinal, e.round_id, e.seq, e.at, e.actor, e.action, e.teacher_id, e.detail]) AS round_events
}
RETURN [[r.ordinal, r.id, r.tier, r.level, r.track, r.org_id, r.quota, toString(r.opens_on), toString(r.closes_on), toString(r.as_of), r.policy, r.policy_hash, toString(r.certified_on)]] AS rounds, nominations, decisions, round_events
