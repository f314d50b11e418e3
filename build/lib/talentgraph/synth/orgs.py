"""The org tree: a province or city root, counties, and schools sized to hold every teacher.

Ids are ASCII and positional (C01, C01-K03, C01-K03-S0012); names are Chinese
and built from syllable tables (domain.md section 1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from talentgraph.domain.enums import OrgKind
from talentgraph.synth.common import (
    BoolArray,
    IntArray,
    Rng,
    concat_strings,
    numbered_ids,
    rank_within,
    table,
    take_strings,
)
from talentgraph.synth.vocab import (
    NUMERALS,
    PLACE_SYLLABLES,
    RURAL_SIZE_FACTOR,
    SCHOOL_TYPES,
)

CITY_ROOT_MAX_TEACHERS = 50_000  # up to here the region is one city with counties
TEACHERS_PER_COUNTY = 4_000
COUNTIES_PER_CITY = 10
URBAN_DISTRICTS_PER_CITY = 2  # the first counties of a city are districts 区, the rest 县
RURAL_SCHOOLS_PER_TOWN = 3
MIN_SCHOOL_SIZE = 5
PROVINCE_ID = "P01"


@dataclass(frozen=True)
class Region:
    """Org ids in table order plus, per school/county/city, where it sits."""

    org_ids: pa.Array
    province_org: int  # index into org_ids, -1 when the root is a city
    city_org: IntArray
    county_city: IntArray
    county_org: IntArray
    school_county: IntArray
    school_org: IntArray
    school_type: IntArray
    school_rural: BoolArray
    school_size: IntArray
    table: pa.Table

    @property
    def has_province(self) -> bool:
        return self.province_org >= 0

    @property
    def school_city(self) -> IntArray:
        return self.county_city[self.school_county]


def build_region(teachers: int, rng: Rng) -> Region:
    sizes, types, rural = draw_schools(teachers, rng)
    n_counties = max(1, round(teachers / TEACHERS_PER_COUNTY))
    with_province = teachers > CITY_ROOT_MAX_TEACHERS
    n_cities = max(2, round(n_counties / COUNTIES_PER_CITY)) if with_province else 1
    school_county = split_evenly(np.cumsum(sizes) - sizes, teachers, n_counties)
    county_city = split_evenly(np.arange(n_counties), n_counties, n_cities)
    place = place_names(n_counties + n_cities + 1, rng)
    city_ids, county_ids, school_ids = tree_ids(county_city, school_county)
    cities = Layer(
        OrgKind.CITY,
        city_ids,
        concat_strings(take_strings(place, np.arange(1, n_cities + 1)), "市"),
        pa.array([PROVINCE_ID if with_province else None] * n_cities, pa.string()),
    )
    counties = Layer(
        OrgKind.COUNTY,
        county_ids,
        county_names(place, n_cities, rank_within(county_city)),
        take_strings(city_ids, county_city),
    )
    schools = Layer(
        OrgKind.SCHOOL,
        school_ids,
        school_names(place, n_cities, school_county, types, rural, rng),
        take_strings(county_ids, school_county),
        pa.array(rural, pa.bool_()),
    )
    province = Layer.root(OrgKind.PROVINCE, PROVINCE_ID, str(place[0].as_py()) + "省")
    layers = [province] * with_province + [cities, counties, schools]
    first = np.cumsum([0] + [len(layer.ids) for layer in layers])[-4:-1]  # city, county, school
    return Region(
        org_ids=pa.concat_arrays([layer.ids for layer in layers]),
        province_org=0 if with_province else -1,
        city_org=np.arange(n_cities, dtype=np.int64) + first[0],
        county_city=county_city,
        county_org=np.arange(n_counties, dtype=np.int64) + first[1],
        school_county=school_county,
        school_org=np.arange(sizes.size, dtype=np.int64) + first[2],
        school_type=types,
        school_rural=rural,
        school_size=sizes,
        table=orgs_table(layers),
    )


def tree_ids(county_city: IntArray, school_county: IntArray) -> tuple[pa.Array, pa.Array, pa.Array]:
    """C01, C01-K03, C01-K03-S0012: each id extends its parent's, numbered within it."""
    n_cities = int(county_city.max()) + 1
    city_ids = numbered_ids("C", np.arange(1, n_cities + 1), 2)
    county_ids = concat_strings(
        take_strings(city_ids, county_city), numbered_ids("-K", rank_within(county_city) + 1, 2)
    )
    school_ids = concat_strings(
        take_strings(county_ids, school_county),
        numbered_ids("-S", rank_within(school_county) + 1, 4),
    )
    return city_ids, county_ids, school_ids


def draw_schools(teachers: int, rng: Rng) -> tuple[IntArray, IntArray, BoolArray]:
    """School sizes, types and rural flags whose sizes add up to exactly ``teachers``."""
    cap = teachers // MIN_SCHOOL_SIZE + 8
    shares = np.array([t.share for t in SCHOOL_TYPES])
    types = rng.choice(len(SCHOOL_TYPES), cap, p=shares / shares.sum()).astype(np.int64)
    rural = rng.random(cap) < np.array([t.rural_share for t in SCHOOL_TYPES])[types]
    low = np.array([t.size[0] for t in SCHOOL_TYPES])[types]
    high = np.array([t.size[1] for t in SCHOOL_TYPES])[types]
    sizes = rng.integers(low, high + 1).astype(np.int64)
    sizes = np.where(rural, np.rint(sizes * RURAL_SIZE_FACTOR), sizes).astype(np.int64)
    sizes = np.maximum(sizes, MIN_SCHOOL_SIZE)
    used = int(np.searchsorted(np.cumsum(sizes), teachers)) + 1
    sizes, types, rural = sizes[:used].copy(), types[:used], rural[:used]
    sizes[-1] -= int(sizes.sum()) - teachers
    if used > 1 and sizes[-1] < MIN_SCHOOL_SIZE:  # fold a tiny remainder into its neighbour
        sizes[-2] += sizes[-1]
        sizes, types, rural = sizes[:-1], types[:-1], rural[:-1]
    return sizes, types, rural


