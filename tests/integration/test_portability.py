"""Where Neo4j and ArcadeDB (the fallback test server) differ, checked on the servers themselves:
each probe says what each one does (docs/cypher-portability.md lists the same). The probes run
on the session's server and, when that is Neo4j and ArcadeDB can be started here, on ArcadeDB
too, so a CI run on Neo4j keeps the fallback's notes true."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ClientError, ConstraintError, DatabaseError, Neo4jError

from tests.integration import arcadedb_launcher
from tests.integration.bolt_server import BoltTarget, bolt_server, server_agent

pytestmark = pytest.mark.integration

PROBE_LABELS = "P1|P2|P3|P4|P5"


class Server:
    def __init__(self, driver: Driver, database: str, kind: str) -> None:
        self.driver, self.database, self.kind = driver, database, kind

    def run(self, query: str, **params: object) -> list[dict[str, object]]:
        records, _, _ = self.driver.execute_query(query, params, database_=self.database)
        return [r.data() for r in records]

    def expect(self, neo4j: object, arcadedb: object) -> object:
        return neo4j if self.kind == "neo4j" else arcadedb


def _kind(target: BoltTarget) -> str:
    return "arcadedb" if "ArcadeDB" in server_agent(target) else "neo4j"


@pytest.fixture(scope="module", params=["session", "arcadedb"])
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    if request.param == "session":
        target: BoltTarget = request.getfixturevalue("bolt_target")
        with _connected(target) as found:
            yield found
        return
    session_target: BoltTarget = request.getfixturevalue("bolt_target")
    if session_target.kind != "neo4j" or not arcadedb_launcher.available():
        pytest.skip("ArcadeDB is probed beside a Neo4j session only (else it is the session's server)")
    with bolt_server(kind="arcadedb") as target, _connected(target) as found:
        yield found


class _connected:
    def __init__(self, target: BoltTarget) -> None:
        self.target = target

    def __enter__(self) -> Server:
        self.driver = GraphDatabase.driver(self.target.uri, auth=(self.target.user, self.target.password))
        found = Server(self.driver, self.target.database, _kind(self.target))
        _clean(found)
        return found

    def __exit__(self, *exc: object) -> None:
        try:
            _clean(Server(self.driver, self.target.database, ""))
        finally:
            self.driver.close()


def _clean(server: Server) -> None:
    server.run(f"MATCH (n:{PROBE_LABELS}) DETACH DELETE n")
    for name in ("probe_p2", "probe_p5"):
        server.run(f"DROP CONSTRAINT {name} IF EXISTS")


@pytest.fixture(autouse=True)
def clean(server: Server) -> Iterator[None]:
    _clean(server)
    yield
    _clean(server)


def outcome(step: Callable[[], object]) -> object:
    """The value, or the class of the error raised."""
    try:
        return step()
    except Neo4jError as e:
        return type(e)


def test_merge_on_a_null_key(server: Server) -> None:
    """Neo4j refuses; ArcadeDB merges a node without the property (the store drops null keys)."""
    created = outcome(lambda: server.run("MERGE (n:P1 {id: $x}) RETURN count(*) AS n", x=None))
    assert created == server.expect(ClientError, [{"n": 1}])


def test_a_unique_constraint_tells_1_from_the_string_1(server: Server) -> None:
    """Neo4j keeps both; ArcadeDB's index equates them (the store's keys are always strings)."""
    server.run("CREATE CONSTRAINT probe_p2 IF NOT EXISTS FOR (n:P2) REQUIRE n.id IS UNIQUE")
    server.run("CREATE (:P2 {id: 1})")
    assert outcome(lambda: server.run("CREATE (:P2 {id: '1'})")) == server.expect([], ConstraintError)


def test_element_id_when_a_label_is_added(server: Server) -> None:
    """Neo4j keeps it; ArcadeDB moves the record (the store never keeps element ids)."""
    before = server.run("CREATE (n:P3) RETURN elementId(n) AS e")[0]["e"]
    after = server.run("MATCH (n:P3) SET n:P4 RETURN elementId(n) AS e")[0]["e"]
    assert (before == after) == server.expect(True, False)


def test_in_transactions_inside_a_managed_transaction(server: Server) -> None:
    """Neo4j allows CALL {} IN TRANSACTIONS only in auto-commit queries; ArcadeDB runs it anyway
    (the store batches on the client instead)."""
    def in_managed() -> object:
        with server.driver.session(database=server.database) as session:
            return session.execute_write(lambda tx: tx.run(
                "UNWIND range(1, 3) AS i CALL (i) { CREATE (:P5 {i: i}) } IN TRANSACTIONS OF 2 ROWS"
            ).consume().counters.nodes_created)
    assert outcome(in_managed) == server.expect(DatabaseError, 3)


def test_deleting_a_node_that_has_relationships(server: Server) -> None:
    """Refused by both, as a ConstraintError by Neo4j and a DatabaseError by ArcadeDB."""
    server.run("CREATE (:P1 {k: 'a'})-[:PROBE]->(:P1 {k: 'b'})")
    assert outcome(lambda: server.run("MATCH (n:P1 {k: 'a'}) DELETE n")) == server.expect(
        ConstraintError, DatabaseError)


def test_a_node_key_constraint(server: Server) -> None:
    """Enterprise only in Neo4j (Community refuses it); ArcadeDB accepts it (the store uses
    uniqueness constraints only)."""
    made = outcome(lambda: server.run("CREATE CONSTRAINT probe_p5 FOR (n:P5) REQUIRE n.k IS NODE KEY"))
    assert made == server.expect(DatabaseError, [])


def test_the_functions_are_listed(server: Server) -> None:
    """SHOW FUNCTIONS lists Neo4j's (the Cypher lint checks names against them); ArcadeDB's is empty."""
    listed = len(server.run("SHOW FUNCTIONS"))
    assert (listed > 100) == server.expect(True, False)


def test_both_say_they_are_neo4j_5_26(server: Server) -> None:
    """ArcadeDB's agent claims Neo4j 5.26.0 compatibility, so the store's version check passes."""
    agent = server.driver.get_server_info().agent
    assert agent.startswith("Neo4j/5.26.")
    assert ("ArcadeDB" in agent) == server.expect(False, True)
