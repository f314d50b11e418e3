"""The pipeline funnel counted in the database: only counts cross the wire.

``pipeline`` answers every figure of ``eligibility/pipeline.py``'s ``Pipeline`` for an org
subtree with aggregate Cypher, in one read transaction (one snapshot):

- teachers in post and holders per (track, tier, level): ``count_pipeline_teachers``,
  ``count_pipeline_holders`` (cypher/);
- per policy target: the candidates' verdicts from the target's own sweep statement with an
  aggregating tail (``sweep_statement.verdict_count_statement``: the same pool, check forms and
  verdict as a sweep), and those past the step, ``count_pipeline_beyond``;
- TX-RATIO shares: ``count_pipeline_share``, the quota rounded in Python as ``quota.share_counts``
  rounds it;
- obligations: each duty's checks in the sweep's Cypher forms over the teachers who owe it
  (``sweep_statement.duty_count_statement``).

The definitions are those of ``pipeline.BASIS``; the contract and differential suites compare
every figure with the embedded store's ``pipeline``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import neo4j

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.enums import Level, Status, Tier, Track
from talentgraph.domain.message import N_, message
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility import engine
from talentgraph.eligibility.pipeline import RATIO_RULE, DutyCount, Pipeline, QuotaUse, Step
from talentgraph.eligibility.pool import TEACHING_LADDER
from talentgraph.eligibility.quota import quota_of
from talentgraph.errors import NotFound
from talentgraph.policy.schema import Policy
from talentgraph.store.neo4j_store.sweep_statement import (
    Statement,
    duty_count_statement,
    verdict_count_statement,
)
from talentgraph.store.neo4j_store.transactions import Connection

ACTIVE, TEACHER_TRACK = Status.ACTIVE.value, Track.TEACHER.value


def pipeline(connection: Connection, policy: Policy, as_of: dt.date, org_id: str | None) -> Pipeline:
    """The funnel for the teachers of the subtree of ``org_id`` (every root's when None)."""
    return connection.read(_counted, policy, as_of, org_id)


def _counted(tx: neo4j.ManagedTransaction, policy: Policy, as_of: dt.date, org_id: str | None) -> Pipeline:
    (found,) = statements.run(tx, "match_pipeline_roots", root_id=org_id)
    org_ids: list[str] = found["org_ids"]
    if org_id is not None and not org_ids:
        raise NotFound(message(N_("no org {id!r}"), id=org_id))
    where = {"org_ids": org_ids, "as_of": as_of.isoformat(), "active": ACTIVE}
    (teachers,) = statements.run(tx, "count_pipeline_teachers", **where)
    holders = {(Track(r["track"]), Tier(r["tier"]), Level(r["level"])): int(r["holders"])
               for r in statements.run(tx, "count_pipeline_holders", **where, teacher_track=TEACHER_TRACK)}
    steps = []
    for target in policy.covers():
        rules = engine.rules_for(policy, target)
        tally = verdict_count_statement(rules, target, as_of, org_id, policy=policy.name,
                                        hours_per_day=policy.hours_per_day)
        verdicts = {VerdictKind(r["verdict"]): int(r["candidates"]) for r in _run(tx, tally)}
        ladder = TEACHING_LADDER if target.track in TEACHING_LADDER else (target.track,)
        (beyond,) = statements.run(
            tx, "count_pipeline_beyond", **where, teacher_track=TEACHER_TRACK, tier=target.tier.value,
            level=target.level.value, track=target.track.value, ladder=[t.value for t in ladder],
            admitted=[t.value for t in rules.admit_tiers])
        steps.append(Step(target=target, holders=holders.get((target.track, target.tier, target.level), 0),
                          beyond=int(beyond["beyond"]), eligible=verdicts.get(VerdictKind.ELIGIBLE, 0),
                          review=verdicts.get(VerdictKind.REVIEW, 0),
                          ineligible=verdicts.get(VerdictKind.INELIGIBLE, 0)))
    quotas = []
    for q in policy.quotas:
        if q.rule == RATIO_RULE:
            (share,) = statements.run(
                tx, "count_pipeline_share", **where, teacher_track=TEACHER_TRACK, tier=q.tier.value,
                level=q.level.value, tracks=[t.value for t in q.tracks],
                stages=None if q.stages is None else [s.value for s in q.stages],
                programmes=q.counts == "holders_or_in_programme")
            quotas.append(QuotaUse(q.level, int(share["holders"]), q.share, quota_of(q, int(share["base"]))))
    owed = []
    for duty in policy.obligations:
        (count,) = _run(tx, duty_count_statement(duty, as_of, org_id, hours_per_day=policy.hours_per_day,
                                                 policy=policy.name))
        owed.append(DutyCount(duty.rule, duty.duty, owed=int(count["owed"]), met=int(count["met"]),
                              unknown=int(count["unknown"]), unmet=int(count["unmet"])))
    return Pipeline(as_of, int(teachers["teachers"]), holders, steps, quotas, owed)


def _run(tx: neo4j.ManagedTransaction, statement: Statement) -> list[Any]:
    return list(tx.run(statement.text, statement.parameters))
