"""Rows as the reads return them, turned into Arrow tables with each bundle file's schema.

Every read returns, per record, a list of rows; a row is the row's ``ordinal`` (its position in
its bundle file), then the file's columns in spec order, then the extra columns asked for. Dates
come as ISO text. Tables come back sorted by ordinal, so rows keep the bundle's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import neo4j
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.tables import SPECS
from talentgraph.roster import arrow_schema

ORDINAL = "ordinal"  # property: the row's position in its bundle file


def rows(records: list[neo4j.Record]) -> list[list[Any]]:
    """The rows of records that each carry a list of rows (one record per school)."""
    return [row for record in records for row in record["rows"]]


def meta(records: list[neo4j.Record]) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Files present and extra columns per file, as the loads recorded them on the Meta node."""
    if not records:
        return frozenset(), {}
    extras: dict[str, tuple[str, ...]] = {}
    for item in records[0]["extras"] or ():
        name, column = item.split(".", 1)
        extras[name] = (*extras.get(name, ()), column)
    return frozenset(records[0]["present"] or ()), extras


def table(name: str, found: list[list[Any]], extras: Sequence[str] = ()) -> pa.Table:
    """Rows of values (ordinal, spec columns in order, then ``extras``) as a table with the file's
    schema, in the bundle's row order."""
    if not found:  # most tables of one teacher's facts: skip building and sorting nothing
        return empty(name, tuple(extras))
    fields = [pa.field(ORDINAL, pa.int64()), *arrow_schema(SPECS[name]),
              *(pa.field(c, pa.string()) for c in extras)]
    if len(found[0]) != len(fields):
        raise RuntimeError(f"{name}: a query returned {len(found[0])} columns for {len(fields)}")
    columns = list(zip(*found, strict=True))
    built = pa.Table.from_arrays([_column(c, f.type) for c, f in zip(columns, fields, strict=True)],
                                 schema=pa.schema(fields))
    if len(found) > 1:
        # Rows written by something else than load() have no ordinal: they go last.
        built = built.take(pc.sort_indices(built, [(ORDINAL, "ascending")]))  # nulls sort last
    return built.drop_columns([ORDINAL])


@cache
def empty(name: str, extras: tuple[str, ...]) -> pa.Table:
    return pa.schema([*arrow_schema(SPECS[name]), *(pa.field(c, pa.string()) for c in extras)]).empty_table()


def _column(values: Sequence[Any], type_: pa.DataType) -> pa.Array:
    if pa.types.is_date32(type_):  # the queries send dates as ISO text: Arrow parses them in one pass
        return pa.array(values, pa.string()).cast(pa.date32())
    return pa.array(values, type=type_)


def first_per_id(found: pa.Table) -> pa.Table:
    """Rows with an id seen before dropped (a studio lead can come twice)."""
    ids = np.asarray(found["id"].to_numpy(zero_copy_only=False), dtype=object)
    _, first = np.unique(ids, return_index=True)
    return found if first.size == found.num_rows else found.take(np.sort(first))
