"""Teacher-track careers: per teacher, how far up each tier's level chain they got, and when.

A tier's chain runs school < county < city < province (JM-LEVEL): a holder of
the city title normally holds the county and school titles of the same tier,
awarded earlier. A few chains skip a level on purpose so eligibility checks
meet "in principle" cases that need review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from talentgraph.domain.enums import Level, Track
from talentgraph.synth.common import (
    YEAR,
    BoolArray,
    FloatArray,
    IntArray,
    Rng,
    years_in_days,
)
from talentgraph.synth.teachers import Staff

SCHOOL, COUNTY, CITY, PROVINCE = (Level(v).rank for v in ("school", "county", "city", "province"))
CHAIN_LEVELS = PROVINCE + 1
TRACKS = tuple(Track)
TEACHER_TRACK, HEAD_TEACHER_TRACK = TRACKS.index(Track.TEACHER), TRACKS.index(Track.HEAD_TEACHER)
NEVER = np.iinfo(np.int64).max

# TX-RATIO: shares of ALL teachers holding backbone at this level or higher
# (province 6%, city 9%, county 15%); school-level holders are the pool below.
BACKBONE_SHARES = ((SCHOOL, 0.23), (COUNTY, 0.15), (CITY, 0.09), (PROVINCE, 0.06))
BACKBONE_MIN_SERVICE = 6.0
BACKBONE_SKIP_MIDDLE = 0.05  # city/province holders missing a lower level (JM-LEVEL review)
BACKBONE_SKIP_SCHOOL = 0.08  # county+ holders without the school-level title
# JM-EMERGING-WINDOW: the cohort that entered 3-6 years ago, best first.
EMERGING_COHORT_YEARS = (3.0, 7.0)
EMERGING_SHARES = ((SCHOOL, 0.35), (COUNTY, 0.15), (CITY, 0.05))
EMERGING_PAST_FOR_BACKBONE = 0.4  # backbone holders who came through the emerging tier
EMERGING_PAST_COUNTY = 0.3
EMERGING_PAST_OTHERS = 0.08
EMERGING_SKIP = 0.05
# JM-BACKBONE-FAMOUS: a few % of backbone holders become famous, more at higher levels.
FAMOUS_START_BY_BACKBONE_TOP = {COUNTY: 0.02, CITY: 0.05, PROVINCE: 0.10}
FAMOUS_UP = {CITY: 0.45, PROVINCE: 0.40}
FAMOUS_HEAD_TEACHER_TRACK = 0.35  # 名班主任 among head-teachers
FAMOUS_SKIP_COUNTY = 0.05  # JM-FAMOUS-CITY review cases
EDUCATOR_SHARE = 0.12  # JM-EDUCATOR: of city/province famous teachers


@dataclass
class Chain:
    """One tier's titles per teacher."""

    top: IntArray  # highest level reached, -1 for none
    award: IntArray  # (n, 4) day each level was awarded (meaningful up to top)
    held: BoolArray  # (n, 4) levels actually held; False below top = a skipped level
    track: IntArray

    @property
    def any(self) -> BoolArray:
        held_any: BoolArray = np.any(self.held, axis=1)
        return held_any

    def first_award(self) -> IntArray:
        first: IntArray = np.where(self.held, self.award, NEVER).min(axis=1)
        return first

    def top_award(self) -> IntArray:
        return self.award[np.arange(self.top.size), np.maximum(self.top, 0)]


@dataclass
class Careers:
    emerging: Chain
    backbone: Chain
    famous: Chain
    educator_level: IntArray  # -1 for none
    educator_day: IntArray


def draw_careers(staff: Staff, has_province: bool, rng: Rng) -> Careers:
    max_level = PROVINCE if has_province else CITY
    noise = 0.5 * rng.standard_normal(staff.n)
    score = staff.talent + 0.04 * np.minimum(staff.service_years, 25) + noise
    backbone = backbone_chain(staff, score, max_level, rng)
    emerging = emerging_chain(staff, score, backbone, rng)
    famous = famous_chain(staff, backbone, rng)
    level, day = educators(staff, famous, rng)
    return Careers(emerging, backbone, famous, level, day)


