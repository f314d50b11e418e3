"""The graph's schema version, and bringing a graph written by an earlier talentgraph to this one.

The version is on the ``(:Meta {id: 'bundle'})`` node (a Meta node without one: talentgraph 0.1,
version 1; no Meta node: nothing loaded). Each step rewrites what its version changed, in batches
of committed transactions, every statement idempotent; the version is recorded last, so a
migration cut short leaves the old version on record and running it again completes it.
"""

from __future__ import annotations

from collections.abc import Callable

import neo4j

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.enums import ProgrammeType, TitleSource
from talentgraph.domain.tables import SCHEMA_VERSION, SPECS
from talentgraph.errors import StoreUnavailable
from talentgraph.roster.upgrade import LEGACY_KINDS
from talentgraph.store.neo4j_store.transactions import Connection, read_tx, write_tx
from talentgraph.store.versions import needs_migration, written_by_newer

BATCH = 10_000


def schema_version(connection: Connection) -> int | None:
    """The graph's schema version: None when talentgraph has loaded nothing here."""
    records = connection.read(statements.run, "match_schema_version")
    return int(records[0]["version"] or 1) if records else None  # 0.1 recorded no version


def check_schema_version(connection: Connection, uri: str) -> None:
    """StoreUnavailable, saying how to migrate, unless the graph is empty or of this version."""
    found = schema_version(connection)
    if found is not None and found > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(connection.where, found))
    if found is not None and found < SCHEMA_VERSION:
        raise StoreUnavailable(needs_migration(connection.where, found, uri))


def migrate(connection: Connection, batch_size: int = BATCH) -> tuple[int, int]:
    """Migrate the graph; returns (version before, version after). An empty graph, or one of this
    version, is left as it is."""
    found = schema_version(connection)
    if found is None or found == SCHEMA_VERSION:
        return (found or SCHEMA_VERSION), SCHEMA_VERSION
    if found > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(connection.where, found))
    with connection.session() as session:
        for step in STEPS[found - 1:]:
            step(session, batch_size)
        columns = [f"{name}.{column}" for name, spec in SPECS.items() for column in spec.column_names]
        write_tx(session, statements.run, "migrate_schema_version", version=SCHEMA_VERSION, columns=columns)
    return found, SCHEMA_VERSION


def _to_version_2(session: neo4j.Session, batch_size: int) -> None:
    """training.content out of kind (as ``roster/upgrade.py`` does), programmes.type cultivation."""
    legacy = [kind.value for kind in LEGACY_KINDS]
    _until_done(session, "migrate_training_content", legacy=legacy, batch_size=batch_size)
    (left,) = read_tx(session, statements.run, "count_training_legacy_kinds", legacy=legacy)
    if left["count"]:
        raise StoreUnavailable(f"{left['count']} training rows give a content value as kind and another "
                               "in content: fix them, then migrate again")
    _until_done(session, "migrate_programme_type", type=ProgrammeType.CULTIVATION.value,
                batch_size=batch_size)


def _until_done(session: neo4j.Session, statement: str, **params: object) -> None:
    """Run a batched statement (it returns ``changed``) until a batch changes nothing."""
    while write_tx(session, statements.run, statement, **params)[0]["changed"]:
        pass


def _to_version_3(session: neo4j.Session, batch_size: int) -> None:
    """titles.source: every earlier title came with the roster (import). The round tables are
    new: an earlier graph has none, and the constraints for them are made at connect."""
    _until_done(session, "migrate_title_source", source=TitleSource.IMPORT.value, batch_size=batch_size)


Step = Callable[[neo4j.Session, int], None]
STEPS: tuple[Step, ...] = (_to_version_2, _to_version_3)  # STEPS[i] brings version i + 1 to i + 2
