"""XD-COVERAGE by school, as the web overview charts it: teachers in post on the as-of date (as
``pipeline`` counts them) and titles valid on it, on the teaching tracks (teacher and
head-teacher). Quotas (JM-QUOTA-CITY-BACKBONE, TX-RATIO) are policy data: eligibility/quota.py;
coverage as a policy's [[coverage]] says: eligibility/coverage_measures.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentgraph.domain.enums import Level, OrgKind, Tier, Track
from talentgraph.eligibility.base import Mask, any_row, int_col
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import in_post

TEACHING = (code_of(Track.TEACHER), code_of(Track.HEAD_TEACHER))


@dataclass(frozen=True)
class SchoolCoverage:
    """XD-COVERAGE for one school: 校校有名师 (a famous teacher), 班班有骨干 (a backbone per class).

    The roster has no classes; each class has one head-teacher 班主任, so
    ``head_teachers`` stands in for the number of classes (a proxy).
    """

    school_id: str
    teachers: int
    head_teachers: int
    famous: int  # famous-or-higher holders at min_level or above
    backbone: int  # backbone-or-higher holders, any level

    @property
    def has_famous(self) -> bool:
        return self.famous > 0

    @property
    def backbone_per_class(self) -> float:
        """Backbone holders per head-teacher (class proxy); 1.0 or more reads as every class covered."""
        return self.backbone / self.head_teachers if self.head_teachers else float("nan")


def holders_of(facts: Facts, tiers: list[Tier], levels: list[Level], day: int) -> Mask:
    """Teachers holding a title of one of ``tiers`` at one of ``levels`` on a teaching track on ``day``."""
    t = facts.titles
    rows = (np.isin(int_col(t, "tier"), [code_of(x) for x in tiers])
            & np.isin(int_col(t, "level"), [code_of(x) for x in levels])
            & np.isin(int_col(t, "track"), TEACHING)
            & (int_col(t, "awarded") <= day) & (int_col(t, "until") >= day))
    return any_row(t, rows, facts.n)


def school_coverage(facts: Facts, as_of: dt.date, org_row: int | None = None,
                    famous_level: Level = Level.COUNTY) -> list[SchoolCoverage]:
    """XD-COVERAGE for every school in the subtree of ``org_row`` (all if None), by school id.

    ``famous_level`` is the lowest level of famous title that counts (XD counts
    district-or-higher famous teachers; a school-level title is not 名师 there).
    """
    day, orgs = day_number(as_of), facts.orgs
    inside = np.ones(orgs.ids.shape[0], bool) if org_row is None else orgs.subtree(org_row)
    schools = np.flatnonzero(inside & (orgs.kind == code_of(OrgKind.SCHOOL)))
    people = in_post(facts, day)
    columns = {
        "teachers": people,
        "head_teachers": people & (facts.head_teacher == 1),
        "famous": people & holders_of(facts, _from(Tier.FAMOUS), _from(famous_level), day),
        "backbone": people & holders_of(facts, _from(Tier.BACKBONE), list(Level), day),
    }
    counts = {k: np.bincount(facts.school[m], minlength=orgs.ids.shape[0]) for k, m in columns.items()}
    out = [SchoolCoverage(str(orgs.ids[s]), **{k: int(c[s]) for k, c in counts.items()}) for s in schools]
    return sorted(out, key=lambda c: c.school_id)


def _from(lowest: Tier | Level) -> list[Any]:
    """``lowest`` and every rung above it (a famous teacher is also of backbone standing)."""
    return [x for x in type(lowest) if x >= lowest]