def backbone_chain(staff: Staff, score: FloatArray, max_level: int, rng: Rng) -> Chain:
    eligible = staff.service_years >= BACKBONE_MIN_SERVICE
    top = np.minimum(tops_by_rank(score, eligible, BACKBONE_SHARES, staff.n), max_level)
    start = staff.entry + years_in_days(4.0)
    award = chain_days(rng, start, staff.last_day, top, 1.5, 4.5)
    held = held_levels(top)
    skip_one_level(rng, held, top, BACKBONE_SKIP_MIDDLE, COUNTY, PROVINCE)
    skip_one_level(rng, held, top, BACKBONE_SKIP_SCHOOL, SCHOOL, SCHOOL)
    return Chain(top, award, held, np.full(staff.n, TEACHER_TRACK))


def emerging_chain(staff: Staff, score: FloatArray, backbone: Chain, rng: Rng) -> Chain:
    service = staff.service_years
    lo, hi = EMERGING_COHORT_YEARS
    cohort = (service >= lo) & (service < hi)
    top = tops_by_rank(score, cohort, EMERGING_SHARES, int(cohort.sum()))
    older = (service >= hi) & (top < 0)
    past_share = np.where(backbone.any, EMERGING_PAST_FOR_BACKBONE, EMERGING_PAST_OTHERS)
    past = older & (rng.random(staff.n) < past_share)
    past_county = past & backbone.any & (rng.random(staff.n) < EMERGING_PAST_COUNTY)
    top = np.where(past, np.where(past_county, COUNTY, SCHOOL), top)
    start = staff.entry + years_in_days(2.5)
    # Emerging comes before backbone (JM-EMERGING-BACKBONE) and within ~7 years of entry.
    end = np.minimum(staff.last_day, staff.entry + years_in_days(hi))
    end = np.minimum(end, backbone.first_award() - 30)
    top = np.where(end > start, top, -1)
    award = chain_days(rng, start, end, top, 0.5, 1.5)
    held = held_levels(top)
    skip_one_level(rng, held, top, EMERGING_SKIP, SCHOOL, CITY)
    return Chain(top, award, held, np.full(staff.n, TEACHER_TRACK))


