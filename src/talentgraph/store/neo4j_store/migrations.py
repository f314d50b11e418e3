"""The graph's schema version, and bringing a graph written by an earlier talentgraph to this one.

Two versions are on the ``(:Meta {id: 'bundle'})`` node: the tables' schema version
(``domain/tables.py``; a Meta node without one: talentgraph 0.1, version 1; no Meta node: nothing
loaded) and the graph's layout version (``domain/graph_schema.py``: which nodes and edges the
store derives from the same tables; none: layout 1). Each step rewrites what its version changed, in batches
of committed transactions, every statement idempotent; the version is recorded last, so a
migration cut short leaves the old version on record and running it again completes it.
"""

from __future__ import annotations

from collections.abc import Callable

import neo4j

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.enums import ProgrammeType, TitleSource
from talentgraph.domain.graph_schema import LAYOUT_VERSION
from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.tables import SCHEMA_VERSION, SPECS
from talentgraph.errors import StoreUnavailable
from talentgraph.roster.upgrade import LEGACY_KINDS
from talentgraph.store.neo4j_store.loads import ensure_schema
from talentgraph.store.neo4j_store.transactions import Connection, read_tx, write_tx
from talentgraph.store.versions import needs_migration, written_by_newer

BATCH = 10_000


def schema_version(connection: Connection) -> int | None:
    """The graph's schema version: None when talentgraph has loaded nothing here."""
    records = connection.read(statements.run, "match_schema_version")
    return int(records[0]["version"] or 1) if records else None  # 0.1 recorded no version


def layout_version(connection: Connection) -> int | None:
    """The graph's layout version: None when talentgraph has loaded nothing here."""
    records = connection.read(statements.run, "match_schema_version")
    return int(records[0]["layout"] or 1) if records else None  # before titles were nodes: 1


def check_schema_version(connection: Connection, uri: str) -> None:
    """StoreUnavailable, saying how to migrate, unless the graph is empty or of this schema and
    layout version."""
    found = schema_version(connection)
    if found is not None and found > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(connection.where, found))
    if found is not None and found < SCHEMA_VERSION:
        raise StoreUnavailable(needs_migration(connection.where, found, uri))
    layout = layout_version(connection)
    if layout is not None and layout > LAYOUT_VERSION:
        raise StoreUnavailable(newer_layout(connection.where, layout))
    if layout is not None and layout < LAYOUT_VERSION:
        raise StoreUnavailable(message(
            N_("{where} has graph layout {layout}, this talentgraph uses {known}: run {command}"),
            where=connection.where, layout=layout, known=LAYOUT_VERSION,
            command=f"talentgraph migrate --store {uri}"))


def newer_layout(where: str | Message, layout: int) -> Message:
    return message(N_("{where} has graph layout {layout}, written by a newer talentgraph; this one knows "
                      "layouts up to {known}: upgrade talentgraph"), where=where, layout=layout,
                   known=LAYOUT_VERSION)


def migrate(connection: Connection, batch_size: int = BATCH) -> tuple[int, int]:
    """Migrate the graph; returns (version before, version after). An empty graph, or one of this
    version, is left as it is."""
    found = schema_version(connection)
    if found is None:
        return SCHEMA_VERSION, SCHEMA_VERSION
    if found > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(connection.where, found))
    migrate_layout(connection, batch_size)  # the table steps below read and write the new layout
    if found == SCHEMA_VERSION:
        return found, SCHEMA_VERSION
    with connection.session() as session:
        for step in STEPS[found - 1:]:
            step(session, batch_size)
        columns = [f"{name}.{column}" for name, spec in SPECS.items() for column in spec.column_names]
        write_tx(session, statements.run, "migrate_schema_version", version=SCHEMA_VERSION, columns=columns)
    return found, SCHEMA_VERSION


def migrate_layout(connection: Connection, batch_size: int = BATCH) -> tuple[int, int]:
    """Bring the graph's layout to this talentgraph's (``LAYOUT_VERSION``); returns (before, after).
    The ladders are written first; the version is recorded last."""
    found = layout_version(connection)
    if found is None or found == LAYOUT_VERSION:
        return (found or LAYOUT_VERSION), LAYOUT_VERSION
    if found > LAYOUT_VERSION:
        raise StoreUnavailable(newer_layout(connection.where, found))
    ensure_schema(connection)
    with connection.session() as session:
        for step in LAYOUT_STEPS[found - 1:]:
            step(session, batch_size)
        write_tx(session, statements.run, "migrate_layout_version", version=LAYOUT_VERSION)
    return found, LAYOUT_VERSION


def _to_version_2(session: neo4j.Session, batch_size: int) -> None:
    """training.content out of kind (as ``roster/upgrade.py`` does), programmes.type cultivation."""
    legacy = [kind.value for kind in LEGACY_KINDS]
    _until_done(session, "migrate_training_content", legacy=legacy, batch_size=batch_size)
    (left,) = read_tx(session, statements.run, "count_training_legacy_kinds", legacy=legacy)
    if left["count"]:
        raise StoreUnavailable(message(N_("{n} training rows give a content value as kind and another in "
                                          "content: fix them, then migrate again"), n=left["count"]))
    _until_done(session, "migrate_programme_type", type=ProgrammeType.CULTIVATION.value,
                batch_size=batch_size)


def _until_done(session: neo4j.Session, statement: str, **params: object) -> None:
    """Run a batched statement (it returns ``changed``) until a batch changes nothing."""
    while write_tx(session, statements.run, statement, **params)[0]["changed"]:
        pass


def _to_version_3(session: neo4j.Session, batch_size: int) -> None:
    """titles.source: every earlier title came with the roster (import). The round tables are
    new: an earlier graph has none, and the constraints for them are made at connect. Runs on
    layout 2 (the layout steps come first): the holdings are of Title nodes."""
    _until_done(session, "migrate_title_source", source=TitleSource.IMPORT.value, batch_size=batch_size)


def _to_layout_2(session: neo4j.Session, batch_size: int) -> None:
    """Titles as Title nodes with tier, level and awarding org as edges; programmes' levels.
    A holding keeps every property it had (source, nomination_id, policy, ... of schema 3)."""
    _until_done(session, "migrate_titles_to_nodes", batch_size=batch_size)
    _until_done(session, "migrate_programme_levels", batch_size=batch_size)


Step = Callable[[neo4j.Session, int], None]
STEPS: tuple[Step, ...] = (_to_version_2, _to_version_3)  # STEPS[i] brings version i + 1 to i + 2
LAYOUT_STEPS: tuple[Step, ...] = (_to_layout_2,)  # LAYOUT_STEPS[i] brings layout i + 1 to i + 2
