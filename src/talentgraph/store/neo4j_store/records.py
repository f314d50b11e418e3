"""The API's record reads and writes (``TalentStore`` record methods) on the graph.

Every write is one managed transaction, so it commits whole or not at all (the driver retries it
whole on a transient error, and so do we when a COMMIT goes unanswered; every statement is a
MERGE on a key or a delete by key, so a retry cannot double anything). A change of an owned table
deletes the owner's rows whose key is not in the new set, then MERGEs the set with the load's
statement: rows that stay keep their ``ordinal`` (their place in the bundle's order); new rows
have none and read back last, as in the embedded store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
import pyarrow as pa
import pyarrow.compute as pc

import talentgraph.store.neo4j_store.rows as rows
import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.graph_schema import LAYOUT_VERSION
from talentgraph.domain.tables import SCHEMA_VERSION
from talentgraph.errors import NotFound
from talentgraph.roster import Roster
from talentgraph.store.changes import NODE_TABLES, OWNER, Change
from talentgraph.store.neo4j_store.keys import row_keys
from talentgraph.store.neo4j_store.loads import org_parents, shape
from talentgraph.store.neo4j_store.reads import gather, orgs_and_meta
from talentgraph.store.neo4j_store.rows import ORDINAL
from talentgraph.store.neo4j_store.statements import LOAD_PLANS, STUDIO_READS
from talentgraph.store.neo4j_store.transactions import Connection

# Statements that clear a node's links before it is written again (the load's MERGE adds the new ones).
RELINK: dict[str, tuple[str, ...]] = {
    "orgs": ("delete_org_parent",),
    "teachers": ("delete_teacher_school",),
    "studios": ("delete_studio_lead", "delete_studio_host"),
    "rounds": (),  # a round's org never changes
}
OWNED_DELETES: dict[str, str] = {name: f"delete_{name}_of_owner" for name in OWNER if name not in NODE_TABLES}


# -- reads ---------------------------------------------------------------------------------------


def orgs(connection: Connection) -> pa.Table:
    return connection.read(orgs_and_meta)[1]


def rows_in(connection: Connection, org_id: str | None, tables: Sequence[str]) -> Roster:
    return gather(connection, _with_teachers(tables), org_id=org_id, extras=True)


def rows_of(connection: Connection, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster:
    """The rows of each teacher (a read per teacher; unknown teachers have none)."""
    wanted = _with_teachers(tables)
    parts: list[Roster] = []
    for teacher_id in dict.fromkeys(teacher_ids):
        try:
            parts.append(gather(connection, wanted, teacher_id=teacher_id, extras=True))
        except NotFound:
            continue
    if not parts:
        _, org_table, present = connection.read(orgs_and_meta)
        return Roster({"orgs": org_table}, present)
    tables_out = {name: pa.concat_tables([p[name] for p in parts], promote_options="permissive")
                  for name in wanted}
    ids = pa.array(list(teacher_ids), pa.string())
    teachers = tables_out["teachers"]
    tables_out["teachers"] = rows.first_per_id(teachers.filter(pc.is_in(teachers["id"], value_set=ids)))
    if "studios" in tables_out:
        tables_out["studios"] = rows.first_per_id(tables_out["studios"])
    return Roster({"orgs": parts[0]["orgs"], **tables_out}, parts[0].present)


def studio_rows(connection: Connection, studio_ids: Sequence[str]) -> Roster:
    def read(tx: neo4j.ManagedTransaction) -> Roster:
        extras, org_table, present = orgs_and_meta(tx)
        tables = {name: rows.table(name, rows.rows(statements.run(tx, statement, studio_ids=list(studio_ids),
                                                                  extras=[*extras.get(name, ())])),
                                   extras.get(name, ()))
                  for name, statement in STUDIO_READS.items()}
        return Roster({"orgs": org_table, **tables}, present)

    return connection.read(read)


def mentored_by(connection: Connection, teacher_id: str) -> pa.Table:
    def read(tx: neo4j.ManagedTransaction) -> pa.Table:
        _, extras = rows.meta(statements.run(tx, "match_bundle_meta"))
        columns = extras.get("mentorships", ())
        found = statements.run(tx, "match_mentorships_by_mentor", teacher_id=teacher_id, extras=[*columns])
        return rows.table("mentorships", rows.rows(found), columns)

    return connection.read(read)


def mentoring_path(connection: Connection, from_id: str, to_id: str) -> bool:
    return bool(connection.read(statements.run, "match_mentoring_path", from_id=from_id, to_id=to_id))


def schools_of(connection: Connection, teacher_ids: Sequence[str]) -> dict[str, str]:
    found = connection.read(statements.run, "match_schools_of_teachers", ids=list(teacher_ids))
    return {r["id"]: r["school_id"] for r in found}


# -- writes --------------------------------------------------------------------------------------


def apply(connection: Connection, changes: Sequence[Change]) -> None:
    """Every change in one transaction: all of them or none."""
    prepared = [_prepare(change) for change in changes]  # shaping fails before anything is sent
    present = sorted({c.table for c in changes if c.rows.num_rows})

    def write(tx: neo4j.ManagedTransaction) -> None:
        for step in prepared:
            for name, params in step:
                statements.run(tx, name, **params)
        if present:
            statements.run(tx, "merge_bundle_meta", present=present, extras=[], schema_version=SCHEMA_VERSION,
                           layout_version=LAYOUT_VERSION)

    connection.write(write)


def _prepare(change: Change) -> list[tuple[str, dict[str, Any]]]:
    """The statements of one change and their parameters, in order."""
    shaped = _without_ordinal(shape(change.table, change.rows)).to_pylist()
    plan = LOAD_PLANS[change.table]
    if change.table in NODE_TABLES:
        steps: list[tuple[str, dict[str, Any]]] = [(name, {"id": change.owner})
                                                   for name in RELINK[change.table]]
        steps.append((plan.statement, {"rows": shaped}))
        if change.table == "orgs":
            steps.append(("merge_org_parents", {"rows": org_parents(change.rows).to_pylist()}))
        return steps
    keys = row_keys(change.rows, OWNER[change.table]).to_pylist() if change.rows.num_rows else []
    steps = [(OWNED_DELETES[change.table], {"owner_id": change.owner, "keys": keys})]
    if shaped:
        steps.append((plan.statement, {"rows": shaped}))
    return steps


def _without_ordinal(shaped: pa.Table) -> pa.Table:
    """Rows whose props leave ``ordinal`` alone: a row that stays keeps its place."""
    props = shaped["props"].combine_chunks()
    keep = [i for i in range(props.type.num_fields) if props.type.field(i).name != ORDINAL]
    struct = pa.StructArray.from_arrays([props.field(i) for i in keep],
                                        names=[props.type.field(i).name for i in keep])
    return shaped.set_column(shaped.column_names.index("props"), "props", struct)


def _with_teachers(tables: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(["teachers", *(t for t in tables if t != "orgs")]))
