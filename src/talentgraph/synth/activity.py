"""Yearly activity: training-hour records 学时 and ethics/annual reviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date

import numpy as np
import pyarrow as pa

from talentgraph.domain.enums import Level, ReviewKind, ReviewResult, TrainingContent, TrainingDelivery
from talentgraph.synth.common import (
    BoolArray,
    FloatArray,
    IntArray,
    Rng,
    bool_column,
    date_column,
    day_between,
    day_number,
    first_day_of,
    ragged_arange,
    table,
    take_strings,
    year_of,
)
from talentgraph.synth.teachers import Staff
from talentgraph.synth.vocab import (
    HEAD_TEACHER_CONTENT,
    PRINCIPAL_CONTENT,
    PROBATION_CENTRALIZED,
    PROBATION_PRACTICE,
    SLOT_KINDS,
    SLOT_WEIGHTS,
    TRAINING_TEMPLATES,
)

TRAINING_WINDOW_YEARS = 6  # as_of.year - 6 .. as_of.year (the current year up to as_of)
REVIEW_YEARS = 5  # the last five completed years
# JM-HOURS / LE-HOURS: 90 h a year; with mean 112 and sd ~22, ~15% of full years fall short.
YEARLY_HOURS_MEAN, TEACHER_HOURS_SD, YEAR_HOURS_SD = 112.0, 11.0, 19.0
YEARLY_HOURS_RANGE = (20.0, 200.0)
RECORDS_PER_YEAR = (0.6, 0.3, 0.1)  # 1, 2 or 3 records
MIN_YEAR_COVER = 0.1  # skip years the teacher was there for only a few weeks
FAILED_ASSESSMENT = 0.005  # TX-TRAINING-BAN cases
PROBATION_HOURS = ((PROBATION_CENTRALIZED, 120.0), (PROBATION_PRACTICE, 64.0))  # WZ-NEW: >= 180 h
ETHICS_FAIL = 0.005
# Annual grades from talent + luck: ~20% excellent, ~2% basic, ~0.5% unqualified.
EXCELLENT_ABOVE, BASIC_BELOW, UNQUALIFIED_BELOW = 0.83, -2.0, -2.6

KINDS = tuple(TrainingDelivery)
CONTENTS = tuple(TrainingContent)
LEVELS = tuple(Level)
REVIEW_KINDS = tuple(ReviewKind)
GRADES = tuple(ReviewResult)
PASS, FAIL, EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = range(len(GRADES))


@dataclass
class TeacherYears:
    """One row per (teacher, calendar year) and the days of that year the teacher served."""

    teacher: IntArray
    year: IntArray
    first: IntArray
    last: IntArray

    @property
    def cover(self) -> FloatArray:
        days_in_year = first_day_of(self.year + 1) - first_day_of(self.year)
        return (self.last - self.first + 1) / days_in_year


def teacher_years(staff: Staff, first_year: IntArray, last_year: IntArray) -> TeacherYears:
    lo = np.maximum(year_of(staff.entry), first_year)
    count = np.maximum(last_year - lo + 1, 0)
    teacher = np.repeat(np.arange(staff.n, dtype=np.int64), count)
    year = lo[teacher] + ragged_arange(count)
    first = np.maximum(first_day_of(year), staff.entry[teacher])
    last = np.minimum(first_day_of(year + 1) - 1, staff.last_day[teacher])
    return TeacherYears(teacher, year, first, last)


# --- training -----------------------------------------------------------------


@dataclass
class TrainingRows:
    teacher: IntArray
    day: IntArray
    hours: FloatArray
    template: IntArray  # index into TRAINING_TEMPLATES
    probation: BoolArray

    @classmethod
    def concat(cls, parts: Sequence[TrainingRows]) -> TrainingRows:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))


def draw_training(staff: Staff, as_of: date, rng: Rng) -> pa.Table:
    first_year = as_of.year - TRAINING_WINDOW_YEARS
    regular = regular_records(staff, first_year, as_of.year, rng)
    probation = probation_records(staff, day_number(as_of), first_year, rng)
    rows = TrainingRows.concat([regular, probation])
    order = np.argsort(rows.teacher, kind="stable")  # each teacher's records together
    return training_table(rows, order, staff, first_year, rng)


def regular_records(staff: Staff, first_year: int, this_year: int, rng: Rng) -> TrainingRows:
    """1-3 records a year splitting a yearly total; partial years get a partial total."""
    last_year = np.minimum(year_of(staff.last_day), this_year)
    years = teacher_years(staff, np.full(staff.n, first_year), last_year)
    cover = years.cover
    keep = np.flatnonzero(cover >= MIN_YEAR_COVER)
    diligence = rng.standard_normal(staff.n)  # some teachers are short year after year
    total = YEARLY_HOURS_MEAN + TEACHER_HOURS_SD * diligence[years.teacher[keep]]
    total = total + YEAR_HOURS_SD * rng.standard_normal(keep.size)
    total = np.clip(total, *YEARLY_HOURS_RANGE) * cover[keep]
    per_year = rng.choice(len(RECORDS_PER_YEAR), keep.size, p=RECORDS_PER_YEAR) + 1
    owner = np.repeat(np.arange(keep.size), per_year)  # record -> kept teacher-year
    slot = ragged_arange(per_year)
    weight = np.asarray(SLOT_WEIGHTS)[slot] * rng.uniform(0.8, 1.2, slot.size)
    share = weight / np.bincount(owner, weight)[owner]
    src = keep[owner]
    return TrainingRows(
        teacher=years.teacher[src],
        day=day_between(rng, years.first[src], years.last[src]),
        hours=half_hours(total[owner] * share),
        template=slot_templates(slot, rng),
        probation=np.zeros(slot.size, dtype=np.bool_),
    )


def probation_records(staff: Staff, as_of: int, first_year: int, rng: Rng) -> TrainingRows:
    """WZ-NEW: first-year teachers log ~180 h of probation, >= 60 h practice, pro rata so far."""
    new = np.flatnonzero(staff.entry >= day_number(date(first_year, 1, 1)))
    end = np.minimum(staff.entry[new] + 364, staff.last_day[new])
    so_far = np.minimum((end - staff.entry[new] + 1) / 365.0, 1.0)
    teacher = np.repeat(new, len(PROBATION_HOURS))
    template = np.tile([t for t, _ in PROBATION_HOURS], new.size)
    base = np.tile([h for _, h in PROBATION_HOURS], new.size)
    hours = base * rng.uniform(1.0, 1.2, teacher.size) * np.repeat(so_far, len(PROBATION_HOURS))
    return TrainingRows(
        teacher=teacher,
        day=day_between(rng, staff.entry[teacher], np.repeat(end, len(PROBATION_HOURS))),
        hours=half_hours(hours),
        template=template.astype(np.int64),
        probation=np.ones(teacher.size, dtype=np.bool_),
    )


def half_hours(hours: FloatArray) -> FloatArray:
    """Credited in half hours, never zero."""
    return np.maximum(np.rint(hours * 2.0) / 2.0, 0.5)


def slot_templates(slot: IntArray, rng: Rng) -> IntArray:
    """A kind by the record's slot in its year, then one of that kind's programmes."""
    regular = [i for i in range(len(TRAINING_TEMPLATES)) if i not in dict(PROBATION_HOURS)]
    template = np.zeros(slot.size, dtype=np.int64)
    for s, mix in enumerate(SLOT_KINDS):
        rows = np.flatnonzero(slot == s)
        kinds = list(mix)
        kind = rng.choice(len(kinds), rows.size, p=np.array(list(mix.values())))
        for k, name in enumerate(kinds):
            options = np.array([i for i in regular if TRAINING_TEMPLATES[i].drawn_as == name])
            chosen = rows[kind == k]
            template[chosen] = options[rng.integers(0, options.size, chosen.size)]
    return template


def training_content(template: IntArray, teacher: IntArray, staff: Staff) -> IntArray:
    """Each record's content: its programme's, or what that programme is about for a
    head-teacher or a principal."""
    content = np.asarray([CONTENTS.index(t.content) for t in TRAINING_TEMPLATES])[template]
    for role, by_name in ((staff.head_teacher, HEAD_TEACHER_CONTENT), (staff.principal, PRINCIPAL_CONTENT)):
        for index, t in enumerate(TRAINING_TEMPLATES):
            if t.name in by_name:
                for_role = CONTENTS.index(by_name[t.name])
                content = np.where(role[teacher] & (template == index), for_role, content)
    return content.astype(np.int64)


def programme_names(first_year: int, years: int) -> pa.Array:
    """Every template's name for every year of the window: index template * years + offset."""
    names = [
        t.name.format(year=first_year + offset)
        for t in TRAINING_TEMPLATES
        for offset in range(years)
    ]
    return pa.array(names, pa.string())


