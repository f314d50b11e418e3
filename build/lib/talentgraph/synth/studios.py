"""Famous-teacher studios 名师工作室: one per active famous teacher, members, partner schools.

A studio sits at its lead's highest famous level and is hosted by the org
that awarded that title; members come from the same county/city (same subject
mostly); partner schools are mostly rural ones nearby (名师扶百校, XD).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from talentgraph.synth.careers import COUNTY, HEAD_TEACHER_TRACK, PROVINCE, Careers
from talentgraph.synth.common import (
    NO_DATE,
    BoolArray,
    IntArray,
    Rng,
    bool_column,
    concat_strings,
    date_column,
    day_between,
    fill_missing,
    lookup,
    numbered_ids,
    pick_in_group,
    table,
    take_strings,
    unique_pairs,
    years_in_days,
)
from talentgraph.synth.network import STUDIO_KIND, MentorRows
from talentgraph.synth.orgs import Region
from talentgraph.synth.teachers import Staff
from talentgraph.synth.titles import LEVELS, awarding_org
from talentgraph.synth.vocab import SUBJECTS

MEMBERS_PER_STUDIO = (5, 15)
LINKS_PER_STUDIO = (2, 10)
SAME_SUBJECT_MEMBER = 0.85
RURAL_LINK = 0.8
MEMBER_LEFT = 0.2
STUDIO_MENTORING = 0.3  # members the lead formally mentors (kind studio)


@dataclass
class Studios:
    lead: IntArray
    level: IntArray
    track: IntArray
    founded: IntArray

    @property
    def n(self) -> int:
        return int(self.lead.size)


@dataclass
class Members:
    studio: IntArray
    teacher: IntArray
    joined: IntArray
    left: IntArray


@dataclass
class StudioTables:
    studios: pa.Table
    members: pa.Table
    links: pa.Table
    mentorships: MentorRows


def draw_studios(
    staff: Staff, careers: Careers, region: Region, names: pa.Array, as_of: int, rng: Rng
) -> StudioTables:
    studios = found_studios(staff, careers, as_of, rng)
    members = draw_members(staff, studios, as_of, rng)
    return StudioTables(
        studios=studios_table(studios, staff, region, names),
        members=members_table(members, studios, staff),
        links=links_table(studios, staff, region, as_of, rng),
        mentorships=studio_mentorships(studios, members, rng),
    )


def found_studios(staff: Staff, careers: Careers, as_of: int, rng: Rng) -> Studios:
    lead = np.flatnonzero(careers.famous.any & staff.active)
    level = careers.famous.top[lead]
    awarded = careers.famous.award[lead, level]
    founded = np.minimum(awarded + rng.integers(0, 366, lead.size), as_of)
    return Studios(lead, level, careers.famous.track[lead], founded)


def studio_area(staff: Staff, level: int) -> IntArray:
    """Where a studio at ``level`` recruits: the county, the city, or the whole province."""
    if level == COUNTY:
        return staff.county
    return staff.city if level < PROVINCE else np.zeros(staff.n, dtype=np.int64)


def draw_members(staff: Staff, studios: Studios, as_of: int, rng: Rng) -> Members:
    low, high = MEMBERS_PER_STUDIO
    count = rng.integers(low, high + 1, studios.n)
    studio = np.repeat(np.arange(studios.n, dtype=np.int64), count)
    teacher = np.full(studio.size, -1, dtype=np.int64)
    active = np.flatnonzero(staff.active)
    for level in np.unique(studios.level):
        area = studio_area(staff, int(level))
        slots = np.flatnonzero(studios.level[studio] == level)
        lead = studios.lead[studio[slots]]
        teacher[slots] = recruit(rng, staff, active, area, lead)
    ok = (teacher >= 0) & (teacher != studios.lead[studio])
    studio, teacher = studio[ok], teacher[ok]
    first = unique_pairs(studio, teacher)
    studio, teacher = studio[first], teacher[first]
    earliest = np.maximum(studios.founded[studio], staff.entry[teacher] + 30)
    joined = day_between(rng, earliest, np.full(studio.size, as_of))
    ok = joined <= as_of
    studio, teacher, joined = studio[ok], teacher[ok], joined[ok]
    left = joined + years_in_days(rng.uniform(1.0, 3.0, studio.size))
    gone = (rng.random(studio.size) < MEMBER_LEFT) & (left <= as_of)
    return Members(studio, teacher, joined, np.where(gone, left, NO_DATE))


def recruit(rng: Rng, staff: Staff, active: IntArray, area: IntArray, lead: IntArray) -> IntArray:
    """Members from the lead's area, mostly of the lead's subject."""
    subject_key = area[active] * len(SUBJECTS) + staff.subject[active]
    order = np.argsort(subject_key, kind="stable")
    want = area[lead] * len(SUBJECTS) + staff.subject[lead]
    same = pick_in_group(rng, subject_key[order], want)
    same = lookup(order, same)
    same = np.where(rng.random(lead.size) < SAME_SUBJECT_MEMBER, same, -1)
    anyone = pick_in_group(rng, area[active], area[lead])  # area is sorted by teacher
    pick = fill_missing(same, anyone)  # both are positions in ``active``
    return lookup(active, pick)


def links_table(studios: Studios, staff: Staff, region: Region, as_of: int, rng: Rng) -> pa.Table:
    studio, school = partner_schools(studios, staff, region, rng)
    return table(
        "studio_links",
        {
            "studio_id": take_strings(studio_ids(studios), studio),
            "school_id": take_strings(region.org_ids, region.school_org[school]),
            "since": date_column(
                day_between(rng, studios.founded[studio], np.full(studio.size, as_of))
            ),
        },
    )


def partner_schools(
    studios: Studios, staff: Staff, region: Region, rng: Rng
) -> tuple[IntArray, IntArray]:
    """(studio, school) pairs, mostly rural, in the lead's county (county studios) or city."""
    low, high = LINKS_PER_STUDIO
    studio = np.repeat(np.arange(studios.n, dtype=np.int64), rng.integers(low, high + 1, studios.n))
    lead = studios.lead[studio]
    by_county = studios.level[studio] == COUNTY

    def nearby(schools: IntArray) -> IntArray:
        in_county = pick_in_group(rng, region.school_county[schools], staff.county[lead])
        in_city = pick_in_group(rng, region.school_city[schools], staff.city[lead])
        return lookup(schools, np.where(by_county, in_county, in_city))

    wants_rural = rng.random(studio.size) < RURAL_LINK
    school = np.where(wants_rural, nearby(np.flatnonzero(region.school_rural)), -1)
    school = fill_missing(school, nearby(np.arange(region.school_county.size, dtype=np.int64)))
    ok = school >= 0
    studio, school = studio[ok], school[ok]
    first = unique_pairs(studio, school)
    order = np.lexsort((school[first], studio[first]))
    return studio[first][order], school[first][order]


