"""The table schema: every table of a region, in load order, read from the models.

``models.py`` defines each table once; this module lists them. A table's references point
only to tables earlier in ``FILE_ORDER``, so files load (and validate) in that order.
``SCHEMA_VERSION`` numbers the schema: bundles, snapshots and Neo4j graphs written by an
earlier version are read or migrated by the steps ``docs/upgrading.md`` lists.
"""

from __future__ import annotations

from talentgraph.domain import models
from talentgraph.domain.columns import Row, TableSpec, table_spec

SCHEMA_VERSION = 3
# What each version changed (docs/upgrading.md tells the whole story).
SCHEMA_CHANGES: dict[int, str] = {
    1: "the first schema (talentgraph 0.1)",
    2: "teachers.left_on; training.content beside the delivery kind; programmes.type",
    3: "titles.source (import, manual, round) with the nomination, policy and verdict of a round's "
       "title; the nomination round tables rounds, nominations, decisions, round_events",
}
# The tables of nomination rounds (version 3): not teacher records (the record reads skip them).
ROUND_TABLES = ("rounds", "nominations", "decisions", "round_events")

MODELS: dict[str, type[Row]] = {
    model.table.name: model
    for model in (
        models.Org,
        models.Teacher,
        models.Title,
        models.Programme,
        models.TrainingRecord,
        models.Mentorship,
        models.Studio,
        models.StudioMember,
        models.StudioLink,
        models.Review,
        models.Posting,
        models.Round,
        models.Nomination,
        models.Decision,
        models.RoundEvent,
    )
}

TABLES: tuple[TableSpec, ...] = tuple(table_spec(model) for model in MODELS.values())
SPECS: dict[str, TableSpec] = {table.name: table for table in TABLES}
FILE_ORDER: tuple[str, ...] = tuple(SPECS)