def training_table(
    rows: TrainingRows, order: IntArray, staff: Staff, first_year: int, rng: Rng
) -> pa.Table:
    teacher, day, template = rows.teacher[order], rows.day[order], rows.template[order]
    span = TRAINING_WINDOW_YEARS + 1
    offset = np.clip(year_of(day) - first_year, 0, span - 1)
    template_kind = [KINDS.index(t.kind) for t in TRAINING_TEMPLATES]
    template_level = [LEVELS.index(t.level) for t in TRAINING_TEMPLATES]
    return table(
        "training",
        {
            "teacher_id": take_strings(staff.ids, teacher),
            "date": date_column(day),
            "hours": pa.array(rows.hours[order], pa.float64()),
            "kind": take_strings([k.value for k in KINDS], np.asarray(template_kind)[template]),
            "content": take_strings([c.value for c in CONTENTS], training_content(template, teacher, staff)),
            "programme": take_strings(programme_names(first_year, span), template * span + offset),
            "level": take_strings(
                [lv.value for lv in LEVELS], np.asarray(template_level)[template]
            ),
            "probation": bool_column(rows.probation[order]),
            "passed": bool_column(rng.random(order.size) >= FAILED_ASSESSMENT),
        },
    )


# --- reviews ------------------------------------------------------------------


