"""Writing a roster into the graph: constraints, the tier ladder, and batched, idempotent loads.

Every node and relationship is MERGEd on a key (ids; for rows without one, ``keys.row_keys``),
so loading the same bundle again changes nothing and a load cut short is completed by running
it again. Rows are shaped by Arrow before anything is sent (``shape``), so a bad table fails
before the first write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import pairwise
from typing import Any

import neo4j
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.enums import Level, Tier
from talentgraph.domain.graph_schema import LAYOUT_VERSION
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION, SPECS
from talentgraph.errors import BundleError, Problem
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store.keys import row_keys
from talentgraph.store.neo4j_store.rows import ORDINAL
from talentgraph.store.neo4j_store.statements import CONSTRAINTS, LOAD_PLANS
from talentgraph.store.neo4j_store.transactions import Connection, write

Progress = Callable[[str, int], None]

BATCH = 20_000
CLEAR_BATCH = 10_000
RESERVED = frozenset({"key", ORDINAL})  # properties the store writes besides the bundle's columns


def ensure_constraints(connection: Connection) -> None:
    """Uniqueness constraints on every key; safe to repeat."""
    with connection.session() as session:
        for name in CONSTRAINTS:  # schema changes go in their own transactions
            write(session, name)


def ensure_schema(connection: Connection) -> None:
    """The constraints, then the tier and level ladders; safe to repeat."""
    ensure_constraints(connection)
    with connection.session() as session:
        for name, rows in ladders():
            write(session, name, rows=rows)


def ladders() -> list[tuple[str, list[dict[str, Any]]]]:
    """The statements writing the tier and level ladders, with their rows, in order."""
    return [("merge_tiers", tier_rows()), ("merge_tier_links", tier_links()),
            ("merge_levels", level_rows()), ("merge_level_links", level_links())]


def load(connection: Connection, roster: Roster, batch_size: int = BATCH,
         progress: Progress | None = None) -> None:
    """Merge ``roster`` into the graph, file by file, one committed transaction per batch."""
    shaped = {name: shape(name, roster[name]) for name in FILE_ORDER}  # fails before writing
    ensure_schema(connection)
    with connection.session() as session:
        write(session, "merge_bundle_meta", present=sorted(roster.present), extras=extra_names(roster),
              schema_version=SCHEMA_VERSION, layout_version=LAYOUT_VERSION)
        for name in FILE_ORDER:
            done = partial(progress, name) if progress else None
            write_batches(session, LOAD_PLANS[name].statement, shaped[name], batch_size, done)
            if name == "orgs":  # parents may come after their children: link them once all exist
                write_batches(session, "merge_org_parents", org_parents(roster[name]), batch_size)


def clear(connection: Connection) -> None:
    """Delete every node with a talentgraph label, and its relationships, in batches."""
    with connection.session() as session:
        while write(session, "delete_graph_nodes", batch_size=CLEAR_BATCH)[0]["deleted"]:
            pass


def replace_atomic(connection: Connection, roster: Roster, batch_size: int = 5000) -> None:
    """Swap the whole graph for ``roster`` in one transaction (small bundles: the API's upload)."""
    shaped = {name: shape(name, roster[name]).to_pylist() for name in FILE_ORDER}
    parents = org_parents(roster["orgs"]).to_pylist()
    ensure_constraints(connection)  # constraints go in their own transactions, before

    def swap(tx: neo4j.ManagedTransaction) -> None:
        while statements.run(tx, "delete_graph_nodes", batch_size=CLEAR_BATCH)[0]["deleted"]:
            pass
        for name, rows in ladders():
            statements.run(tx, name, rows=rows)
        statements.run(tx, "merge_bundle_meta", present=sorted(roster.present), extras=extra_names(roster),
                       schema_version=SCHEMA_VERSION, layout_version=LAYOUT_VERSION)
        for name in FILE_ORDER:
            for offset in range(0, len(shaped[name]), batch_size):
                statements.run(tx, LOAD_PLANS[name].statement, rows=shaped[name][offset:offset + batch_size])
            if name == "orgs":
                for offset in range(0, len(parents), batch_size):
                    statements.run(tx, "merge_org_parents", rows=parents[offset:offset + batch_size])

    connection.write(swap)


def write_batches(session: neo4j.Session, statement: str, rows: pa.Table, batch_size: int,
                  done: Callable[[int], None] | None = None) -> None:
    """One committed transaction per ``batch_size`` rows; ``done(rows so far)`` after each."""
    for offset in range(0, rows.num_rows, batch_size):
        batch = rows.slice(offset, batch_size).to_pylist()
        write(session, statement, rows=batch)
        if done:
            done(offset + len(batch))


def tier_rows() -> list[dict[str, Any]]:
    return [{"id": t.value, "rank": t.rank} for t in Tier]


def tier_links() -> list[dict[str, Any]]:
    return [{"lower": a.value, "upper": b.value} for a, b in pairwise(Tier)]


def level_rows() -> list[dict[str, Any]]:
    return [{"id": lv.value, "rank": lv.rank} for lv in Level]


def level_links() -> list[dict[str, Any]]:
    return [{"lower": a.value, "upper": b.value} for a, b in pairwise(Level)]


def extras(name: str, table: pa.Table) -> list[str]:
    """The table's columns beyond its file's spec (kept, as text)."""
    spec = SPECS[name].column_names
    return [c for c in table.column_names if c not in spec]


def extra_names(roster: Roster) -> list[str]:
    """``file.column`` of every extra column, as the Meta node records them."""
    return [f"{n}.{c}" for n in FILE_ORDER for c in extras(n, roster[n])]


def shape(name: str, table: pa.Table) -> pa.Table:
    """The rows as the statement takes them: ends, key (when the table has no id), props."""
    plan = LOAD_PLANS[name]
    extra = extras(name, table)
    clashes = [Problem(name, None, c, "column name reserved by the Neo4j store")
               for c in extra if c in RESERVED]
    if clashes:
        raise BundleError(clashes)
    for column in extra:  # extra columns are kept as strings
        table = table.set_column(table.column_names.index(column), column, table[column].cast(pa.string()))
    columns: dict[str, pa.Array | pa.ChunkedArray] = {c: table[c] for c in plan.ends}
    if plan.key_owner:
        columns["key"] = row_keys(table, plan.key_owner)
    # The row's position is stored too, so reads give rows back in the bundle's order.
    table = table.append_column(ORDINAL, pa.array(np.arange(table.num_rows), pa.int64()))
    props = [c for c in table.column_names if plan.node or c not in plan.ends]
    columns["props"] = pa.StructArray.from_arrays([table[c].combine_chunks() for c in props], names=props)
    return pa.table(columns)


def org_parents(orgs: pa.Table) -> pa.Table:
    return orgs.select(["id", "parent_id"]).filter(pc.is_valid(orgs["parent_id"]))