def split_evenly(positions: IntArray, total: int, parts: int) -> IntArray:
    """Which of ``parts`` consecutive equal slices of [0, total) each position falls in."""
    return np.minimum(positions * parts // max(total, 1), parts - 1).astype(np.int64)


def place_names(count: int, rng: Rng) -> pa.Array:
    """Distinct two-syllable place names (repeats only past 900 places)."""
    pairs = len(PLACE_SYLLABLES) ** 2
    return syllable_pairs(rng.choice(pairs, count, replace=count > pairs).astype(np.int64))


def syllable_pairs(codes: IntArray) -> pa.Array:
    """Two syllables per code; a doubled syllable (广广) is nudged to the next one."""
    first, second = np.divmod(codes % len(PLACE_SYLLABLES) ** 2, len(PLACE_SYLLABLES))
    second = np.where(first == second, (second + 1) % len(PLACE_SYLLABLES), second)
    return concat_strings(
        take_strings(PLACE_SYLLABLES, first), take_strings(PLACE_SYLLABLES, second)
    )


def county_names(place: pa.Array, n_cities: int, county_rank: IntArray) -> pa.Array:
    n_counties = county_rank.size
    kind = take_strings(("区", "县"), (county_rank >= URBAN_DISTRICTS_PER_CITY).astype(np.int64))
    own = take_strings(place, np.arange(n_counties) + n_cities + 1)
    return concat_strings(own, kind)


def school_names(
    place: pa.Array,
    n_cities: int,
    school_county: IntArray,
    types: IntArray,
    rural: BoolArray,
    rng: Rng,
) -> pa.Array:
    """城关第二小学 style: urban schools carry the county's name, rural ones their town's."""
    town = town_codes(school_county, rural, rng)
    county_place = take_strings(place, school_county + n_cities + 1).to_numpy(False)
    town_place = concat_strings(syllable_pairs(town), "镇").to_numpy(False)
    prefix = pa.array(np.where(rural, town_place, county_place), pa.string())
    rank = rank_in_place(np.where(rural, town, -1 - school_county), types)
    # Urban: 实验, 第二, 第三, ...; rural: 中心, 第二, 第三, ...
    flagship = take_strings([t.flagship for t in SCHOOL_TYPES], types).to_numpy(False)
    first_word = np.where(rural, "中心", flagship)
    numbered = concat_strings(
        "第", take_strings(NUMERALS, np.minimum(rank, len(NUMERALS) - 1))
    ).to_numpy(False)
    ordinal = pa.array(np.where(rank == 0, first_word, numbered), pa.string())
    suffix = take_strings([t.suffix for t in SCHOOL_TYPES], types)
    return concat_strings(prefix, ordinal, suffix)


def town_codes(school_county: IntArray, rural: BoolArray, rng: Rng) -> IntArray:
    """A town 镇 (as a syllable-pair code) per school, about three rural schools per town."""
    per_county_rural = np.bincount(school_county[rural], minlength=int(school_county.max()) + 1)
    towns = np.maximum(per_county_rural[school_county] // RURAL_SCHOOLS_PER_TOWN, 1)
    town = (rng.random(school_county.size) * towns).astype(np.int64)
    return (school_county * 7919 + town * 104729) % len(PLACE_SYLLABLES) ** 2


def rank_in_place(place: IntArray, types: IntArray) -> IntArray:
    """0, 1, 2, ... over the schools of one type in one place, in id order."""
    group = place * len(SCHOOL_TYPES) + types
    order = np.argsort(group, kind="stable")
    rank = np.empty_like(order)
    rank[order] = rank_within(group[order])
    return rank.astype(np.int64)


@dataclass(frozen=True)
class Layer:
    """One kind of org: ids, names, the parent's id (null for a root), rural (schools only)."""

    kind: OrgKind
    ids: pa.Array
    names: pa.Array
    parent_ids: pa.Array
    rural: pa.Array | None = None

    @classmethod
    def root(cls, kind: OrgKind, org_id: str, name: str) -> Layer:
        return cls(kind, pa.array([org_id]), pa.array([name]), pa.nulls(1, pa.string()))


def orgs_table(layers: list[Layer]) -> pa.Table:
    def stacked(part: Callable[[Layer], pa.Array]) -> pa.Array:
        return pa.concat_arrays([part(layer) for layer in layers])

    return table(
        "orgs",
        {
            "id": stacked(lambda layer: layer.ids),
            "kind": stacked(lambda layer: pa.array([layer.kind.value] * len(layer.ids))),
            "name": stacked(lambda layer: layer.names),
            "parent_id": stacked(lambda layer: layer.parent_ids),
            "rural": stacked(
                lambda layer: (
                    pa.nulls(len(layer.ids), pa.bool_()) if layer.rural is None else layer.rural
                )
            ),
        },
    )
