"""Titles held 认定: the career chains as rows, plus new-teacher, principal, researcher titles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.synth.careers import (
    CITY,
    COUNTY,
    PROVINCE,
    SCHOOL,
    TEACHER_TRACK,
    TRACKS,
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

TIERS = tuple(Tier)
LEVELS = tuple(Level)
NEW, EMERGING, BACKBONE, FAMOUS, EDUCATOR = range(len(TIERS))
PRINCIPAL_TRACK = TRACKS.index(Track.PRINCIPAL)
RESEARCHER_TRACK = TRACKS.index(Track.RESEARCHER)

NEW_TEACHER_DAYS = 365  # domain.md: new = teaching age <= 1 year
EXPIRING_SHARE = 0.10  # titles with a term; the rest never lapse
TERMS_YEARS = (3.0, 5.0)
PRINCIPAL_BACKBONE = 0.4
# TX-PRINCIPAL-TENURE: (level, years as principal at least, share of those eligible)
PRINCIPAL_FAMOUS = ((COUNTY, 2.0, 0.25), (CITY, 4.0, 0.35), (PROVINCE, 6.0, 0.30))
RESEARCHER_BACKBONE = 0.35


@dataclass
class TitleRows:
    teacher: IntArray
    tier: IntArray
    level: IntArray
    track: IntArray
    awarded: IntArray
    valid_until: IntArray

    @classmethod
    def of(
        cls,
        teacher: IntArray,
        tier: int,
        level: IntArray | int,
        track: IntArray | int,
        awarded: IntArray,
    ) -> TitleRows:
        n = teacher.size
        return cls(
            teacher.astype(np.int64),
            np.full(n, tier, dtype=np.int64),
            np.broadcast_to(np.asarray(level, dtype=np.int64), (n,)).copy(),
            np.broadcast_to(np.asarray(track, dtype=np.int64), (n,)).copy(),
            awarded.astype(np.int64),
            np.full(n, NO_DATE, dtype=np.int64),
        )

    @classmethod
    def concat(cls, parts: Sequence[TitleRows]) -> TitleRows:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))

    def take(self, rows: IntArray) -> TitleRows:
        return TitleRows(*(getattr(self, f.name)[rows] for f in fields(self)))

    def __len__(self) -> int:
        return int(self.teacher.size)


def draw_titles(
    staff: Staff, careers: Careers, has_province: bool, as_of_day: int, rng: Rng
) -> TitleRows:
    rows = TitleRows.concat(
        [
            new_teacher_titles(staff, as_of_day, rng),
            chain_titles(careers.emerging, EMERGING),
            chain_titles(careers.backbone, BACKBONE),
            chain_titles(careers.famous, FAMOUS),
            educator_titles(careers),
            principal_titles(staff, has_province, rng),
            researcher_titles(staff, rng),
        ]
    )
    rows.valid_until = draw_terms(rows.awarded, rng)
    return rows.take(np.lexsort((rows.awarded, rows.teacher)))


def chain_titles(chain: Chain, tier: int) -> TitleRows:
    teacher, level = np.nonzero(chain.held)
    awarded = chain.award[teacher, level]
    return TitleRows.of(teacher.astype(np.int64), tier, level, chain.track[teacher], awarded)


def new_teacher_titles(staff: Staff, as_of_day: int, rng: Rng) -> TitleRows:
    """Every teacher in the first year holds the school-level new-teacher title."""
    new = np.flatnonzero(as_of_day - staff.entry <= NEW_TEACHER_DAYS)
    awarded = np.minimum(staff.entry[new] + rng.integers(0, 11, new.size), as_of_day)
    return TitleRows.of(new, NEW, SCHOOL, TEACHER_TRACK, awarded)


def educator_titles(careers: Careers) -> TitleRows:
    chosen = np.flatnonzero(careers.educator_level >= 0)
    return TitleRows.of(
        chosen,
        EDUCATOR,
        careers.educator_level[chosen],
        TEACHER_TRACK,
        careers.educator_day[chosen],
    )


def principal_titles(staff: Staff, has_province: bool, rng: Rng) -> TitleRows:
    """Principal track (JM): new principal, backbone principal, famous principals by tenure."""
    chosen = np.flatnonzero(staff.principal)
    since, last = staff.principal_since[chosen], staff.last_day[chosen]
    tenure = (last - since) / YEAR
    parts = []
    new = tenure <= 1.0
    parts.append(TitleRows.of(chosen[new], NEW, COUNTY, PRINCIPAL_TRACK, since[new]))
    backbone = (tenure >= 1.0) & (rng.random(chosen.size) < PRINCIPAL_BACKBONE)
    day = since + years_in_days(rng.uniform(1.0, np.minimum(np.maximum(tenure, 1.0), 4.0)))
    parts.append(TitleRows.of(chosen[backbone], BACKBONE, COUNTY, PRINCIPAL_TRACK, day[backbone]))
    reached = np.ones(chosen.size, dtype=np.bool_)
    previous = since
    for level, years, share in PRINCIPAL_FAMOUS:
        if level == PROVINCE and not has_province:
            break
        earliest = np.maximum(previous + 365, since + years_in_days(years))
        day = earliest + years_in_days(rng.uniform(0.0, 1.5, chosen.size))
        reached &= (tenure >= years) & (rng.random(chosen.size) < share) & (day <= last)
        parts.append(TitleRows.of(chosen[reached], FAMOUS, level, PRINCIPAL_TRACK, day[reached]))
        previous = day
    return TitleRows.concat(parts)


def researcher_titles(staff: Staff, rng: Rng) -> TitleRows:
    """Researcher track (JM): new researcher at appointment, some backbone researchers later."""
    chosen = np.flatnonzero(staff.researcher)
    start = staff.entry[chosen] + years_in_days(5.0)
    appointed = day_between(rng, start, staff.last_day[chosen])
    later = appointed + years_in_days(rng.uniform(2.0, 5.0, chosen.size))
    backbone = (rng.random(chosen.size) < RESEARCHER_BACKBONE) & (later <= staff.last_day[chosen])
    return TitleRows.concat(
        [
            TitleRows.of(chosen, NEW, COUNTY, RESEARCHER_TRACK, appointed),
            TitleRows.of(chosen[backbone], BACKBONE, COUNTY, RESEARCHER_TRACK, later[backbone]),
        ]
    )


def draw_terms(awarded: IntArray, rng: Rng) -> IntArray:
    """About 10% of titles run for a 3- or 5-year term; older ones have lapsed by now."""
    term = years_in_days(rng.choice(TERMS_YEARS, awarded.size)) - 1
    expiring = rng.random(awarded.size) < EXPIRING_SHARE
    return np.where(expiring, awarded + term, NO_DATE)


def awarding_org(region: Region, staff: Staff, teacher: IntArray, level: IntArray) -> IntArray:
    """The org at ``level`` above the teacher's school (JM: awarded by that level's body)."""
    by_level = np.stack(
        [
            region.school_org[staff.school[teacher]],
            region.county_org[staff.county[teacher]],
            region.city_org[staff.city[teacher]],
            np.full(teacher.size, region.province_org, dtype=np.int64),
        ]
    )
    return by_level[level, np.arange(teacher.size)]


def titles_table(rows: TitleRows, staff: Staff, region: Region) -> pa.Table:
    org = awarding_org(region, staff, rows.teacher, rows.level)
    return table(
        "titles",
        {
            "teacher_id": take_strings(staff.ids, rows.teacher),
            "tier": take_strings([t.value for t in TIERS], rows.tier),
            "level": take_strings([lv.value for lv in LEVELS], rows.level),
            "org_id": take_strings(region.org_ids, org),
            "awarded_on": date_column(rows.awarded),
            "valid_until": date_column(rows.valid_until),
            "track": take_strings([t.value for t in TRACKS], rows.track),
        },
    )
