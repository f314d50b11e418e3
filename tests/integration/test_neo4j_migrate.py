"""A Neo4j graph carries its schema version: the store checks it at connect, and ``talentgraph
migrate`` brings a graph written at version 1 to the current one, on a real Bolt server.

The version 1 graph is the one main wrote: the v1 fixture snapshot's tables as they are on disk
(teachers without left_on, contents in training.kind, programmes without type) loaded by the
store, and a Meta node without a schema version.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pyarrow as pa
import pytest

from talentgraph.bootstrap import services_for
from talentgraph.domain.graph_schema import LAYOUT_VERSION
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION
from talentgraph.errors import StoreUnavailable
from talentgraph.i18n import CHINESE, Words
from talentgraph.policy.load import load_policy
from talentgraph.roster import Roster
from talentgraph.services import Scope
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore, canonical, migrations
from talentgraph.store.snapshot import load_snapshot
from tests.integration.bolt_server import BoltTarget

pytestmark = pytest.mark.integration

V1_SNAPSHOT = Path(__file__).parents[1] / "fixtures" / "v1" / "region.snapshot"


def connect(target: BoltTarget, *, check_version: bool = True) -> Neo4jStore:
    return Neo4jStore.connect(target.uri, target.user, target.password, target.database,
                              check_version=check_version)


def set_schema_version(target: BoltTarget, version: int | None) -> None:
    """Write ``version`` on the graph's Meta node as a talentgraph of that version would have."""
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        driver.execute_query("MATCH (m:Meta {id: 'bundle'}) SET m.schema_version = $v", v=version,
                             database_=target.database)


# What a talentgraph before graph layout 2 wrote: a title as (Teacher)-[:HOLDS {level, org_id,
# ...}]->(Tier), no Title or Level nodes, no AT_LEVEL edges, no layout version on the Meta node.
LAYOUT_1 = (
    "MATCH (t:Teacher)-[h:HOLDS]->(title:Title) MATCH (tier:Tier {id: title.tier}) "
    "CREATE (t)-[old:HOLDS]->(tier) SET old = properties(h), old.level = title.level, "
    "old.org_id = title.org_id DELETE h",
    "MATCH (n:Title|Level) DETACH DELETE n",
    "MATCH (m:Meta {id: 'bundle'}) REMOVE m.layout_version",
)


def set_layout_1(target: BoltTarget) -> None:
    """Rewrite the graph as a talentgraph of graph layout 1 wrote it."""
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        for statement in LAYOUT_1:
            driver.execute_query(statement, database_=target.database)


@pytest.fixture
def v1_graph(bolt_target: BoltTarget) -> Iterator[Neo4jStore]:
    """The graph main wrote for the v1 fixture; an unchecked store on it; cleared afterwards."""
    store = connect(bolt_target, check_version=False)
    try:
        store.clear()
        with zipfile.ZipFile(V1_SNAPSHOT) as zf:
            tables = {name: pa.ipc.open_file(pa.BufferReader(zf.read(f"{name}.arrow"))).read_all()
                      for name in FILE_ORDER if f"{name}.arrow" in zf.namelist()}
        store.load(Roster(tables, frozenset(tables)))
        set_schema_version(bolt_target, None)  # talentgraph 0.1 recorded none
        set_layout_1(bolt_target)  # and held titles as HOLDS to a Tier
        yield store
    finally:
        store.clear()
        store.close()


def test_a_load_records_the_schema_version(bolt_target: BoltTarget, v1_graph: Neo4jStore) -> None:
    v1_graph.clear()
    assert v1_graph.schema_version() is None  # nothing loaded: nothing to check
    connect(bolt_target).close()
    v1_graph.load(load_snapshot(V1_SNAPSHOT))
    assert v1_graph.schema_version() == SCHEMA_VERSION
    connect(bolt_target).close()


