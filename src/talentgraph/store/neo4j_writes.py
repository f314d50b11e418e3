"""The Neo4j store's record reads and writes for the API (``TalentStore`` record methods).

Kept apart from ``neo4j_store.py``, which delegates here. Every write is one managed
transaction, so it commits whole or not at all (the driver retries it whole on a transient
error, and so do we when a COMMIT goes unanswered; every statement is a MERGE on a key or a
delete by key, so a retry cannot double anything). A change of an owned table deletes the
owner's rows whose key is not in the new set, then MERGEs the set with the load's statement:
rows that stay keep their ``ordinal`` (their place in the bundle's order); new rows have none
and read back last, as in the embedded store.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import neo4j
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import Tier
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION
from talentgraph.errors import NotFound
from talentgraph.roster import Roster
from talentgraph.store.changes import NODE_TABLES, OWNER, Change
from talentgraph.store.neo4j_store import (
    CLEAR_BATCH,
    LOAD_PLANS,
    ORDINAL,
    _extras,
    _first_per_id,
    _meta,
    _org_parents,
    _rows,
    _run,
    _shape,
    _table,
    read_tx,
    row_keys,
    write_tx,
)

if TYPE_CHECKING:
    from talentgraph.store.neo4j_store import Neo4jStore

# Statements that clear a node's links before it is written again (the load's MERGE adds the new ones).
RELINK: dict[str, tuple[str, ...]] = {
    "orgs": ("delete_org_parent",),
    "teachers": ("delete_teacher_school",),
    "studios": ("delete_studio_lead", "delete_studio_host"),
}
OWNED_DELETES: dict[str, str] = {name: f"delete_{name}_of_owner" for name in OWNER if name not in NODE_TABLES}
STUDIO_READS = {"studios": "match_studios_by_id", "studio_members": "match_studio_members_by_studio",
                "studio_links": "match_studio_links_by_studio"}


# -- reads ---------------------------------------------------------------------------------------


def orgs(store: Neo4jStore) -> pa.Table:
    return orgs_and_meta(store)[1]


def _orgs_tx(tx: neo4j.ManagedTransaction) -> tuple[dict[str, tuple[str, ...]], pa.Table, frozenset[str]]:
    present, extras = _meta(_run(tx, "match_bundle_meta"))
    table = _table("orgs", _rows(_run(tx, "match_orgs", extras=[*extras.get("orgs", ())])),
                   extras.get("orgs", ()))
    return extras, table, present


def rows_in(store: Neo4jStore, org_id: str | None, tables: Sequence[str]) -> Roster:
    return store._gather(_with_teachers(tables), org_id=org_id, extras=True)


def rows_of(store: Neo4jStore, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster:
    """The rows of each teacher (a read per teacher; unknown teachers have none)."""
    wanted = _with_teachers(tables)
    parts: list[Roster] = []
    for teacher_id in dict.fromkeys(teacher_ids):
        try:
            parts.append(store._gather(wanted, teacher_id=teacher_id, extras=True))
        except NotFound:
            continue
    if not parts:
        extras, org_table, present = orgs_and_meta(store)
        return Roster({"orgs": org_table}, present)
    tables_out = {name: pa.concat_tables([p[name] for p in parts], promote_options="permissive")
                  for name in wanted}
    ids = pa.array(list(teacher_ids), pa.string())
    teachers = tables_out["teachers"]
    tables_out["teachers"] = _first_per_id(teachers.filter(pc.is_in(teachers["id"], value_set=ids)))
    if "studios" in tables_out:
        tables_out["studios"] = _first_per_id(tables_out["studios"])
    return Roster({"orgs": parts[0]["orgs"], **tables_out}, parts[0].present)


def orgs_and_meta(store: Neo4jStore) -> tuple[dict[str, tuple[str, ...]], pa.Table, frozenset[str]]:
    with store._session() as session:
        return read_tx(session, _orgs_tx)


def studio_rows(store: Neo4jStore, studio_ids: Sequence[str]) -> Roster:
    def read(tx: neo4j.ManagedTransaction) -> Roster:
        extras, org_table, present = _orgs_tx(tx)
        tables = {name: _table(name, _rows(_run(tx, statement, studio_ids=list(studio_ids),
                                                   extras=[*extras.get(name, ())])), extras.get(name, ()))
                  for name, statement in STUDIO_READS.items()}
        return Roster({"orgs": org_table, **tables}, present)

    with store._session() as session:
        return read_tx(session, read)


def mentored_by(store: Neo4jStore, teacher_id: str) -> pa.Table:
    def read(tx: neo4j.ManagedTransaction) -> pa.Table:
        _, extras = _meta(_run(tx, "match_bundle_meta"))
        columns = extras.get("mentorships", ())
        return _table("mentorships", _rows(_run(tx, "match_mentorships_by_mentor", teacher_id=teacher_id,
                                                extras=[*columns])), columns)

    with store._session() as session:
        return read_tx(session, read)


def mentoring_path(store: Neo4jStore, from_id: str, to_id: str) -> bool:
    with store._session() as session:
        found = read_tx(session, _run, "match_mentoring_path", from_id=from_id, to_id=to_id)
    return bool(found)


def schools_of(store: Neo4jStore, teacher_ids: Sequence[str]) -> dict[str, str]:
    with store._session() as session:
        found = read_tx(session, _run, "match_schools_of_teachers", ids=list(teacher_ids))
    return {r["id"]: r["school_id"] for r in found}


# -- writes --------------------------------------------------------------------------------------


def apply(store: Neo4jStore, changes: Sequence[Change]) -> None:
    """Every change in one transaction: all of them or none."""
    prepared = [_prepare(change) for change in changes]  # shaping fails before anything is sent
    present = sorted({c.table for c in changes if c.rows.num_rows})

    def write(tx: neo4j.ManagedTransaction) -> None:
        for step, params in prepared:
            for name, kwargs in zip(step, params, strict=True):
                _run(tx, name, **kwargs)
        if present:
            _run(tx, "merge_bundle_meta", present=present, extras=[], schema_version=SCHEMA_VERSION)

    with store._session() as session:
        write_tx(session, write)


def _prepare(change: Change) -> tuple[list[str], list[dict[str, Any]]]:
    """The statements of one change and their parameters, in order."""
    rows = _without_ordinal(_shape(change.table, change.rows)).to_pylist()
    plan = LOAD_PLANS[change.table]
    if change.table in NODE_TABLES:
        steps: list[tuple[str, dict[str, Any]]] = [
            (name, {"id": change.owner}) for name in RELINK[change.table]]
        steps.append((plan.statement, {"rows": rows}))
        if change.table == "orgs":
            steps.append(("merge_org_parents", {"rows": _org_parents(change.rows).to_pylist()}))
    else:
        keys = row_keys(change.rows, OWNER[change.table]).to_pylist() if change.rows.num_rows else []
        steps = [(OWNED_DELETES[change.table], {"owner_id": change.owner, "keys": keys})]
        if rows:
            steps.append((plan.statement, {"rows": rows}))
    return [s for s, _ in steps], [p for _, p in steps]


def _without_ordinal(shaped: pa.Table) -> pa.Table:
    """Rows whose props leave ``ordinal`` alone: a row that stays keeps its place."""
    props = shaped["props"].combine_chunks()
    keep = [i for i in range(props.type.num_fields) if props.type.field(i).name != ORDINAL]
    struct = pa.StructArray.from_arrays([props.field(i) for i in keep],
                                        names=[props.type.field(i).name for i in keep])
    return shaped.set_column(shaped.column_names.index("props"), "props", struct)


def replace_atomic(store: Neo4jStore, roster: Roster, batch_size: int = 5000) -> None:
    """Swap the whole graph for ``roster`` in one transaction (the API's bundle upload)."""
    shaped = {name: _shape(name, roster[name]).to_pylist() for name in FILE_ORDER}
    parents = _org_parents(roster["orgs"]).to_pylist()
    extras = [f"{n}.{c}" for n in FILE_ORDER for c in _extras(n, roster[n])]
    store.ensure_schema()  # constraints go in their own transactions, before

    def write(tx: neo4j.ManagedTransaction) -> None:
        while _run(tx, "delete_graph_nodes", batch_size=CLEAR_BATCH)[0]["deleted"]:
            pass
        _run(tx, "merge_tiers", rows=[{"id": t.value, "rank": t.rank} for t in Tier])
        _run(tx, "merge_tier_links", rows=[{"lower": a.value, "upper": b.value} for a, b in pairwise(Tier)])
        _run(tx, "merge_bundle_meta", present=sorted(roster.present), extras=extras,
             schema_version=SCHEMA_VERSION)
        for name in FILE_ORDER:
            for offset in range(0, len(shaped[name]), batch_size):
                _run(tx, LOAD_PLANS[name].statement, rows=shaped[name][offset:offset + batch_size])
            if name == "orgs":
                for offset in range(0, len(parents), batch_size):
                    _run(tx, "merge_org_parents", rows=parents[offset:offset + batch_size])

    with store._session() as session:
        write_tx(session, write)


def _with_teachers(tables: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(["teachers", *(t for t in tables if t != "orgs")]))


