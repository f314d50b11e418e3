"""Storing a write all or nothing: the changed part of the graph is checked like a bundle first.

A write becomes ``Change``s (store/changes.py): the complete new rows of one table for one
owner. Before anything is stored, the change is applied to the part of the graph it touches
(every org, the teachers and studios its rows refer to, the owner's current rows) and that
part is checked with the bundle validator, the same rules ``talentgraph load`` applies (ids,
enums, dates, references, org kinds, date order, results that fit the review kind, ...). Any
problem raises ``BundleError`` and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import BaseModel, ValidationError

from talentgraph.bundle.read import RawBundle, RawTable
from talentgraph.bundle.validate import validate
from talentgraph.bundle.write import as_text
from talentgraph.domain.message import N_, message
from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.errors import BundleError, Conflict, Problem
from talentgraph.records_model import row_of
from talentgraph.roster import Roster, empty_table
from talentgraph.store.changes import Change, apply_changes
from talentgraph.store.protocol import RecordStore


def today() -> dt.date:
    return dt.date.today()


def revalidate(model: type[BaseModel], values: dict[str, Any], table: str) -> BaseModel:
    """``values`` as a ``model``, or a BundleError naming each field that does not fit."""
    try:
        return model.model_validate(values)
    except ValidationError as e:
        raise BundleError([Problem(table, None, ".".join(str(p) for p in err["loc"]) or None, err["msg"])
                           for err in e.errors()]) from None


def refuse_repeats(table: str, current: list[dict[str, Any]], row: dict[str, Any]) -> None:
    columns = SPECS[table].column_names
    if any(all(old.get(c) == row.get(c) for c in columns) for old in current):
        raise Conflict(message(N_("this {table} record is already stored"), table=table))
    key = SPECS[table].key
    if key and any(all(old.get(c) == row.get(c) for c in key) for old in current):
        raise Conflict(message(N_("a {table} record with the same {key} is already stored"), table=table,
                               key=", ".join(key)))


def context(store: RecordStore, table: str, owner: str, new: Sequence[BaseModel]) -> Roster:
    """The part of the graph a change of ``owner``'s rows of ``table`` touches."""
    if table == "studios":
        owned = store.studio_rows([owner])["studios"]
    elif table == "studio_links":
        owned = store.studio_rows([owner])["studio_links"]
    else:
        owned = store.rows_of([owner], (table,))[table]
    rows = [*owned.to_pylist(), *(row_of(table, m) for m in new)]
    teachers: set[str] = set()
    studios: set[str] = set()
    for column in SPECS[table].columns:
        if column.ref is not None and column.ref.file in ("teachers", "studios"):
            found = {r[column.name] for r in rows if r.get(column.name) is not None}
            (teachers if column.ref.file == "teachers" else studios).update(found)
    if table == "teachers":
        teachers.add(owner)
    if table == "studio_links":
        studios.add(owner)
    studio_table = store.studio_rows(sorted(studios))["studios"] if studios else empty_table("studios")
    teachers.update(studio_table["lead_id"].to_pylist())
    people = store.rows_of(sorted(teachers), ("teachers",))
    tables = {"orgs": people["orgs"], "teachers": people["teachers"], "studios": studio_table, table: owned}
    return Roster(tables, people.present)


def node_change(table: str, stored: pa.Table, model: BaseModel) -> Change:
    """The one row of a node: the stored row (extra columns kept) with the model's values."""
    new = row_of(table, model)
    owner = str(new["id"])
    old = [r for r in stored.to_pylist() if r.get("id") == owner]
    row = (old[0] if old else {}) | new
    return Change(table, owner, pa.Table.from_pylist([row], schema=stored.schema))


def owned_change(table: str, owner: str, stored: pa.Table, rows: list[dict[str, Any]]) -> Change:
    return Change(table, owner, pa.Table.from_pylist(rows, schema=stored.schema))


def commit(store: RecordStore, changes: list[Change], part: Roster) -> None:
    """Check the changed part of the graph like a bundle; store the changes only if it passes."""
    after = apply_changes(part, changes)
    files = {"orgs", "teachers", *(c.table for c in changes)}
    if files & {"studio_members", "studio_links"}:
        files.add("studios")
    raw = RawBundle(Path("request"), {n: RawTable(as_text(after[n])) for n in FILE_ORDER if n in files})
    try:
        validate(raw, today=today())
    except BundleError as e:  # row numbers count rows of the partial graph: meaningless to the caller
        raise BundleError([Problem(p.file.removesuffix(".csv"), None, p.column, p.reason, p.count, p.said)
                           for p in e.problems]) from None
    store.apply(changes)
