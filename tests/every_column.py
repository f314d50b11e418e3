"""A small valid region in which every column of every table holds a value.

Round-trip tests (CSV, XLSX, snapshot, records, both stores) run on it, so a column added to
the table schema (``domain/models.py``) is exercised without anyone editing a test: the last
row of each table gets a value, chosen by the column's type, in every column the scenario
below leaves empty. The scenario's last teacher is a retired one, so leaving dates fit her.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from talentgraph.domain.columns import ColType, Column, TableSpec
from talentgraph.domain.tables import SPECS
from talentgraph.roster import Roster
from tests.factories import RURAL_SCHOOL, Region

SOME_DAY = dt.date(2021, 3, 1)


def every_column_roster() -> Roster:
    region = (
        Region()
        .teacher("T1", entry="2005-09-01", head_teacher=True, roles="principal;researcher",
                 principal_since="2018-09-01")
        .teacher("T2", entry="2010-09-01", school=RURAL_SCHOOL, status="retired")
        .title("T1", "backbone", "county", "2019-05-01", until="2024-05-01")
        .programme("T1", "famous", "city", "pass", enrolled="2020-09-01", completed="2021-07-01")
        .hours("T1", "2023-03-01", 90, "centralized", programme="市级骨干研修")
        .review("T1", 2023, "annual", "excellent")
        .mentorship("T1", "T2", "2011-09-01", "2012-07-01", kind="subject")
        .studio("S1", "T1", level="county", founded="2019-01-01")
        .member("S1", "T2", "2019-03-01", "2020-07-01")
        .link("S1", RURAL_SCHOOL, "2019-09-01")
        .posting("T1", RURAL_SCHOOL, "2016-09-01", "2017-07-01", kind="support")
        .round_trail("R0001", "T1")
    )
    roster = region.roster()
    tables = {name: _fill_last_row(SPECS[name], table) for name, table in roster.tables.items()}
    return Roster(tables, roster.present)


def _fill_last_row(spec: TableSpec, table: pa.Table) -> pa.Table:
    rows = table.to_pylist()
    if not rows:
        return table
    last = rows[-1]
    for column in spec.columns:
        if last[column.name] is None:
            last[column.name] = _value(column, last)
    return pa.Table.from_pylist(rows, schema=table.schema)


def _value(column: Column, row: dict[str, Any]) -> Any:
    if column.type is ColType.DATE:
        earlier = row.get(column.not_before) if column.not_before else None
        return earlier + dt.timedelta(days=300) if earlier else SOME_DAY
    if column.type in (ColType.ENUM, ColType.ENUM_LIST):
        assert column.enum is not None
        return column.default or list(column.enum)[-1].value
    generic: dict[ColType, Any] = {ColType.TEXT: "某某", ColType.BOOL: True, ColType.NUMBER: 1.5,
                                   ColType.INT: 2021}
    if column.type not in generic:
        raise AssertionError(f"{column.name}: give the scenario a value for this {column.type} column")
    return generic[column.type]


def empty_columns(roster: Roster) -> list[str]:
    """``table.column`` of every schema column without a value in ``roster``."""
    return [f"{name}.{column}" for name, spec in SPECS.items() for column in spec.column_names
            if roster[name][column].null_count == roster.count(name)]
