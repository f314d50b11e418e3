"""A validated roster: one typed Arrow table per table of the schema.

This is talentgraph's canonical form of a region's data. Readers produce it
(after validation), writers and stores consume it, snapshots persist it.
Columns follow the table schema (``domain/tables.py``) in order and with these
Arrow types; columns a user added beyond it are kept, as strings, after them. The text columns
in ``ENCODED`` may be held dictionary-encoded (each distinct string once, each row a small
integer): a validated roster holds them so, a roster from elsewhere (an older snapshot, a Neo4j
read, a write) may hold plain strings, and every reader takes either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.columns import ColType, TableSpec
from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.errors import Problem

ARROW_TYPES: dict[ColType, pa.DataType] = {
    ColType.ID: pa.string(),
    ColType.TEXT: pa.string(),
    ColType.ENUM: pa.string(),
    ColType.ENUM_LIST: pa.string(),
    ColType.DATE: pa.date32(),
    ColType.BOOL: pa.bool_(),
    ColType.NUMBER: pa.float64(),
    ColType.INT: pa.int64(),
}


# The enums of every table, and the texts that name one of a short list (a subject, a training
# programme), where the same few strings repeat row after row (at a million teachers: 9.4 million
# training records, 8.3 million reviews): held dictionary-encoded they take a byte or two a row
# instead of the string and its offset (training's programme names alone: 257 MB as strings).
# Ids, names and other texts stay strings. Beware: pyarrow's ``to_numpy`` of an encoded column
# reads an empty cell's code as if it were set (a value, not None); read ``to_pylist`` or the codes.
_LISTED_TEXTS = frozenset({"subject", "programme"})
ENCODED: dict[str, frozenset[str]] = {
    name: frozenset(c.name for c in spec.columns
                    if c.type is ColType.ENUM or (c.type is ColType.TEXT and c.name in _LISTED_TEXTS))
    for name, spec in SPECS.items()
}


def smallest_index(size: int) -> pa.DataType:
    """The narrowest signed integer type that numbers ``size`` dictionary values."""
    return pa.int8() if size <= 127 else pa.int16() if size <= 32_767 else pa.int32()


def unified(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary-encoded column with one dictionary for all its chunks (indices widened when
    the chunks' dictionaries together hold more values than theirs can number)."""
    together = sum(len(chunk.dictionary) for chunk in column.chunks)
    if smallest_index(together).bit_width > column.type.index_type.bit_width:
        column = column.cast(pa.dictionary(smallest_index(together), column.type.value_type))
    return column.unify_dictionaries()


def encoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A text column dictionary-encoded, one dictionary for every chunk, narrowest indices."""
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    column = unified(column)
    size = len(column.chunk(0).dictionary) if column.num_chunks else 0
    wanted = pa.dictionary(smallest_index(size), pa.string())
    return column if column.type == wanted else column.cast(wanted)


def texts_of(column: pa.ChunkedArray) -> list[pa.Array]:
    """The strings a column holds, each at least once: a string column's chunks, an encoded
    column's dictionaries; none for other types (to look for a character in a table's text)."""
    if pa.types.is_dictionary(column.type):
        return [chunk.dictionary for chunk in column.chunks]
    return list(column.chunks) if pa.types.is_string(column.type) else []


def plain(table: pa.Table) -> pa.Table:
    """``table`` with every dictionary-encoded column as plain values."""
    if not any(pa.types.is_dictionary(f.type) for f in table.schema):
        return table
    columns = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.Table.from_arrays(columns, names=table.column_names)


def arrow_schema(spec: TableSpec) -> pa.Schema:
    """The Arrow schema of a table's columns (extras not included)."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in spec.columns])


def empty_table(name: str) -> pa.Table:
    return arrow_schema(SPECS[name]).empty_table()


@dataclass
class Roster:
    """Every bundle file as a typed table; absent optional files are empty.

    ``present`` names the files the source bundle actually had, so a writer
    can reproduce the same set of files. ``notices`` is what the reader
    noticed in the source without refusing it (an older layout read in the
    current one, a leaver without a leaving date, an encoding): the load report
    shows them. ``warnings`` is what it did not read (a file, sheet or column
    that is not in the format), each with the nearest name it knows.
    """

    tables: dict[str, pa.Table]
    present: frozenset[str] = field(default_factory=frozenset)
    notices: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    # What validation found and the fact index reuses rather than finding again: the row each
    # reference column names in its table, (file, column) -> rows (-1: empty). Only a validated
    # roster has it; a roster made any other way starts without.
    rows: Mapping[tuple[str, str], npt.NDArray[np.int32]] = field(default_factory=dict, repr=False,
                                                                   compare=False)

    def __post_init__(self) -> None:
        for name in FILE_ORDER:
            if name not in self.tables:
                self.tables[name] = empty_table(name)
        unknown = set(self.tables) - set(FILE_ORDER)
        if unknown:
            raise ValueError(f"unknown roster tables: {sorted(unknown)}")
        if not self.present:
            self.present = frozenset(n for n, t in self.tables.items() if t.num_rows)

    def __getitem__(self, name: str) -> pa.Table:
        return self.tables[name]

    def count(self, name: str) -> int:
        return int(self.tables[name].num_rows)

    def summary(self) -> dict[str, int]:
        """Row count per file, in load order."""
        return {name: self.count(name) for name in FILE_ORDER}

    def equals(self, other: Roster) -> bool:
        """Same files with the same rows, columns and values (held encoded or not)."""
        return all(plain(self.tables[n]).equals(plain(other.tables[n])) for n in FILE_ORDER)
