"""``Neo4jStore``: the talent graph in Neo4j (or any Bolt + Cypher server), behind the
``TalentStore`` port. A thin face over the modules that do the work: ``transactions``
(connecting, sessions, retries), ``loads``, ``reads`` and ``records``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import neo4j
import numpy as np
import numpy.typing as npt
import pyarrow as pa

import talentgraph.store.neo4j_store.loads as loads
import talentgraph.store.neo4j_store.migrations as migrations
import talentgraph.store.neo4j_store.pipeline_counts as pipeline_counts
import talentgraph.store.neo4j_store.reads as reads
import talentgraph.store.neo4j_store.records as records
import talentgraph.store.neo4j_store.rounds as rounds
import talentgraph.store.neo4j_store.sweeps as sweeps
import talentgraph.store.neo4j_store.transactions as transactions
from talentgraph.domain.message import Message
from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import Sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.pipeline import Pipeline
from talentgraph.policy.schema import Policy
from talentgraph.roster import Roster, plain
from talentgraph.store.changes import Change
from talentgraph.store.neo4j_store.loads import Progress


class Neo4jStore:
    """The talent graph in a Neo4j database.

    The driver is injected (``connect`` builds one from a URI, checks the server and ensures the
    constraints). Reads and writes use managed transactions, which the driver retries on
    transient errors; every write is an idempotent MERGE or delete by key, so a retried batch
    cannot double anything. Sessions share one bookmark manager: a read sees every write the
    store made before it.
    """

    kind = "neo4j"
    durable = True  # every write is committed to the server

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", where: str | Message = "Neo4j") -> None:
        self._connection = transactions.Connection(driver, database, where)

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str = "neo4j", *,
                retry_seconds: float = 30.0, check_version: bool = True) -> Neo4jStore:
        """A store on a new driver for ``uri``: StoreUnavailable, in one line and never naming the
        password, if the server cannot be reached, refuses the credentials or is older than Neo4j
        5.23, or (unless not ``check_version``: migrations) if the graph is of another schema
        version, saying how to migrate. The constraints are made sure of before it returns."""
        connection = transactions.connect(uri, user, password, database, retry_seconds=retry_seconds)
        store = cls(connection.driver, database, connection.where)
        try:
            if check_version:  # before anything is written to a graph that is refused
                migrations.check_schema_version(store._connection, transactions.safe_uri(uri))
            store.ensure_constraints()
        except BaseException:
            store.close()
            raise
        return store

    # -- schema versions ---------------------------------------------------------------------

    def schema_version(self) -> int | None:
        """The graph's schema version: None when talentgraph has loaded nothing here."""
        return migrations.schema_version(self._connection)

    def migrate(self, *, batch_size: int = migrations.BATCH) -> tuple[int, int]:
        """Bring a graph of an earlier schema version to this one (``talentgraph migrate``);
        returns (version before, version after). Connect with ``check_version=False`` first."""
        return migrations.migrate(self._connection, batch_size)

    # -- writing -----------------------------------------------------------------------------

    def ensure_constraints(self) -> None:
        """Uniqueness constraints on every key; safe to repeat."""
        loads.ensure_constraints(self._connection)

    def ensure_schema(self) -> None:
        """The constraints, then the tier ladder; safe to repeat."""
        loads.ensure_schema(self._connection)

    def load(self, roster: Roster, *, batch_size: int = loads.BATCH,
             progress: Progress | None = None) -> None:
        """Merge ``roster`` into the graph, file by file, in transactions of ``batch_size`` rows.

        Idempotent: loading the same bundle again changes nothing. Each batch commits on its own:
        a load that fails part-way (bad data, server gone) leaves the batches before the failure
        in the graph, and running the same load again completes it. To swap a bundle for
        another, use ``replace``. ``progress(file, rows_written)`` follows each batch.
        """
        loads.load(self._connection, roster, batch_size, progress)

    def replace(self, roster: Roster) -> None:
        """Delete what talentgraph wrote, then load ``roster`` (not atomic: see ``load``)."""
        self.clear()
        self.load(roster)

    def replace_atomic(self, roster: Roster) -> None:
        """Swap the graph for ``roster`` in one transaction (small bundles: the API's upload)."""
        loads.replace_atomic(self._connection, roster)

    def clear(self) -> None:
        """Delete every node with a talentgraph label, and its relationships, in batches."""
        loads.clear(self._connection)

    def apply(self, changes: Sequence[Change]) -> None:
        """Write the changes in one transaction: all of them, or (on any failure) none."""
        records.apply(self._connection, changes)

    # -- reading -----------------------------------------------------------------------------

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]:
        return reads.facts_in(self._connection, org_id)

    def sweep(self, policy: Policy, target: Target, as_of: dt.date, org_id: str | None) -> Sweep:
        """The candidates of ``target`` in the subtree of ``org_id`` decided in the database
        (``sweeps.py``): the sweep an embedded store makes from ``facts_in``."""
        return sweeps.sweep(self._connection, policy, target, as_of, org_id)

    def pipeline_counts(self, policy: Policy, as_of: dt.date, org_id: str | None) -> Pipeline:
        """The pipeline funnel of the subtree of ``org_id`` counted by aggregate Cypher
        (``pipeline_counts.py``): what ``eligibility.pipeline.pipeline`` makes from ``facts_in``."""
        return pipeline_counts.pipeline(self._connection, policy, as_of, org_id)

    def facts_of(self, teacher_id: str) -> Facts:
        return reads.facts_of(self._connection, teacher_id)

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
        return reads.lineage(self._connection, teacher_id, as_of, depth)

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach:
        return reads.studio_reach(self._connection, studio_id, as_of)

    def roster(self) -> Roster:
        return reads.roster(self._connection)

    def counts(self) -> dict[str, int]:
        return reads.counts(self._connection)

    def round_rows(self, round_ids: Sequence[str] | None = None) -> Roster:
        return rounds.round_rows(self._connection, round_ids)

    # -- records, for the API ----------------------------------------------------------------

    def orgs(self) -> pa.Table:
        return records.orgs(self._connection)

    def rows_in(self, org_id: str | None, tables: Sequence[str]) -> Roster:
        return records.rows_in(self._connection, org_id, tables)

    def rows_of(self, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster:
        return records.rows_of(self._connection, teacher_ids, tables)

    def studio_rows(self, studio_ids: Sequence[str]) -> Roster:
        return records.studio_rows(self._connection, studio_ids)

    def mentored_by(self, teacher_id: str) -> pa.Table:
        return records.mentored_by(self._connection, teacher_id)

    def mentoring_path(self, from_id: str, to_id: str) -> bool:
        return records.mentoring_path(self._connection, from_id, to_id)

    def schools_of(self, teacher_ids: Sequence[str]) -> dict[str, str]:
        return records.schools_of(self._connection, teacher_ids)

    def close(self) -> None:
        self._connection.close()


def canonical(roster: Roster) -> Roster:
    """``roster`` with every table's rows sorted by all its columns, to compare rosters whose
    row order differs (a store returns rows in its own order)."""
    tables = {name: plain(t).sort_by([(c, "ascending") for c in t.column_names])  # encoded ones do not sort
              for name, t in roster.tables.items()}
    return Roster(tables, roster.present)
