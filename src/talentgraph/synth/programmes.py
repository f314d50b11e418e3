"""Programme enrolments: new-teacher training, the programmes behind titles, candidates now.

Cultivation and certification are different facts (domain.md section 2): most
titles follow a programme at the same tier and level; some teachers are in a
programme right now, or passed or failed one without (yet) holding the title.
Backbone programmes are certification training 认定培训 (it leads to the title)
or, for most of today's candidates, whole-staff improvement 全员能力提升
(TX-CERT-TRAINING, TX-TARGET: 745 certified and 1,006 improvement at county
level); the others are cultivation 培养.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from talentgraph.domain.enums import ProgrammeResult, ProgrammeType
from talentgraph.synth.careers import (
    CITY,
    HEAD_TEACHER_TRACK,
    PROVINCE,
    SCHOOL,
    TEACHER_TRACK,
    Careers,
    Chain,
)
from talentgraph.synth.common import (
    NO_DATE,
    YEAR,
    IntArray,
    Rng,
    date_column,
    day_between,
    table,
    take_strings,
    years_in_days,
)
from talentgraph.synth.orgs import Region
from talentgraph.synth.teachers import Staff
from talentgraph.synth.titles import (
    BACKBONE,
    EMERGING,
    FAMOUS,
    LEVELS,
    NEW,
    TIERS,
    TitleRows,
    awarding_org,
)

RESULTS = tuple(ProgrammeResult)
IN_PROGRESS, PASS, EXCELLENT, FAIL = (RESULTS.index(r) for r in ProgrammeResult)
TYPES = tuple(ProgrammeType)
CULTIVATION, CERTIFICATION, IMPROVEMENT = (TYPES.index(t) for t in ProgrammeType)

NEW_TRAINING_COHORT_YEARS = 6.0  # standardized new-teacher training for recent entrants
NEW_EXCELLENT, NEW_FAIL = 0.20, 0.02  # JM-NEW-EMERGING: the excellent ones may go on
BEHIND_TITLE_SHARE = {EMERGING: 0.9, BACKBONE: 0.6, FAMOUS: 0.5}
BEHIND_TITLE_EXCELLENT = 0.3
CANDIDATE_SHARE = 0.06  # holders now in the next level's programme
CANDIDATE_FAIL = 0.4  # of candidates who finished without the title yet
EMERGING_CANDIDATE_SHARE = 0.12  # JM-EMERGING-WINDOW cohort in a school programme
IMPROVEMENT_SHARE = 0.55  # of backbone candidates (TX-TARGET: 1,006 of 1,751 at county level)


@dataclass
class ProgrammeRows:
    teacher: IntArray
    tier: IntArray
    level: IntArray
    enrolled: IntArray
    completed: IntArray  # NO_DATE while in progress
    result: IntArray
    type: IntArray  # ProgrammeType code

    @classmethod
    def concat(cls, parts: Sequence[ProgrammeRows]) -> ProgrammeRows:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))

    def take(self, rows: IntArray) -> ProgrammeRows:
        return ProgrammeRows(*(getattr(self, f.name)[rows] for f in fields(self)))


def draw_programmes(
    staff: Staff, careers: Careers, titles: TitleRows, has_province: bool, as_of: int, rng: Rng,
    type_rng: Rng,
) -> ProgrammeRows:
    max_level = PROVINCE if has_province else CITY
    rows = ProgrammeRows.concat(
        [
            new_teacher_training(staff, as_of, rng),
            programmes_behind_titles(staff, titles, rng),
            candidates(staff, careers.emerging, EMERGING, CITY, as_of, rng),
            with_improvement(candidates(staff, careers.backbone, BACKBONE, max_level, as_of, rng),
                             type_rng),
            candidates(staff, careers.famous, FAMOUS, max_level, as_of, rng),
            emerging_window_candidates(staff, careers.emerging, as_of, rng),
        ]
    )
    return rows.take(np.lexsort((rows.enrolled, rows.teacher)))


def with_improvement(rows: ProgrammeRows, rng: Rng) -> ProgrammeRows:
    """Backbone candidates: certification training, or for most whole-staff improvement."""
    rows.type = np.where(rng.random(rows.teacher.size) < IMPROVEMENT_SHARE, IMPROVEMENT, CERTIFICATION)
    return rows


def new_teacher_training(staff: Staff, as_of: int, rng: Rng) -> ProgrammeRows:
    """A year of school-level new-teacher training from entry; mostly pass, ~20% excellent."""
    chosen = np.flatnonzero(as_of - staff.entry <= years_in_days(NEW_TRAINING_COHORT_YEARS))
    enrolled = staff.entry[chosen]
    completed = enrolled + rng.integers(300, 366, chosen.size)
    merit = staff.talent[chosen] + rng.standard_normal(chosen.size)
    cuts = np.quantile(merit, [1 - NEW_EXCELLENT, NEW_FAIL]) if chosen.size else np.zeros(2)
    cut_excellent, cut_fail = float(cuts[0]), float(cuts[1])
    result = np.where(merit >= cut_excellent, EXCELLENT, np.where(merit < cut_fail, FAIL, PASS))
    return finished_or_running(chosen, NEW, SCHOOL, enrolled, completed, result, as_of)


def programmes_behind_titles(staff: Staff, titles: TitleRows, rng: Rng) -> ProgrammeRows:
    """The programme at the same tier and level that led to a teacher-track title."""
    share = np.zeros(len(titles))
    for tier_code, p in BEHIND_TITLE_SHARE.items():
        share = np.where(titles.tier == tier_code, p, share)
    teacher_side = (titles.track == TEACHER_TRACK) | (titles.track == HEAD_TEACHER_TRACK)
    rows = np.flatnonzero(teacher_side & (rng.random(len(titles)) < share))
    teacher, tier, level = titles.teacher[rows], titles.tier[rows], titles.level[rows]
    awarded = titles.awarded[rows]
    length = programme_days(tier, level)
    enrolled = np.maximum(awarded - length - rng.integers(0, 61, rows.size), staff.entry[teacher])
    completed = np.maximum(awarded - rng.integers(7, 61, rows.size), enrolled)
    result = np.where(rng.random(rows.size) < BEHIND_TITLE_EXCELLENT, EXCELLENT, PASS)
    kind = np.where(tier == BACKBONE, CERTIFICATION, CULTIVATION)  # backbone training leads to the title
    return ProgrammeRows(teacher, tier, level, enrolled, completed, result, kind)


def candidates(
    staff: Staff, chain: Chain, tier: int, max_level: int, as_of: int, rng: Rng
) -> ProgrammeRows:
    """Holders enrolled in the next level's programme of the same tier (JM-LEVEL candidates)."""
    open_top = (chain.top >= 0) & (chain.top < max_level) & staff.active
    chosen = np.flatnonzero(open_top & (rng.random(staff.n) < CANDIDATE_SHARE))
    level = chain.top[chosen] + 1
    earliest = np.maximum(chain.top_award()[chosen] + 180, as_of - years_in_days(2.0))
    enrolled = day_between(rng, np.minimum(earliest, as_of), np.full(chosen.size, as_of))
    tiers = np.full(chosen.size, tier)
    completed = enrolled + programme_days(tiers, level)
    result = np.where(rng.random(chosen.size) < CANDIDATE_FAIL, FAIL, PASS)
    return finished_or_running(chosen, tier, level, enrolled, completed, result, as_of)


