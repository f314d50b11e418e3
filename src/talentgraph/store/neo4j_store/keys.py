"""Row keys for bundle tables without ids: ``<owner>:<content hash>:<occurrence>``.

The load MERGEs such rows on their key, so loading the same rows again (in any order) finds them
instead of doubling them. Hashes are computed column by column with numpy (FNV-1a of strings,
splitmix64 to mix), fast enough for millions of rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]

_FNV_OFFSET, _FNV_PRIME = np.uint64(0xCBF29CE484222325), np.uint64(0x100000001B3)
_NULL_WORD = np.uint64(0x9E3779B97F4A7C15)


def row_keys(table: pa.Table, owner: str) -> pa.Array:
    """``<owner>:<content hash>:<occurrence>`` per row, e.g. ``T1:8461…:0``.

    The hash covers every column, so the same rows get the same keys in any order; identical
    rows of one owner are told apart by their occurrence (0, 1, ...) in table order.
    """
    digest = _row_hash(table)
    return pc.binary_join_element_wise(
        table[owner].combine_chunks(),
        pa.array(digest).cast(pa.string()),
        pa.array(_occurrence(digest)).cast(pa.string()),
        ":",
    )


def _row_hash(table: pa.Table) -> U64:
    digest = np.full(table.num_rows, _FNV_OFFSET, dtype=np.uint64)
    for column in table.columns:
        digest = _mix(digest ^ _value_hash(column.combine_chunks()))
    return digest


def _value_hash(values: pa.Array) -> U64:
    """A 64-bit hash of each value (one fixed word for nulls)."""
    if pa.types.is_string(values.type) or pa.types.is_dictionary(values.type):
        # Hash each distinct string once; a column held encoded hashes as its strings do.
        encoded = values if pa.types.is_dictionary(values.type) else pc.dictionary_encode(values)
        distinct = _fnv1a(encoded.dictionary)
        codes = np.asarray(pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False))
        words = distinct[codes] if distinct.size else np.zeros(len(values), np.uint64)
    elif pa.types.is_floating(values.type):
        words = _numbers(values, np.float64).view(np.uint64)
    else:  # dates, integers, booleans
        as_int = values.cast(pa.int32()) if pa.types.is_date32(values.type) else values.cast(pa.int64())
        words = _numbers(as_int, np.int64).view(np.uint64)
    nulls = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return np.where(nulls, _NULL_WORD, _mix(words))


def _numbers(values: pa.Array, dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.asarray(pc.fill_null(values, 0).to_numpy(zero_copy_only=False)).astype(dtype)


def _fnv1a(strings: pa.Array) -> U64:
    """64-bit FNV-1a of each string's UTF-8 bytes: one numpy pass per byte position."""
    binary = strings.cast(pa.large_binary())
    _, offsets_buffer, data_buffer = binary.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int64)[binary.offset: binary.offset + len(binary) + 1]
    data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    start, length = offsets[:-1], np.diff(offsets)
    digest = np.full(len(binary), _FNV_OFFSET, dtype=np.uint64)
    for position in range(int(length.max(initial=0))):
        live = np.flatnonzero(length > position)
        digest[live] = (digest[live] ^ data[start[live] + position]) * _FNV_PRIME
    return digest


def _mix(x: U64) -> U64:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _occurrence(digest: U64) -> npt.NDArray[np.int64]:
    """For each row, how many earlier rows have the same digest."""
    n = digest.shape[0]
    order = np.argsort(digest, kind="stable")
    ranked = digest[order]
    run_starts = np.ones(n, dtype=bool)
    run_starts[1:] = ranked[1:] != ranked[:-1]
    first_of_run = np.maximum.accumulate(np.where(run_starts, np.arange(n), 0))
    occurrence = np.empty(n, dtype=np.int64)
    occurrence[order] = np.arange(n) - first_of_run
    return occurrence
