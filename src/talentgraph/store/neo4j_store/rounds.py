"""Nomination rounds read from the graph: each round's node with its nominations, decisions and
audit events, in one statement for the rounds asked for (``match_round_tables``; every round's
id first when all are asked for). Writes go through ``records.apply`` like every other change
(the round tables are in ``LOAD_PLANS``)."""

from __future__ import annotations

from collections.abc import Sequence

import neo4j
import pyarrow as pa

import talentgraph.store.neo4j_store.rows as rows
import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.tables import ROUND_TABLES
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store.reads import orgs_and_meta
from talentgraph.store.neo4j_store.transactions import Connection


def round_rows(connection: Connection, round_ids: Sequence[str] | None) -> Roster:
    """The rounds asked for (every round when None) and their rows; orgs whole."""

    def read(tx: neo4j.ManagedTransaction) -> Roster:
        _, org_table, present = orgs_and_meta(tx)
        ids = ([r["id"] for r in statements.run(tx, "match_round_ids")] if round_ids is None
               else list(round_ids))
        found = statements.run(tx, "match_round_tables", round_ids=ids)
        tables: dict[str, pa.Table] = {"orgs": org_table}
        for name in ROUND_TABLES:
            tables[name] = rows.table(name, [row for record in found for row in record[name]])
        return Roster(tables, present)

    return connection.read(read)
