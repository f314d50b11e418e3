"""A validated roster: one typed Arrow table per table of the schema.

This is talentgraph's canonical form of a region's data. Readers produce it
(after validation), writers and stores consume it, snapshots persist it.
Columns follow the table schema (``domain/tables.py``) in order and with these
Arrow types; columns a user added beyond it are kept, as strings, after them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

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
        """Same files with the same rows, columns and values."""
        return all(self.tables[n].equals(other.tables[n]) for n in FILE_ORDER)