def emerging_window_candidates(
    staff: Staff, emerging: Chain, as_of: int, rng: Rng
) -> ProgrammeRows:
    """JM-EMERGING-WINDOW: some of the 3-5-year cohort are in (or failed) a school programme."""
    service = (as_of - staff.entry) / YEAR
    window = (service >= 3.0) & (service < 6.0) & (emerging.top < 0) & staff.active
    chosen = np.flatnonzero(window & (rng.random(staff.n) < EMERGING_CANDIDATE_SHARE))
    earliest = np.maximum(staff.entry[chosen] + years_in_days(2.0), as_of - years_in_days(1.5))
    enrolled = day_between(rng, earliest, np.full(chosen.size, as_of))
    completed = enrolled + years_in_days(1.0)
    result = np.where(rng.random(chosen.size) < CANDIDATE_FAIL, FAIL, PASS)
    return finished_or_running(chosen, EMERGING, SCHOOL, enrolled, completed, result, as_of)


def programme_days(tier: IntArray, level: IntArray) -> IntArray:
    """One year, except the 2-year province backbone programme (TX-PROVINCE-BACKBONE)."""
    years = np.where((tier == BACKBONE) & (level == PROVINCE), 2.0, 1.0)
    years = np.where(tier == FAMOUS, 0.75, years)
    return years_in_days(years)


def finished_or_running(
    teacher: IntArray,
    tier: int,
    level: IntArray | int,
    enrolled: IntArray,
    completed: IntArray,
    result: IntArray,
    as_of: int,
) -> ProgrammeRows:
    """Rows whose completion lies after as_of are in progress, with no completion day."""
    running = completed > as_of
    n = teacher.size
    return ProgrammeRows(
        teacher.astype(np.int64),
        np.full(n, tier, dtype=np.int64),
        np.broadcast_to(np.asarray(level, dtype=np.int64), (n,)).copy(),
        enrolled.astype(np.int64),
        np.where(running, NO_DATE, completed).astype(np.int64),
        np.where(running, IN_PROGRESS, result).astype(np.int64),
        np.full(n, CERTIFICATION if tier == BACKBONE else CULTIVATION, dtype=np.int64),
    )


def programmes_table(rows: ProgrammeRows, staff: Staff, region: Region) -> pa.Table:
    return table(
        "programmes",
        {
            "teacher_id": take_strings(staff.ids, rows.teacher),
            "tier": take_strings([t.value for t in TIERS], rows.tier),
            "level": take_strings([lv.value for lv in LEVELS], rows.level),
            "org_id": take_strings(
                region.org_ids, awarding_org(region, staff, rows.teacher, rows.level)
            ),
            "enrolled_on": date_column(rows.enrolled),
            "completed_on": date_column(rows.completed),
            "result": take_strings([r.value for r in RESULTS], rows.result),
            "type": take_strings([t.value for t in TYPES], rows.type),
        },
    )