def famous_chain(staff: Staff, backbone: Chain, rng: Rng) -> Chain:
    """Famous titles grow out of the backbone chain: famous@L needs backbone@L first."""
    pull = 2.0 / (1.0 + np.exp(-1.5 * staff.talent))  # mean ~1: the better, the likelier
    start_share = np.zeros(staff.n)
    for level, share in FAMOUS_START_BY_BACKBONE_TOP.items():
        start_share = np.where(backbone.top == level, share, start_share)
    top = np.where(rng.random(staff.n) < start_share * pull, COUNTY, -1)
    for level, share in FAMOUS_UP.items():
        up = (top == level - 1) & (backbone.top >= level) & (rng.random(staff.n) < share)
        top = np.where(up, level, top)
    award = np.zeros((staff.n, CHAIN_LEVELS), dtype=np.int64)
    previous = np.full(staff.n, np.iinfo(np.int64).min // 2)
    for level in (COUNTY, CITY, PROVINCE):
        gap = years_in_days(rng.uniform(1.0, 4.0, staff.n))
        award[:, level] = np.maximum(backbone.award[:, level], previous) + gap
        previous = award[:, level]
        too_late = (top >= level) & (award[:, level] > staff.last_day)
        top = np.where(too_late, level - 1, top)
    top = np.where(top >= COUNTY, top, -1)
    held = held_levels(top)
    held[:, SCHOOL] = False
    skip_one_level(rng, held, top, FAMOUS_SKIP_COUNTY, COUNTY, COUNTY)
    head = staff.head_teacher & (rng.random(staff.n) < FAMOUS_HEAD_TEACHER_TRACK)
    return Chain(top, award, held, np.where(head, HEAD_TEACHER_TRACK, TEACHER_TRACK))


def educators(staff: Staff, famous: Chain, rng: Rng) -> tuple[IntArray, IntArray]:
    """JM-EDUCATOR: a handful of city/province famous teachers, a few years later."""
    day = famous.top_award() + years_in_days(rng.uniform(2.0, 5.0, staff.n))
    chosen = (famous.top >= CITY) & (rng.random(staff.n) < EDUCATOR_SHARE)
    chosen &= day <= staff.last_day
    return np.where(chosen, famous.top, -1), day


# --- chain mechanics ------------------------------------------------------------


def tops_by_rank(
    score: FloatArray, eligible: BoolArray, shares: Sequence[tuple[int, float]], denominator: int
) -> IntArray:
    """Best-scored eligible teachers get the highest levels.

    ``shares`` are (level, share of ``denominator`` holding this level or higher).
    """
    order = np.argsort(-np.where(eligible, score, -np.inf), kind="stable")
    position = np.empty(score.size, dtype=np.int64)
    position[order] = np.arange(score.size)
    top = np.full(score.size, -1, dtype=np.int64)
    for level, share in sorted(shares, key=lambda s: -s[1]):  # widest first, higher overwrite
        top = np.where(eligible & (position < round(share * denominator)), level, top)
    return top


def chain_days(
    rng: Rng, start: IntArray, end: IntArray, top: IntArray, min_gap: float, max_gap: float
) -> IntArray:
    """(n, 4) award days: increasing along levels up to ``top``, all within [start, end]."""
    n = start.size
    gaps = rng.uniform(min_gap, max_gap, (n, CHAIN_LEVELS)) * YEAR
    gaps[:, 0] = 0.0
    gaps[np.arange(CHAIN_LEVELS)[None, :] > top[:, None]] = 0.0
    need = gaps.sum(axis=1)
    span = np.maximum(end - start, 0).astype(np.float64)
    scale = np.minimum(1.0, 0.9 * span / np.maximum(need, 1.0))  # squeeze short careers
    gaps *= scale[:, None]
    first = start + rng.random(n) * (span - need * scale)
    days: IntArray = np.floor(first[:, None] + np.cumsum(gaps, axis=1)).astype(np.int64)
    return days


def held_levels(top: IntArray) -> BoolArray:
    return np.arange(CHAIN_LEVELS)[None, :] <= top[:, None]


def skip_one_level(
    rng: Rng, held: BoolArray, top: IntArray, share: float, lowest: int, highest: int
) -> None:
    """For a share of chains reaching above ``lowest``, drop one level in [lowest, highest]
    below the top (JM-LEVEL "in principle": these holders need review, not refusal)."""
    chosen = np.flatnonzero((top > lowest) & (rng.random(top.size) < share))
    upper = np.minimum(top[chosen] - 1, highest)
    level = lowest + (rng.random(chosen.size) * (upper - lowest + 1)).astype(np.int64)
    held[chosen, level] = False


SUBJECT_LEADER_AMONG_BACKBONE = 0.22  # TX-COUNTY-BACKBONE: subject leaders 学科带头人
SUBJECT_LEADER_OTHERS = 0.006


def draw_subject_leaders(staff: Staff, careers: Careers, rng: Rng) -> BoolArray:
    """~4% of teachers lead their subject, mostly county-or-higher backbone holders."""
    backbone = careers.backbone.top >= COUNTY
    senior = staff.service_years >= 8.0
    share = np.where(senior, SUBJECT_LEADER_OTHERS, 0.0)
    share = np.where(backbone, SUBJECT_LEADER_AMONG_BACKBONE, share)
    return staff.active & (rng.random(staff.n) < share)
