"""The pipeline funnel: holders per tier x level, candidates per policy step, quota use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.message import N_
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.base import int_col
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.engine import rules_for, sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.obligations import duties
from talentgraph.eligibility.pool import POOL_BASIS, beyond_target, holds_exactly, holds_target
from talentgraph.eligibility.population import in_post
from talentgraph.eligibility.quota import share_counts
from talentgraph.policy.schema import Policy

# The pipeline's quota table is TX-RATIO's, as the policy's [[quota]] entries give it (policies
# without TX-RATIO have none); every quota and target is `talentgraph quota` (eligibility/quota.py).
RATIO_RULE = "TX-RATIO"


@dataclass(frozen=True)
class Step:
    """One policy target: how many hold it, how many are past it (a higher tier), and the
    verdicts of its candidates (the pool: ``pool.POOL_BASIS``)."""

    target: Target
    holders: int
    beyond: int  # in post, not holding the target, but holding a higher tier: not candidates
    eligible: int
    review: int
    ineligible: int


@dataclass(frozen=True)
class QuotaUse:
    """TX-RATIO: backbone holders at a level against the level's share of teachers."""

    level: Level
    holders: int
    ratio: float
    quota: int

    @property
    def used(self) -> float:
        return self.holders / self.quota if self.quota else float("nan")


@dataclass(frozen=True)
class DutyCount:
    """An obligation of title or role holders (WZ-BACKBONE): how many owe it and have met it."""

    rule: str
    duty: str
    owed: int
    met: int
    unknown: int
    unmet: int


# How each figure of the pipeline counts, said beside it in every output.
BASIS = {
    "teachers": N_("teachers in post in scope on the date (status as recorded; entry date on or before it)"),
    "holders": N_("teachers in post holding the title (tier, level, track) valid on the date"),
    "candidates": POOL_BASIS,
    "beyond": N_("teachers in post, not holders of the step itself, who hold it at a higher level or a "
                 "higher tier: past the step, not candidates"),
    "quota": N_("TX-RATIO: teacher-track backbone holders at the level against the level's share of "
                "teachers"),
}


@dataclass(frozen=True)
class Pipeline:
    as_of: dt.date
    teachers: int  # teachers in post in scope on the as-of date (today's status)
    holders: dict[tuple[Track, Tier, Level], int]
    steps: list[Step]
    quotas: list[QuotaUse]
    obligations: list[DutyCount]


def holder_counts(facts: Facts, scope: npt.NDArray[np.bool_],
                  as_of: dt.date) -> dict[tuple[Track, Tier, Level], int]:
    """Active teachers in scope holding each (track, tier, level) title on ``as_of``."""
    t, day = facts.titles, day_number(as_of)
    people = scope & in_post(facts, day)
    rows = people[t.teacher] & (int_col(t, "awarded") <= day) & (int_col(t, "until") >= day)
    tier, level = int_col(t, "tier")[rows], int_col(t, "level")[rows]
    key = ((t["track"][rows].astype(np.int64) * 8 + tier) * 8 + level) * facts.n
    distinct = np.unique(key + t.teacher[rows])  # one count per teacher per title kind
    kinds, counts = np.unique(distinct // facts.n, return_counts=True)
    tracks, tiers, levels = list(Track), list(Tier), list(Level)
    return {(tracks[k // 64], tiers[(k // 8) % 8], levels[k % 8]): int(c)
            for k, c in zip(kinds, counts, strict=True)}


def pipeline(facts: Facts, scope: npt.NDArray[np.bool_], policy: Policy, as_of: dt.date) -> Pipeline:
    """The funnel for teachers in ``scope``, with the policy's TX-RATIO shares of them."""
    holders = holder_counts(facts, scope, as_of)
    day = day_number(as_of)
    people = scope & in_post(facts, day)
    steps = []
    for target in policy.covers():
        counts = sweep(facts, policy, target, as_of, scope).counts()
        admitted = rules_for(policy, target).admit_tiers
        past = holds_target(facts, target, day) | beyond_target(facts, target, day, admitted)
        past &= people & ~holds_exactly(facts, target, day)
        steps.append(Step(
            target=target,
            holders=holders.get((target.track, target.tier, target.level), 0),
            beyond=int(past.sum()),
            eligible=counts[VerdictKind.ELIGIBLE],
            review=counts[VerdictKind.REVIEW],
            ineligible=counts[VerdictKind.INELIGIBLE],
        ))
    teachers = int(people.sum())
    owed = [DutyCount(d.obligation.rule, d.obligation.duty, **d.counts())
            for d in duties(facts, policy, as_of, scope)]
    return Pipeline(as_of, teachers, holders, steps, _quotas(facts, scope, policy, as_of), owed)


def _quotas(facts: Facts, scope: npt.NDArray[np.bool_], policy: Policy, as_of: dt.date) -> list[QuotaUse]:
    out = []
    for q in policy.quotas:
        if q.rule == RATIO_RULE:
            _, holders, quota = share_counts(facts, scope, q, as_of)
            out.append(QuotaUse(q.level, holders, q.share, quota))
    return out
