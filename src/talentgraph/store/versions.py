"""What a store says when its data is of another schema version: one line, a message worded in
the reader's language at the edge (``i18n.Words.error``).

Stores record the schema version (``domain/tables.py: SCHEMA_VERSION``) of what they hold: a
snapshot in its manifest, a Neo4j graph on its ``(:Meta {id: 'bundle'})`` node. Data of an
earlier version is migrated (``talentgraph migrate``, docs/upgrading.md); data of a later one
is refused, since this talentgraph cannot know what it means.
"""

from __future__ import annotations

from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.tables import SCHEMA_VERSION


def needs_migration(where: str | Message, found: int, store: str) -> Message:
    """Data of an earlier version, which the store cannot read until it is migrated."""
    return message(N_("{where} holds schema version {found}, this talentgraph uses {known}: run {command}"),
                   where=where, found=found, known=SCHEMA_VERSION,
                   command=f"talentgraph migrate --store {store}")


def written_by_newer(where: str | Message, found: int) -> Message:
    """Data of a later version than this talentgraph knows."""
    return message(N_("{where} holds schema version {found}, written by a newer talentgraph; this one knows "
                      "versions up to {known}: upgrade talentgraph"),
                   where=where, found=found, known=SCHEMA_VERSION)
