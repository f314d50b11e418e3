"""Teachers: who works where since when, teaching what, in which role.

Teachers are laid out school by school (ids T0000001... in school order), so
a school's staff is one contiguous slice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import Role, Stage, Status
from talentgraph.synth.common import (
    NO_DATE,
    YEAR,
    BoolArray,
    FloatArray,
    IntArray,
    Rng,
    bool_column,
    concat_strings,
    date_column,
    day_between,
    day_number,
    first_day_of,
    last_of_runs,
    numbered_ids,
    table,
    take_strings,
    years_in_days,
)
from talentgraph.synth.orgs import Region
from talentgraph.synth.vocab import (
    FEMALE_CHARS,
    FEMALE_SHARE,
    FEMALE_SHARE_DEFAULT,
    MALE_CHARS,
    MIDDLE_CHARS,
    SCHOOL_TYPES,
    STAGE_SUBJECTS,
    SUBJECTS,
    SURNAME_WEIGHTS,
    SURNAMES,
)

STAGES = tuple(Stage)
STATUSES = tuple(Status)
ACTIVE, LEFT, RETIRED = (STATUSES.index(s) for s in (Status.ACTIVE, Status.LEFT, Status.RETIRED))

MAX_SERVICE_YEARS = 35
INTAKE_DECAY_YEARS = 22.0  # more young teachers: cohort k years back weighs exp(-k / 22)
INTAKE_DAY_OF_YEAR = 231  # about 20 August: teachers start with the school year
OFF_CYCLE_HIRES = 0.1
LEFT_SHARE = 0.025
RETIRED_SHARE = ((33, 0.25), (28, 0.05))  # (service years at least, share retired)
EXIT_WINDOW_YEARS = 3.0  # left / retired teachers went within the last 3 years
HEAD_TEACHER_SHARE = 0.36
RESEARCHER_SHARE = 0.025  # of teachers with 5+ years, ~2% of all
TWO_CHAR_GIVEN_NAMES = 0.65


@dataclass
class Staff:
    """Column arrays of all teachers (one row per teacher)."""

    ids: pa.Array
    school: IntArray
    county: IntArray
    city: IntArray
    entry: IntArray  # day number
    last_day: IntArray  # as_of for active teachers, the day they left otherwise
    stage: IntArray
    subject: IntArray
    female: BoolArray
    talent: FloatArray  # latent quality: drives titles, reviews and results
    status: IntArray
    head_teacher: BoolArray
    principal_since: IntArray  # day number, NO_DATE if not a principal
    researcher: BoolArray
    subject_leader: BoolArray = field(default_factory=lambda: np.zeros(0, np.bool_))

    @property
    def n(self) -> int:
        return int(self.school.size)

    @property
    def active(self) -> BoolArray:
        active: BoolArray = self.status == ACTIVE
        return active

    @property
    def service_years(self) -> FloatArray:
        return (self.last_day - self.entry) / YEAR

    @property
    def principal(self) -> BoolArray:
        return self.principal_since >= self.entry


def draw_staff(region: Region, as_of: date, rng: Rng) -> Staff:
    n = int(region.school_size.sum())
    school = np.repeat(np.arange(region.school_size.size, dtype=np.int64), region.school_size)
    county = region.school_county[school]
    entry = entry_days(n, as_of, rng)
    status, last_day = draw_status(entry, day_number(as_of), rng)
    stage = draw_stages(region.school_type[school], rng)
    active = status == ACTIVE
    staff = Staff(
        ids=numbered_ids("T", np.arange(1, n + 1), max(7, len(str(n)))),
        school=school,
        county=county,
        city=region.county_city[county],
        entry=entry,
        last_day=last_day,
        stage=stage,
        subject=draw_subjects(stage, rng),
        female=rng.random(n) < female_share(stage),
        talent=rng.standard_normal(n),
        status=status,
        head_teacher=active & (rng.random(n) < HEAD_TEACHER_SHARE),
        principal_since=np.full(n, NO_DATE, dtype=np.int64),
        researcher=np.zeros(n, dtype=np.bool_),
        subject_leader=np.zeros(n, dtype=np.bool_),
    )
    staff.principal_since = appoint_principals(staff, rng)
    experienced = active & ~staff.principal & (staff.service_years >= 5)
    staff.researcher = experienced & (rng.random(n) < RESEARCHER_SHARE)
    return staff


def entry_days(n: int, as_of: date, rng: Rng) -> IntArray:
    """Entry dates over ~35 years, young cohorts larger, mostly at the school-year start."""
    weights = np.exp(-np.arange(MAX_SERVICE_YEARS + 1) / INTAKE_DECAY_YEARS)
    years_back = rng.choice(weights.size, n, p=weights / weights.sum()).astype(np.int64)
    today = day_number(as_of)
    latest_intake = as_of.year if as_of.timetuple().tm_yday > INTAKE_DAY_OF_YEAR else as_of.year - 1
    year_start = first_day_of(latest_intake - years_back)
    at_intake = year_start + INTAKE_DAY_OF_YEAR + rng.integers(0, 21, n)
    off_cycle = day_between(rng, year_start, np.minimum(year_start + 364, today))
    entry = np.where(rng.random(n) < OFF_CYCLE_HIRES, off_cycle, at_intake)
    return np.minimum(entry, today).astype(np.int64)


def draw_status(entry: IntArray, today: int, rng: Rng) -> tuple[IntArray, IntArray]:
    """Mostly active; a few left, old hands retired; the leavers went within 3 years."""
    service = (today - entry) / YEAR
    u = rng.random(entry.size)
    status = np.where((service >= 1) & (u < LEFT_SHARE), LEFT, ACTIVE)
    for min_years, share in RETIRED_SHARE:
        retiring = (service >= min_years) & (status == ACTIVE) & (rng.random(entry.size) < share)
        status = np.where(retiring, RETIRED, status)
    window = np.minimum(years_in_days(EXIT_WINDOW_YEARS), today - entry - 180)
    exit_day = today - (rng.random(entry.size) * np.maximum(window, 0)).astype(np.int64)
    return status.astype(np.int64), np.where(status == ACTIVE, today, exit_day).astype(np.int64)


def draw_stages(school_type: IntArray, rng: Rng) -> IntArray:
    stage = np.zeros(school_type.size, dtype=np.int64)
    for code, kind in enumerate(SCHOOL_TYPES):
        rows = np.flatnonzero(school_type == code)
        options = [STAGES.index(s) for s, _ in kind.stages]
        weights = np.array([w for _, w in kind.stages])
        stage[rows] = rng.choice(options, rows.size, p=weights / weights.sum())
    return stage


def draw_subjects(stage: IntArray, rng: Rng) -> IntArray:
    subject = np.zeros(stage.size, dtype=np.int64)
    for code, kind in enumerate(STAGES):
        rows = np.flatnonzero(stage == code)
        options = [SUBJECTS.index(s) for s in STAGE_SUBJECTS[kind]]
        weights = np.array(list(STAGE_SUBJECTS[kind].values()))
        subject[rows] = rng.choice(options, rows.size, p=weights / weights.sum())
    return subject


def female_share(stage: IntArray) -> FloatArray:
    by_stage = np.array([FEMALE_SHARE.get(s, FEMALE_SHARE_DEFAULT) for s in STAGES])
    return by_stage[stage]


def appoint_principals(staff: Staff, rng: Rng) -> IntArray:
    """One principal per school: an active, preferably senior teacher (TX-PRINCIPAL-TENURE)."""
    service = staff.service_years
    score = rng.random(staff.n) + 2.0 * (service >= 10) + 1.0 * (service >= 15) + service / 40
    score = np.where(staff.active, score, -1.0)
    order = np.lexsort((score, staff.school))  # staff.school is sorted: runs per school
    chosen = order[last_of_runs(staff.school[order]) & (score[order] >= 0)]
    cap = np.clip(service[chosen] - 8.0, 0.2, 12.0)
    tenure = years_in_days(cap * rng.random(chosen.size) ** 1.3)
    since = np.full(staff.n, NO_DATE, dtype=np.int64)
    last, entry = staff.last_day[chosen], staff.entry[chosen]
    since[chosen] = np.maximum(last - tenure, np.minimum(entry + 30, last))
    return since


def teacher_names(staff: Staff, rng: Rng) -> pa.Array:
    """王芳, 李志强: a weighted surname, an optional middle character, a gendered last one."""
    weights = np.array(SURNAME_WEIGHTS)
    surname = rng.choice(len(SURNAMES), staff.n, p=weights / weights.sum()).astype(np.int64)
    middle = rng.integers(0, len(MIDDLE_CHARS), staff.n)
    single = rng.random(staff.n) >= TWO_CHAR_GIVEN_NAMES
    female_last = take_strings(FEMALE_CHARS, rng.integers(0, len(FEMALE_CHARS), staff.n))
    male_last = take_strings(MALE_CHARS, rng.integers(0, len(MALE_CHARS), staff.n))
    last = pc.if_else(pa.array(staff.female), female_last, male_last)
    middle_chars = take_strings((*MIDDLE_CHARS, ""), np.where(single, len(MIDDLE_CHARS), middle))
    return concat_strings(take_strings(SURNAMES, surname), middle_chars, last)


ROLE_LISTS = tuple(
    ";".join(r.value for bit, r in enumerate(Role) if code >> bit & 1) for code in range(8)
)  # code bit 0 principal, bit 1 researcher, bit 2 subject_leader (Role order)


def teachers_table(staff: Staff, region: Region, names: pa.Array) -> pa.Table:
    roles = staff.principal * 1 + staff.researcher * 2 + staff.subject_leader * 4
    return table(
        "teachers",
        {
            "id": staff.ids,
            "name": names,
            "school_id": take_strings(region.org_ids, region.school_org[staff.school]),
            "entry_date": date_column(staff.entry),
            "stage": take_strings([s.value for s in STAGES], staff.stage),
            "subject": take_strings(SUBJECTS, staff.subject),
            "head_teacher": bool_column(staff.head_teacher),
            "roles": take_strings(ROLE_LISTS, roles.astype(np.int64), missing=roles == 0),
            "principal_since": date_column(staff.principal_since),
            "status": take_strings([s.value for s in STATUSES], staff.status),
            "left_on": date_column(np.where(staff.active, NO_DATE, staff.last_day)),
        },
    )
