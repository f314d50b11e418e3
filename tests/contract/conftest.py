"""The contract suite runs every rule scenario on both stores.

``store_source`` is parametrised: ``embedded`` builds facts from the roster as
the embedded store does; ``bolt`` loads the scenario's roster into the Bolt test
server (ArcadeDB, or the server at NEO4J_URI) and reads the facts back through
``Neo4jStore`` by Cypher traversal; there, each scenario's pipeline is also counted by aggregate
Cypher and compared with the embedded one (``same_pipeline``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import Sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.pipeline import pipeline
from talentgraph.policy.schema import Policy
from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore
from tests import judging
from tests.integration.bolt_server import BoltTarget


class BoltSource:
    """Facts as the Neo4j store gathers them, one load per scenario roster."""

    name = "bolt"

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._loaded: Roster | None = None
        self._counted: list[tuple[Policy, dt.date]] = []  # the pipelines checked of the roster loaded

    def _hold(self, roster: Roster) -> None:
        if self._loaded is not roster:  # explain and sweep of one scenario share a load
            self._store.clear()
            self._store.load(roster)
            self._loaded = roster
            self._counted = []

    def of_teacher(self, roster: Roster, teacher_id: str) -> Facts:
        self._hold(roster)
        return self._store.facts_of(teacher_id)

    def of_region(self, roster: Roster) -> Facts:
        self._hold(roster)
        return self._store.facts_in(None)[0]

    def sweep(self, roster: Roster, policy: Policy, target: Target, as_of: dt.date) -> Sweep:
        """Decided in the database: the generated Cypher statement (Neo4jStore.sweep). Each
        scenario's pipeline under its policy, counted by aggregate Cypher, is checked too."""
        self._hold(roster)
        if (policy, as_of) not in self._counted:
            self._counted.append((policy, as_of))
            same_pipeline(self._store, roster, policy, as_of)
        return self._store.sweep(policy, target, as_of, None)


def same_pipeline(store: Neo4jStore, roster: Roster, policy: Policy, as_of: dt.date) -> None:
    """The pipeline ``store`` counts in Cypher equals the embedded one, field for field, over the
    whole region and its first county."""
    embedded = EmbeddedStore(roster)
    orgs = roster["orgs"]
    county = next(o for o, kind in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if kind == "county")
    for scope in (None, county):
        facts, inside = embedded.facts_in(scope)
        assert store.pipeline_counts(policy, as_of, scope) == pipeline(facts, inside, policy, as_of), scope


@pytest.fixture(scope="session")
def contract_bolt_store(bolt_target: BoltTarget) -> Iterator[Neo4jStore]:
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        yield store
    finally:
        store.clear()
        store.close()


@pytest.fixture(autouse=True, params=["embedded", "bolt"])
def store_source(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> judging.FactSource:
    """Every test here runs once per store."""
    source: judging.FactSource
    if request.param == "bolt":
        source = BoltSource(request.getfixturevalue("contract_bolt_store"))
    else:
        source = judging.EmbeddedSource()
    monkeypatch.setattr(judging, "SOURCE", source)
    return source
