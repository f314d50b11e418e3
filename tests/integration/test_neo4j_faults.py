"""Connections cut mid-query, between the driver and the real Bolt server (a relay that resets
the TCP connection; the server and the driver are real). Managed transactions retry on a new
connection; loads are idempotent MERGEs, so a retried batch whose first try had already
committed doubles nothing."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from talentgraph.errors import StoreUnavailable
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store import Neo4jStore, canonical
from talentgraph.synth import generate_region
from tests.factories import AS_OF
from tests.integration.bolt_server import BoltTarget
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.test_neo4j_store import expected_counts

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def region() -> Roster:
    return generate_region(200, seed=7)


@pytest.fixture
def proxy(bolt_target: BoltTarget) -> Iterator[CuttingProxy]:
    where = urlsplit(bolt_target.uri)
    with CuttingProxy(where.hostname or "127.0.0.1", where.port or 7687) as relay:
        yield relay


@pytest.fixture
def via_proxy(proxy: CuttingProxy, bolt_target: BoltTarget,
              neo4j_store: Neo4jStore) -> Iterator[Neo4jStore]:
    """A store talking to the (cleared) test database through the cutting relay."""
    store = Neo4jStore.connect(proxy.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        yield store
    finally:
        store.close()


def test_a_read_cut_mid_query_is_retried_on_a_new_connection(
        neo4j_store: Neo4jStore, via_proxy: Neo4jStore, proxy: CuttingProxy, region: Roster) -> None:
    neo4j_store.load(region)
    teacher = region["teachers"]["id"][0].as_py()
    before = proxy.connections
    proxy.cut_after(requests=2)  # into the statements of the read transaction
    facts, scope = via_proxy.facts_in(None)
    assert proxy.cuts == 1 and proxy.connections > before
    assert scope.sum() == region.count("teachers")
    proxy.cut_after(responses=1)  # the answer is lost on its way back
    assert via_proxy.lineage(teacher, AS_OF, 3) == neo4j_store.lineage(teacher, AS_OF, 3)
    assert proxy.cuts == 2


@pytest.mark.parametrize("cut", [{"requests": 7}, {"responses": 7}, {"responses": 12}])
def test_a_load_cut_mid_batch_completes_without_doubling(
        neo4j_store: Neo4jStore, via_proxy: Neo4jStore, proxy: CuttingProxy, region: Roster,
        cut: dict[str, int]) -> None:
    """A cut request never reaches the server; a cut response comes after the server ran (and
    may have committed) the batch. Either way the retried batch leaves one row per row."""
    proxy.cut_after(**cut)
    via_proxy.load(region, batch_size=100)
    assert proxy.cuts == 1
    counts = neo4j_store.counts()
    assert {k: v for k, v in counts.items() if k in expected_counts(region)} == expected_counts(region)
    assert canonical(neo4j_store.roster()).equals(canonical(region))


def test_a_server_gone_for_good_is_store_unavailable(bolt_target: BoltTarget, proxy: CuttingProxy,
                                                      neo4j_store: Neo4jStore) -> None:
    store = Neo4jStore.connect(proxy.uri, bolt_target.user, bolt_target.password, bolt_target.database,
                               retry_seconds=2)
    try:
        proxy.close()  # the listener goes too: every reconnect is refused
        with pytest.raises(StoreUnavailable, match="^lost Neo4j at bolt://127.0.0.1:[0-9]+: ") as raised:
            store.facts_in(None)
        assert "\n" not in str(raised.value)
    finally:
        store.close()