def studio_mentorships(studios: Studios, members: Members, rng: Rng) -> MentorRows:
    chosen = np.flatnonzero(rng.random(members.studio.size) < STUDIO_MENTORING)
    return MentorRows(
        mentor=studios.lead[members.studio[chosen]],
        mentee=members.teacher[chosen],
        kind=np.full(chosen.size, STUDIO_KIND, dtype=np.int64),
        start=members.joined[chosen],
        end=members.left[chosen],
    )


def studio_ids(studios: Studios) -> pa.Array:
    return numbered_ids("ST", np.arange(1, studios.n + 1), max(4, len(str(studios.n))))


def studios_table(studios: Studios, staff: Staff, region: Region, names: pa.Array) -> pa.Table:
    lead = studios.lead
    rural: BoolArray = region.school_rural[staff.school[lead]]
    head = studios.track == HEAD_TEACHER_TRACK
    label = take_strings(("名师工作室", "名班主任工作室"), head.astype(np.int64))
    village = take_strings(("", "乡村"), rural.astype(np.int64))
    return table(
        "studios",
        {
            "id": studio_ids(studios),
            "name": concat_strings(take_strings(names, lead), village, label),
            "level": take_strings([lv.value for lv in LEVELS], studios.level),
            "lead_id": take_strings(staff.ids, lead),
            "host_org_id": take_strings(
                region.org_ids, awarding_org(region, staff, lead, studios.level)
            ),
            "subject": take_strings(SUBJECTS, staff.subject[lead]),
            "rural": bool_column(rural),
            "founded_on": date_column(studios.founded),
        },
    )


def members_table(members: Members, studios: Studios, staff: Staff) -> pa.Table:
    order = np.lexsort((members.joined, members.studio))
    return table(
        "studio_members",
        {
            "studio_id": take_strings(studio_ids(studios), members.studio[order]),
            "teacher_id": take_strings(staff.ids, members.teacher[order]),
            "joined_on": date_column(members.joined[order]),
            "left_on": date_column(members.left[order]),
        },
    )