def draw_reviews(staff: Staff, as_of: date, rng: Rng) -> pa.Table:
    """Ethics and annual review for each completed year in the last five (XD-ETHICS-VETO)."""
    last_year = np.minimum(year_of(staff.last_day) - 1, as_of.year - 1)
    years = teacher_years(staff, np.full(staff.n, as_of.year - REVIEW_YEARS), last_year)
    m = years.teacher.size
    ethics = np.where(rng.random(m) < ETHICS_FAIL, FAIL, PASS)
    annual = annual_grades(staff.talent[years.teacher], rng)
    vetoed = np.where(rng.random(m) < 0.6, BASIC, UNQUALIFIED)
    annual = np.where(ethics == FAIL, vetoed, annual)  # a failed ethics year is never qualified
    return table(
        "reviews",
        {
            "teacher_id": take_strings(staff.ids, np.repeat(years.teacher, 2)),
            "year": pa.array(np.repeat(years.year, 2), pa.int64()),
            "kind": take_strings([k.value for k in REVIEW_KINDS], np.tile([0, 1], m)),
            "result": take_strings(
                [g.value for g in GRADES], np.stack([ethics, annual], axis=1).ravel()
            ),
        },
    )


def annual_grades(talent: FloatArray, rng: Rng) -> IntArray:
    score = 0.7 * talent + 0.7 * rng.standard_normal(talent.size)
    grade = np.where(score > EXCELLENT_ABOVE, EXCELLENT, QUALIFIED)
    grade = np.where(score < BASIC_BELOW, BASIC, grade)
    return np.where(score < UNQUALIFIED_BELOW, UNQUALIFIED, grade).astype(np.int64)