def test_a_version_1_graph_is_refused_at_connect_saying_how_to_migrate(bolt_target: BoltTarget,
                                                                       v1_graph: Neo4jStore) -> None:
    assert v1_graph.schema_version() == 1
    with pytest.raises(StoreUnavailable) as refused:
        connect(bolt_target)
    message = str(refused.value)
    assert "\n" not in message
    assert f"schema version 1, this talentgraph uses {SCHEMA_VERSION}" in message
    assert f"run talentgraph migrate --store {bolt_target.uri}" in message
    assert bolt_target.password not in message
    chinese = Words.of(CHINESE).error(refused.value)  # a Chinese reader's words, from the catalogue
    assert chinese.startswith(f"{bolt_target.uri} 的 Neo4j 的数据是第 1 版格式")
    assert f"请先运行 talentgraph migrate --store {bolt_target.uri}" in chinese


def test_migrate_brings_a_version_1_graph_to_what_its_snapshot_reads_as(bolt_target: BoltTarget,
                                                                        v1_graph: Neo4jStore) -> None:
    assert v1_graph.migrate(batch_size=100) == (1, SCHEMA_VERSION)
    store = connect(bolt_target)  # accepted now
    try:
        expected = load_snapshot(V1_SNAPSHOT)
        got = canonical(store.roster())
        for name in FILE_ORDER:
            assert got[name].equals(canonical(expected)[name]), name
        policy = load_policy("wenzhou")
        embedded = EmbeddedStore(expected)
        for target in policy.covers():
            as_of = expected["training"]["date"].to_pylist()[0]
            one, other = (services_for(each, policy=policy).questions.eligibility(
                Scope.everything(), target, as_of).window() for each in (store, embedded))
            assert one == other, target
    finally:
        store.close()
    assert v1_graph.migrate() == (SCHEMA_VERSION, SCHEMA_VERSION)  # nothing left to do


