"""Who trained whom and who served where: mentorships and postings.

Subject mentors are teachers who already held a backbone (or famous) title
when the mentorship began, so mentees who later earn titles mentor in turn and
lineages run several generations deep (XD, TX).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from talentgraph.domain.enums import MentorshipKind, PostingKind
from talentgraph.synth.careers import NEVER, Careers
from talentgraph.synth.common import (
    NO_DATE,
    IntArray,
    Rng,
    date_column,
    day_between,
    fill_missing,
    lookup,
    pick_in_group,
    pick_in_range,
    table,
    take_strings,
    years_in_days,
)
from talentgraph.synth.orgs import Region
from talentgraph.synth.teachers import Staff
from talentgraph.synth.vocab import SUBJECTS

MENTOR_KINDS = tuple(MentorshipKind)
HEAD_TEACHER_KIND, SUBJECT_KIND, STUDIO_KIND = range(len(MENTOR_KINDS))
POSTING_KINDS = tuple(PostingKind)
REGULAR, EXCHANGE, SUPPORT = range(len(POSTING_KINDS))

# XD-MENTOR: every new teacher follows a head-teacher mentor for an academic year;
# we give one to every entrant of the last 7 years (so all with <= 2 years have one).
HEAD_MENTEE_YEARS = 7.0
HEAD_MENTOR_MIN_YEARS = 12.0
NON_HEAD_TEACHER_MENTORS = 0.3  # share of senior non-head-teachers also in the pool
SUBJECT_MENTEE_SHARE, TITLED_MENTEE_SHARE = 0.3, 0.7
SUBJECT_START_YEARS = (1.0, 4.0)  # after entry
SUBJECT_LENGTH_YEARS = (1.0, 3.0)
FAMOUS_MENTOR_WEIGHT = 3  # famous teachers take more apprentices
DAY_SPAN = 1 << 17  # > any span of days here (~350 years): group * DAY_SPAN + day sorts by both

PAST_POSTING_SHARE = 0.3  # teachers with 5+ years who moved school once
RURAL_SERVICE_SHARE, RURAL_SERVICE_TITLED = 0.10, 0.25  # XD-RURAL: titled teachers went more
SUPPORT_SHARE = 0.35  # of rural service: 1-year support 支教; the rest 1-3-year exchange


@dataclass
class MentorRows:
    mentor: IntArray
    mentee: IntArray
    kind: IntArray
    start: IntArray
    end: IntArray  # NO_DATE = ongoing

    @classmethod
    def concat(cls, parts: Sequence[MentorRows]) -> MentorRows:
        """The parts' rows one after another (no parts: no rows)."""
        none = np.zeros(0, dtype=np.int64)
        return cls(
            *(np.concatenate([none] + [getattr(p, f.name) for p in parts]) for f in fields(cls))
        )


def head_teacher_mentorships(staff: Staff, as_of: int, rng: Rng) -> MentorRows:
    """A senior (head-)teacher of the same school for about a year from entry (XD-MENTOR)."""
    mentee = np.flatnonzero(as_of - staff.entry <= years_in_days(HEAD_MENTEE_YEARS))
    senior = staff.active & (staff.service_years >= HEAD_MENTOR_MIN_YEARS)
    pool = np.flatnonzero(
        senior & (staff.head_teacher | (rng.random(staff.n) < NON_HEAD_TEACHER_MENTORS))
    )  # sorted by teacher, hence by school, county and city too
    if pool.size == 0:  # no senior staff anywhere: nobody can mentor
        return MentorRows.concat([])
    pick = np.full(mentee.size, -1, dtype=np.int64)
    for level in (staff.school, staff.county, staff.city):  # nearest first
        pick = fill_missing(pick, pick_in_group(rng, level[pool], level[mentee]))
    mentor = pool[fill_missing(pick, rng.integers(0, pool.size, mentee.size))]
    start = np.minimum(staff.entry[mentee] + rng.integers(0, 15, mentee.size), as_of)
    end = np.minimum(start + rng.integers(300, 366, mentee.size), staff.last_day[mentee])
    return MentorRows(
        mentor,
        mentee,
        np.full(mentee.size, HEAD_TEACHER_KIND),
        start,
        np.where(end >= as_of, NO_DATE, end),
    )


def subject_mentorships(staff: Staff, careers: Careers, as_of: int, rng: Rng) -> MentorRows:
    """Backbone/famous holders mentor younger teachers of their subject in their county or city."""
    holder_since = np.minimum(careers.backbone.first_award(), careers.famous.first_award())
    famous = np.flatnonzero(careers.famous.any)
    pool = np.concatenate(
        [np.flatnonzero(holder_since < NEVER), np.repeat(famous, FAMOUS_MENTOR_WEIGHT - 1)]
    )
    titled = careers.emerging.any | careers.backbone.any
    share = np.where(titled, TITLED_MENTEE_SHARE, SUBJECT_MENTEE_SHARE)
    mentee = np.flatnonzero(rng.random(staff.n) < share)
    start = staff.entry[mentee] + years_in_days(rng.uniform(*SUBJECT_START_YEARS, mentee.size))
    fits = start <= np.minimum(staff.last_day[mentee], as_of)
    mentee, start = mentee[fits], start[fits]
    pick = np.full(mentee.size, -1, dtype=np.int64)
    for area in (staff.county, staff.city):
        group = area * len(SUBJECTS) + staff.subject
        found = earlier_holder(rng, group[pool], holder_since[pool], group[mentee], start)
        pick = fill_missing(pick, lookup(pool, found))
    ok = (pick >= 0) & (pick != mentee)
    ok[ok] = staff.last_day[pick[ok]] >= start[ok]  # the mentor was still teaching
    mentor, mentee, start = pick[ok], mentee[ok], start[ok]
    length = years_in_days(rng.uniform(*SUBJECT_LENGTH_YEARS, mentee.size))
    end = np.minimum(start + length, np.minimum(staff.last_day[mentor], staff.last_day[mentee]))
    return MentorRows(
        mentor,
        mentee,
        np.full(mentee.size, SUBJECT_KIND),
        start,
        np.where(end >= as_of, NO_DATE, end),
    )


