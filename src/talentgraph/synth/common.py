"""Plumbing shared by the generator's parts: days, ragged ranges, group sampling, Arrow columns.

Dates are carried as int64 day numbers (days since 1970-01-01, Arrow's date32
unit) so every date rule is plain integer arithmetic; ``NO_DATE`` marks an
empty cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from talentgraph.domain.tables import SPECS
from talentgraph.roster import arrow_schema

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Rng = np.random.Generator

YEAR = 365.25  # days
NO_DATE = np.iinfo(np.int32).min  # an empty date cell
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# One independent stream per part, so changing one part never reshuffles another.
STREAMS = (
    "orgs",
    "teachers",
    "titles",
    "programmes",
    "training",
    "reviews",
    "mentorships",
    "postings",
    "studios",
    "programme_types",  # appended: earlier streams draw what they drew before it existed
)


def rng_streams(seed: int) -> dict[str, Rng]:
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {
        name: np.random.Generator(np.random.PCG64(s))
        for name, s in zip(STREAMS, children, strict=True)
    }


# --- days -------------------------------------------------------------------


def day_number(d: date) -> int:
    return d.toordinal() - _EPOCH_ORDINAL


def year_of(days: IntArray) -> IntArray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def first_day_of(years: IntArray) -> IntArray:
    return (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)


def years_in_days(years: FloatArray | float) -> IntArray:
    return np.rint(np.asarray(years, dtype=np.float64) * YEAR).astype(np.int64)


def day_between(rng: Rng, lo: IntArray, hi: IntArray) -> IntArray:
    """A uniform day in [lo, hi] per row (lo where hi < lo)."""
    width = np.maximum(hi - lo + 1, 1)
    day: IntArray = lo + (rng.random(lo.shape[0]) * width).astype(np.int64)
    return day


# --- index helpers ------------------------------------------------------------


def ragged_arange(counts: IntArray) -> IntArray:
    """0..c-1 for each count c, concatenated: [2, 3] -> [0, 1, 0, 1, 2]."""
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    positions: IntArray = np.arange(total, dtype=np.int64) - np.repeat(starts, counts)
    return positions


def rank_within(sorted_groups: IntArray) -> IntArray:
    """Position of each row inside its run of equal (already sorted) group values."""
    if sorted_groups.size == 0:
        return np.zeros(0, dtype=np.int64)
    new_run = np.r_[True, sorted_groups[1:] != sorted_groups[:-1]]
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(sorted_groups.size), 0))
    return np.arange(sorted_groups.size, dtype=np.int64) - run_start


def last_of_runs(sorted_groups: IntArray) -> BoolArray:
    """True on the last row of each run of equal (already sorted) group values."""
    if sorted_groups.size == 0:
        return np.zeros(0, dtype=np.bool_)
    last: BoolArray = np.r_[sorted_groups[1:] != sorted_groups[:-1], True]
    return last


def pick_in_range(rng: Rng, lo: IntArray, hi: IntArray) -> IntArray:
    """A uniform position in [lo, hi) per row, or -1 where the range is empty."""
    width = hi - lo
    pos = lo + (rng.random(lo.shape[0]) * width).astype(np.int64)
    return np.where(width > 0, pos, -1)


def pick_in_group(rng: Rng, sorted_pool_groups: IntArray, wanted: IntArray) -> IntArray:
    """For each wanted group, a random position of the sorted pool in that group, else -1."""
    lo = np.searchsorted(sorted_pool_groups, wanted, "left").astype(np.int64)
    hi = np.searchsorted(sorted_pool_groups, wanted, "right").astype(np.int64)
    return pick_in_range(rng, lo, hi)


def lookup(values: IntArray, positions: IntArray) -> IntArray:
    """values[positions], with -1 wherever a position is -1 (even when values is empty)."""
    if values.size == 0:
        return np.full(positions.size, -1, dtype=np.int64)
    found: IntArray = np.where(positions >= 0, values[np.maximum(positions, 0)], -1)
    return found


def fill_missing(picked: IntArray, fallback: IntArray) -> IntArray:
    return np.where(picked >= 0, picked, fallback)


def unique_pairs(a: IntArray, b: IntArray) -> IntArray:
    """Indices of the first occurrence of each (a, b) pair, in original order."""
    key = a * (int(b.max(initial=0)) + 1) + b
    _, first = np.unique(key, return_index=True)
    return np.sort(first).astype(np.int64)


# --- Arrow columns ------------------------------------------------------------


def take_strings(
    values: pa.Array | Sequence[str], codes: IntArray, missing: BoolArray | None = None
) -> pa.Array:
    """values[codes] as a string column; rows in ``missing`` are null."""
    source = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    return pc.take(source, pa.array(codes, mask=missing))


def date_column(days: IntArray) -> pa.Array:
    missing = days == NO_DATE
    return pa.array(days.astype(np.int32), mask=missing).view(pa.date32())


def bool_column(values: BoolArray, missing: BoolArray | None = None) -> pa.Array:
    return pa.array(values, pa.bool_(), mask=missing)


def numbered_ids(prefix: str | pa.Array, numbers: IntArray, width: int) -> pa.Array:
    """prefix + zero-padded number, e.g. ("T", 12, 7) -> "T0000012"."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def concat_strings(*parts: str | pa.Array) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def table(name: str, columns: Mapping[str, pa.Array]) -> pa.Table:
    """A roster table with the schema's Arrow schema: a column the generator does not draw
    (yet) is empty, as in a bundle that leaves it out; a required or unknown one is an error."""
    spec, schema = SPECS[name], arrow_schema(SPECS[name])
    unknown = set(columns) - set(schema.names)
    missing = {c.name for c in spec.columns if c.required} - set(columns)
    if unknown or missing:
        raise ValueError(f"{name}: unknown columns {sorted(unknown)}, missing {sorted(missing)}")
    rows = len(next(iter(columns.values())))
    return pa.Table.from_arrays([columns[f.name] if f.name in columns else pa.nulls(rows, f.type)
                                 for f in schema], schema=schema)
