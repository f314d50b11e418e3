"""A transparent score per candidate, as the policy's ``[ranking]`` says.

score = the sum over components of weight x value, each component citing its rule. Every part
is shown (``Part``: rule, measure, value, weight, points) and the parts add up to the score: the
points are rounded to six places first and the score is their sum, so nothing is hidden in the
rounding. The order: verdict (eligible, review, ineligible), then score, highest first, then the
tie key (teacher id, or a researcher's pseudonym): every rank is distinct and reproducible.

Where a measure is also a check (rural service, studio membership), the check's own evaluator
measures it, so a score and an explanation never disagree about the same fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import ReviewKind, ReviewResult, Role
from talentgraph.domain.message import N_
from talentgraph.domain.target import Target
from talentgraph.eligibility.base import bool_col, evaluator_for, int_col
from talentgraph.eligibility.context import Context
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.facts import Facts, Keyed, code_of
from talentgraph.policy.decisions import (
    ExcellentReviews,
    HoursAboveMinimum,
    RankComponent,
    Ranking,
    ResearcherBonus,
    ReviewGrades,
    RuralPriority,
    StudioMembership,
)
from talentgraph.policy.schema import RuralService, StudioMember

PLACES = 6
TIE_RULE = N_("verdict (eligible, review, ineligible), then score (highest first), then teacher id "
              "(a researcher's list: pseudonym)")


@dataclass(frozen=True)
class Part:
    """One component of one candidate's score."""

    rule: str
    measure: str
    value: float
    weight: float
    points: float

    def record(self) -> dict[str, object]:
        return {"rule": self.rule, "measure": self.measure, "value": self.value, "weight": self.weight,
                "points": self.points}


@dataclass(frozen=True)
class Scores:
    """Component values for a list of teacher rows (one row of ``values`` per teacher)."""

    components: tuple[RankComponent, ...]
    values: npt.NDArray[np.float64]  # (teachers, components)

    @property
    def points(self) -> npt.NDArray[np.float64]:
        weights = np.array([c.weight for c in self.components], dtype=np.float64)
        return np.round(self.values * weights, PLACES)

    @property
    def totals(self) -> npt.NDArray[np.float64]:
        totals: npt.NDArray[np.float64] = np.round(self.points.sum(axis=1), PLACES)
        return totals

    def breakdown(self, k: int) -> list[Part]:
        pts = self.points[k]
        return [Part(c.rule, c.measure, float(self.values[k, j]), c.weight, float(pts[j]))
                for j, c in enumerate(self.components)]

    def score(self, k: int) -> float:
        return float(self.totals[k])


def scores(facts: Facts, rows: npt.NDArray[np.intp], ranking: Ranking, target: Target,
           as_of: dt.date) -> Scores:
    """Each component's value for the teachers at ``rows``."""
    ctx = Context(target, as_of, orgs=facts.orgs)
    columns = [_values(facts, c, ctx)[rows] for c in ranking.components]
    values = np.stack(columns, axis=1) if columns else np.zeros((rows.shape[0], 0))
    return Scores(tuple(ranking.components), values.astype(np.float64))


def rank_order(verdicts: npt.NDArray[np.int8], totals: npt.NDArray[np.float64],
               tie_keys: npt.NDArray[np.generic]) -> npt.NDArray[np.intp]:
    """Positions in rank order (see TIE_RULE)."""
    return np.lexsort((tie_keys, -totals, verdicts))


def _values(facts: Facts, c: RankComponent, ctx: Context) -> npt.NDArray[np.float64]:
    """The component's value for every teacher of ``facts``."""
    if isinstance(c, ReviewGrades | ExcellentReviews):
        r = facts.reviews
        year = int_col(r, "year")
        annual = ((int_col(r, "kind") == code_of(ReviewKind.ANNUAL))
                  & (year >= ctx.as_of.year - c.years) & (year <= ctx.as_of.year - 1))
        result = int_col(r, "result")
        if isinstance(c, ExcellentReviews):
            return _per_teacher(facts, r, annual & (result == code_of(ReviewResult.EXCELLENT)))
        points = np.full(result.shape[0], np.nan)
        for grade, p in c.points.items():
            points[result == code_of(ReviewResult(grade))] = p
        graded = annual & ~np.isnan(points)
        total = _per_teacher(facts, r, graded, np.where(graded, points, 0.0))
        count = _per_teacher(facts, r, graded)
        mean: npt.NDArray[np.float64] = np.divide(total, count, out=np.zeros(facts.n), where=count > 0)
        return mean
    if isinstance(c, ResearcherBonus):
        researcher: npt.NDArray[np.float64] = ((facts.roles & (1 << code_of(Role.RESEARCHER))) != 0).astype(
            np.float64)
        return researcher
    if isinstance(c, RuralPriority):
        spec = RuralService(rule=c.rule, effect="advice")
        return evaluator_for(spec).evaluate(spec, facts, ctx).passed.astype(np.float64)
    if isinstance(c, StudioMembership):
        member = StudioMember(rule=c.rule, effect="advice")
        return evaluator_for(member).evaluate(member, facts, ctx).passed.astype(np.float64)
    assert isinstance(c, HoursAboveMinimum)
    t = facts.training
    last = ctx.as_of.year - 1
    date = int_col(t, "date")
    credited = ((date >= day_number(dt.date(last, 1, 1))) & (date <= day_number(dt.date(last, 12, 31)))
                & bool_col(t, "passed"))
    hours = _per_teacher(facts, t, credited, t["hours"].astype(np.float64))
    return np.minimum(np.maximum(hours - c.minimum, 0.0), c.cap)


def _per_teacher(facts: Facts, table: Keyed, rows: npt.NDArray[np.bool_],
                 weights: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.float64]:
    """Per teacher, the count (or weighted sum) of the selected rows of ``table``."""
    w = rows.astype(np.float64) if weights is None else np.where(rows, weights, 0.0)
    return np.bincount(table.teacher, weights=w, minlength=facts.n).astype(np.float64)