def earlier_holder(
    rng: Rng, pool_group: IntArray, pool_day: IntArray, group: IntArray, day: IntArray
) -> IntArray:
    """For each (group, day), a random pool position in that group whose day is <= day, or -1."""
    base = min(int(pool_day.min(initial=0)), int(day.min(initial=0)))  # keep offsets >= 0
    key = pool_group * DAY_SPAN + (pool_day - base)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    lo = np.searchsorted(sorted_key, group * DAY_SPAN, "left").astype(np.int64)
    hi = np.searchsorted(sorted_key, group * DAY_SPAN + (day - base), "right").astype(np.int64)
    pos = pick_in_range(rng, lo, hi)
    return lookup(order, pos)


def mentorships_table(rows: MentorRows, staff: Staff) -> pa.Table:
    order = np.lexsort((rows.start, rows.mentee))
    return table(
        "mentorships",
        {
            "mentor_id": take_strings(staff.ids, rows.mentor[order]),
            "mentee_id": take_strings(staff.ids, rows.mentee[order]),
            "kind": take_strings([k.value for k in MENTOR_KINDS], rows.kind[order]),
            "start_date": date_column(rows.start[order]),
            "end_date": date_column(rows.end[order]),
        },
    )


# --- postings -----------------------------------------------------------------


@dataclass
class PostingRows:
    teacher: IntArray
    school: IntArray
    start: IntArray
    end: IntArray
    kind: IntArray

    @classmethod
    def concat(cls, parts: Sequence[PostingRows]) -> PostingRows:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))


def draw_postings(staff: Staff, careers: Careers, region: Region, as_of: int, rng: Rng) -> pa.Table:
    rows = PostingRows.concat(
        [past_schools(staff, region, as_of, rng), rural_service(staff, careers, region, as_of, rng)]
    )
    order = np.lexsort((rows.start, rows.teacher))
    return table(
        "postings",
        {
            "teacher_id": take_strings(staff.ids, rows.teacher[order]),
            "school_id": take_strings(region.org_ids, region.school_org[rows.school[order]]),
            "start_date": date_column(rows.start[order]),
            "end_date": date_column(rows.end[order]),
            "kind": take_strings([k.value for k in POSTING_KINDS], rows.kind[order]),
        },
    )


def past_schools(staff: Staff, region: Region, as_of: int, rng: Rng) -> PostingRows:
    """Teachers who moved once within their county: the old posting and the current one."""
    served = staff.service_years >= 5.0
    chosen = np.flatnonzero(served & (rng.random(staff.n) < PAST_POSTING_SHARE))
    lo = np.searchsorted(region.school_county, staff.county[chosen], "left").astype(np.int64)
    hi = np.searchsorted(region.school_county, staff.county[chosen], "right").astype(np.int64)
    other = pick_in_range(rng, lo, hi - 1)  # one of the county's other schools:
    other = np.where(other >= staff.school[chosen], other + 1, other)  # skip over our own
    chosen, other = chosen[other >= 0], other[other >= 0]
    entry, last = staff.entry[chosen], staff.last_day[chosen]
    latest = np.minimum(last - 180, entry + years_in_days(12.0))
    moved = day_between(rng, entry + years_in_days(2.0), latest)
    current_end = np.where(staff.active[chosen], NO_DATE, last)
    regular = np.full(chosen.size, REGULAR)
    return PostingRows.concat(
        [
            PostingRows(chosen, other, entry, moved - 1, regular),
            PostingRows(chosen, staff.school[chosen], moved, current_end, regular),
        ]
    )


def rural_service(
    staff: Staff, careers: Careers, region: Region, as_of: int, rng: Rng
) -> PostingRows:
    """XD-RURAL: urban teachers' exchange 交流轮岗 or support 支教 stints at rural schools."""
    urban = ~region.school_rural[staff.school]
    share = np.where(careers.backbone.any, RURAL_SERVICE_TITLED, RURAL_SERVICE_SHARE)
    eligible = staff.active & urban & (staff.service_years >= 3.0)
    chosen = np.flatnonzero(eligible & (rng.random(staff.n) < share))
    rural = np.flatnonzero(region.school_rural)  # sorted by county and city
    pick = pick_in_group(rng, region.school_county[rural], staff.county[chosen])
    pick = fill_missing(pick, pick_in_group(rng, region.school_city[rural], staff.city[chosen]))
    chosen, school = chosen[pick >= 0], rural[pick[pick >= 0]]
    support = rng.random(chosen.size) < SUPPORT_SHARE
    years = np.where(support, 1.0, rng.uniform(1.0, 3.0, chosen.size))
    earliest = staff.entry[chosen] + years_in_days(2.0)
    start = day_between(rng, earliest, np.full(chosen.size, as_of - 30))
    end = start + years_in_days(years)
    kind = np.where(support, SUPPORT, EXCHANGE)
    return PostingRows(chosen, school, start, np.where(end > as_of, NO_DATE, end), kind)