def test_a_migration_cut_short_keeps_the_old_version_and_completes_when_run_again(
        v1_graph: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    real = migrations._until_done

    def server_gone_at_types(session: object, statement: str, **params: object) -> None:
        if statement == "migrate_programme_type":
            raise StoreUnavailable("lost Neo4j")
        real(session, statement, **params)  # type: ignore[arg-type]

    monkeypatch.setattr(migrations, "_until_done", server_gone_at_types)
    with pytest.raises(StoreUnavailable):
        v1_graph.migrate(batch_size=50)
    assert v1_graph.schema_version() == 1
    monkeypatch.undo()
    assert v1_graph.migrate(batch_size=50) == (1, SCHEMA_VERSION)
    types = {row["type"] for row in v1_graph.roster()["programmes"].to_pylist()}
    assert types == {"cultivation"}


def test_a_graph_of_a_later_version_is_refused(bolt_target: BoltTarget, v1_graph: Neo4jStore) -> None:
    set_schema_version(bolt_target, SCHEMA_VERSION + 1)
    for attempt in (lambda: connect(bolt_target), lambda: v1_graph.migrate()):
        with pytest.raises(StoreUnavailable, match="upgrade talentgraph"):
            attempt()


def test_the_migrate_command_on_a_server(bolt_target: BoltTarget, v1_graph: Neo4jStore) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {
        "NEO4J_USER": bolt_target.user, "NEO4J_PASSWORD": bolt_target.password,
        "NEO4J_DATABASE": bolt_target.database}
    command = [sys.executable, "-m", "talentgraph"]
    refused = subprocess.run([*command, "pipeline", "--store", bolt_target.uri], capture_output=True,
                             text=True, timeout=300, env=env)
    assert refused.returncode == 2 and "talentgraph migrate --store" in refused.stderr
    done = subprocess.run([*command, "migrate", "--store", bolt_target.uri], capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert f"from schema version 1 to {SCHEMA_VERSION}" in done.stdout
    assert v1_graph.schema_version() == SCHEMA_VERSION


def test_a_graph_of_layout_1_is_refused_then_migrated_to_the_level_chain(bolt_target: BoltTarget) -> None:
    """A graph of this schema version loaded before titles were nodes (layout 1, as main wrote it
    at schema version 3): refused at connect, saying to migrate; ``migrate`` makes the Title
    nodes, their tier, level and awarding org edges and the Level ladder, the holdings keeping
    their source columns; the graph then reads and answers as one loaded now."""
    from tests.factories import AS_OF
    from tests.integration.test_cli_cypher import two_cities

    region = two_cities()
    # A title certified by a nomination round (schema version 3): its source columns must
    # survive the move from the HOLDS edge to the Tier onto the holding of the Title node.
    region.rows["titles"][-1] |= {"source": "round", "nomination_id": "N1", "policy": "jiangmen",
                                  "policy_hash": "abc123", "verdict": '{"verdict": "eligible"}'}
    roster = region.roster(("titles", "training", "reviews", "programmes"))
    store = connect(bolt_target, check_version=False)
    try:
        store.clear()
        store.load(roster)
        fresh = store.counts()
        set_layout_1(bolt_target)
        assert store.counts()["HOLDS"] == fresh["HOLDS"] and "Title" not in store.counts()
        with pytest.raises(StoreUnavailable) as refused:
            connect(bolt_target)
        assert f"graph layout 1, this talentgraph uses {LAYOUT_VERSION}" in str(refused.value)
        assert f"talentgraph migrate --store {bolt_target.uri}" in str(refused.value)
        assert store.migrate(batch_size=2) == (SCHEMA_VERSION, SCHEMA_VERSION)
        assert store.counts() == fresh
        migrated = connect(bolt_target)
        try:
            titles = canonical(migrated.roster())["titles"]
            assert titles.equals(canonical(roster)["titles"])
            assert {r["source"] for r in titles.to_pylist()} == {"import", "round"}
            policy = load_policy("jiangmen")
            embedded = EmbeddedStore(roster)
            for target in policy.covers():
                one, other = (services_for(each, policy=policy).questions.eligibility(
                    Scope.everything(), target, AS_OF).window() for each in (migrated, embedded))
                assert one == other, target
        finally:
            migrated.close()
    finally:
        store.clear()
        store.close()


V2_SNAPSHOT = Path(__file__).parents[1] / "fixtures" / "v2" / "region.snapshot"


@pytest.fixture
def v2_graph(bolt_target: BoltTarget) -> Iterator[Neo4jStore]:
    """The graph main wrote at version 2 for the v2 fixture (titles without source, no rounds),
    of graph layout 1: both migrations apply, the layout's first."""
    store = connect(bolt_target, check_version=False)
    try:
        store.clear()
        with zipfile.ZipFile(V2_SNAPSHOT) as zf:
            tables = {name: pa.ipc.open_file(pa.BufferReader(zf.read(f"{name}.arrow"))).read_all()
                      for name in FILE_ORDER if f"{name}.arrow" in zf.namelist()}
        store.load(Roster(tables, frozenset(tables)))
        set_schema_version(bolt_target, 2)
        set_layout_1(bolt_target)
        yield store
    finally:
        store.clear()
        store.close()


def test_migrate_brings_a_version_2_graph_to_version_3(bolt_target: BoltTarget, v2_graph: Neo4jStore) -> None:
    with pytest.raises(StoreUnavailable, match="schema version 2"):
        connect(bolt_target)
    assert v2_graph.migrate(batch_size=100) == (2, SCHEMA_VERSION)
    store = connect(bolt_target)
    try:
        expected = canonical(load_snapshot(V2_SNAPSHOT))
        got = canonical(store.roster())
        for name in FILE_ORDER:
            assert got[name].equals(expected[name]), name
        assert {r["source"] for r in got["titles"].to_pylist()} == {"import"}
        assert store.counts()["HOLDS"] == len(got["titles"]) and "Title" in store.counts()
    finally:
        store.close()
