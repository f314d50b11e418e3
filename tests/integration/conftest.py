"""Fixtures of the integration tests: a cleared store per test on the session's Bolt server
(``bolt_target``, tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from talentgraph.store.neo4j_store import Neo4jStore
from tests.integration.bolt_server import BoltTarget


@pytest.fixture
def neo4j_store(bolt_target: BoltTarget) -> Iterator[Neo4jStore]:
    """A connected store on an empty graph (talentgraph's labels cleared)."""
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database,
                               check_version=False)  # cleared next, whatever version it held
    try:
        store.clear()
        yield store
    finally:
        store.close()
