"""Fixtures of the integration tests: one Bolt server for the session, a cleared store per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from talentgraph.store.neo4j_store import Neo4jStore
from tests.integration.bolt_server import BoltTarget, bolt_server


@pytest.fixture(scope="session")
def bolt_target() -> Iterator[BoltTarget]:
    """The ArcadeDB test server, started once (or the server at NEO4J_URI)."""
    with bolt_server() as target:
        yield target


@pytest.fixture
def neo4j_store(bolt_target: BoltTarget) -> Iterator[Neo4jStore]:
    """A connected store on an empty graph (talentgraph's labels cleared)."""
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        store.clear()
        yield store
    finally:
        store.close()
