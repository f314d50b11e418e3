"""The pipeline funnel: holders per tier x level, candidates per policy step, quota use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.base import int_col
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.engine import in_post, sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.policy.schema import Policy

# TX-RATIO: backbone holders as a share of all teachers, per level.
BACKBONE_RATIO = {Level.COUNTY: 0.15, Level.CITY: 0.09, Level.PROVINCE: 0.06}


@dataclass(frozen=True)
class Step:
    """One policy target: how many hold it, and the verdicts of those who do not."""

    target: Target
    holders: int
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
class Pipeline:
    as_of: dt.date
    teachers: int  # teachers in post in scope on the as-of date (today's status)
    holders: dict[tuple[Track, Tier, Level], int]
    steps: list[Step]
    quotas: list[QuotaUse]


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


def pipeline(facts: Facts, scope: npt.NDArray[np.bool_], policy: Policy, as_of: dt.date,
             top: Level = Level.PROVINCE) -> Pipeline:
    """The funnel for teachers in ``scope``; quotas for levels up to ``top`` (the scope's own level)."""
    holders = holder_counts(facts, scope, as_of)
    steps = []
    for target in policy.covers():
        counts = sweep(facts, policy, target, as_of, scope).counts()
        steps.append(Step(
            target=target,
            holders=holders.get((target.track, target.tier, target.level), 0),
            eligible=counts[VerdictKind.ELIGIBLE],
            review=counts[VerdictKind.REVIEW],
            ineligible=counts[VerdictKind.INELIGIBLE],
        ))
    teachers = int((scope & in_post(facts, day_number(as_of))).sum())
    return Pipeline(as_of, teachers, holders, steps, _quotas(holders, teachers, top))


def _quotas(holders: dict[tuple[Track, Tier, Level], int], teachers: int, top: Level) -> list[QuotaUse]:
    return [
        QuotaUse(level, holders.get((Track.TEACHER, Tier.BACKBONE, level), 0), ratio,
                 int(round(teachers * ratio)))
        for level, ratio in BACKBONE_RATIO.items()
        if level <= top
    ]
