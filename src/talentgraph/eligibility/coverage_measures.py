"""Coverage per school, as a policy's ``[[coverage]]`` entries say (XD-COVERAGE, WZ-SCHOOL-SHARE,
XD-MENTOR): for each school in the subtree and each measure, how many have it, out of how many,
how many are needed, and the gap.

Teachers in post on the date, placed by their current school (as every org scope is).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, OrgKind, Tier, Track, TrainingContent, TrainingDelivery
from talentgraph.eligibility.base import Mask, any_row, bool_col, int_col
from talentgraph.eligibility.check_hours import _largest_programme as largest_programme
from talentgraph.eligibility.days import MISSING, completed_years, day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import in_post
from talentgraph.policy.decisions import (
    BackbonePerClass,
    CoverageMeasure,
    FamousInSchool,
    HeadTeacherTraining,
    NewTeacherMentor,
    SchoolShare,
)
from talentgraph.policy.schema import Policy


@dataclass(frozen=True)
class CoverageRow:
    """One measure at one school: ``count`` of ``of`` have it, ``needed`` must, ``gap`` short."""

    rule: str
    measure: str
    school_id: str
    school_name: str
    count: int
    of: int
    needed: int
    basis: str

    @property
    def gap(self) -> int:
        return max(self.needed - self.count, 0)

    @property
    def met(self) -> bool:
        return self.gap == 0

    def record(self) -> dict[str, object]:
        return {"rule": self.rule, "measure": self.measure, "school_id": self.school_id,
                "school_name": self.school_name, "count": self.count, "of": self.of, "needed": self.needed,
                "gap": self.gap, "met": self.met, "basis": self.basis}


def coverage_rows(facts: Facts, root: int | None, policy: Policy, as_of: dt.date) -> list[CoverageRow]:
    """Every coverage measure of ``policy`` at every school in the subtree of org row ``root``
    (all if None): by school id, then in policy order."""
    orgs = facts.orgs
    inside = np.ones(orgs.ids.shape[0], bool) if root is None else orgs.subtree(root)
    schools = sorted(np.flatnonzero(inside & (orgs.kind == code_of(OrgKind.SCHOOL))).tolist(),
                     key=lambda s: str(orgs.ids[s]))
    day = day_number(as_of)
    people = in_post(facts, day)
    tallies = [_tally(facts, m, people, as_of) for m in policy.coverage]
    out = []
    for s in schools:
        for measure, (count, of, needed, basis) in zip(policy.coverage, tallies, strict=True):
            out.append(CoverageRow(measure.rule, measure.measure, str(orgs.ids[s]), str(orgs.names[s]),
                                   int(count[s]), int(of[s]), int(needed[s]), basis))
    return out


Counts = npt.NDArray[np.int64]


def _per_school(facts: Facts, mask: Mask) -> Counts:
    return np.bincount(facts.school[mask], minlength=facts.orgs.ids.shape[0]).astype(np.int64)


def _titled(facts: Facts, lowest: Tier, min_level: Level, tracks: list[Track], day: int) -> Mask:
    t = facts.titles
    rows = ((int_col(t, "tier") >= code_of(lowest)) & (int_col(t, "level") >= code_of(min_level))
            & np.isin(int_col(t, "track"), [code_of(x) for x in tracks])
            & (int_col(t, "awarded") <= day) & (int_col(t, "until") >= day))
    return any_row(t, rows, facts.n)


def _tally(facts: Facts, m: CoverageMeasure, people: Mask,
           as_of: dt.date) -> tuple[Counts, Counts, Counts, str]:
    """Per org row: (count, of, needed, basis) for one measure."""
    day = day_number(as_of)
    teachers = _per_school(facts, people)
    if isinstance(m, FamousInSchool):
        count = _per_school(facts, people & _titled(facts, Tier.FAMOUS, m.min_level, m.tracks, day))
        return count, teachers, np.minimum(teachers, 1), (
            f"teachers in post holding a famous (or higher) title at {m.min_level.value} level or higher, "
            "valid on the date; needed: one per school with teachers (校校有名师)")
    if isinstance(m, BackbonePerClass):
        classes = _per_school(facts, people & (facts.head_teacher == 1))
        count = _per_school(facts, people & _titled(facts, Tier.BACKBONE, m.min_level, m.tracks, day))
        return count, classes, classes, (
            "backbone (or higher) title holders in post against classes, counted as head-teachers "
            "(one 班主任 per class: the roster has no classes); the gap is the fewest classes that "
            "can lack one (班班有骨干)")
    if isinstance(m, SchoolShare):
        year = as_of.year - 1
        t = facts.training
        date = int_col(t, "date")
        rows = ((t["kind"] == code_of(TrainingDelivery.CENTRALIZED))
                & (date >= day_number(dt.date(year, 1, 1))) & (date <= day_number(dt.date(year, 12, 31))))
        attended = people & (largest_programme(facts, rows) >= m.min_hours)
        share = Fraction(str(m.share))
        needed = np.array([math.ceil(share * int(n)) for n in teachers], dtype=np.int64)
        return _per_school(facts, attended), teachers, needed, (
            f"teachers in post who attended one centralized programme of {m.min_hours:g} h or more in "
            f"{year} (records of one name in the year, added up); needed: {m.share:.0%} of the teachers "
            "in post, rounded up (不少于: at least)")
    if isinstance(m, HeadTeacherTraining):
        heads = people & (facts.head_teacher == 1)
        t = facts.training
        date = int_col(t, "date")
        rows = ((int_col(t, "content") == code_of(TrainingContent.HEAD_TEACHER))
                & (date >= day_number(m.since)) & (date <= day) & bool_col(t, "passed"))
        trained = heads & any_row(t, rows, facts.n)
        head_count = _per_school(facts, heads)
        return _per_school(facts, trained), head_count, head_count, (
            f"head-teachers in post with head-teacher training (content head_teacher) from {m.since} to "
            "the date; needed: every one (班主任轮训)")
    assert isinstance(m, NewTeacherMentor)
    new = people & (facts.entry != MISSING) & (completed_years(facts.entry, as_of) < m.within_years)
    mt = facts.mentors
    has = any_row(mt, np.isin(int_col(mt, "kind"), [code_of(k) for k in m.kinds])
                  & (int_col(mt, "start") <= day), facts.n)
    new_count = _per_school(facts, new)
    return _per_school(facts, new & has), new_count, new_count, (
        f"new teachers (fewer than {m.within_years} complete year(s) since entry) in post with a "
        f"{'/'.join(k.value for k in m.kinds)} mentor on record by the date; needed: every one")
