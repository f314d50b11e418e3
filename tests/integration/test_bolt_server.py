"""The Bolt test servers themselves: reachable, authenticated, read back what was written, leave
nothing behind; and how a run picks one (tests/integration/bolt_server.py)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import AuthError

from tests.integration import arcadedb_launcher, bolt_server, neo4j_launcher
from tests.integration.bolt_server import BoltTarget, Kind, chosen_kind

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
# The servers this machine can start; each lifecycle test runs on every one of them, so a CI run
# on Neo4j still proves the ArcadeDB fallback starts and stops cleanly.
LOCAL: list[Kind] = [k for k, there in (("neo4j", neo4j_launcher.available()),
                                        ("arcadedb", arcadedb_launcher.available())) if there]
needs_linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux /proc")


@pytest.fixture
def target(bolt_target: BoltTarget) -> BoltTarget:
    return bolt_target


@pytest.fixture(scope="module")
def driver(bolt_target: BoltTarget) -> Iterator[Driver]:
    with GraphDatabase.driver(bolt_target.uri, auth=(bolt_target.user, bolt_target.password)) as d:
        yield d


def test_connects(driver: Driver, target: BoltTarget) -> None:
    driver.verify_connectivity()
    records, _, _ = driver.execute_query("RETURN 1 AS one", database_=target.database)
    assert records[0]["one"] == 1


def test_writes_and_reads_back_a_node(driver: Driver, target: BoltTarget) -> None:
    with driver.session(database=target.database) as session:
        session.run("CREATE (:Probe {id: 'p1', name: 'Ann', years: 3})").consume()
    with driver.session(database=target.database) as session:
        record = session.run("MATCH (p:Probe {id: 'p1'}) RETURN p").single(strict=True)
    node = record["p"]
    assert set(node.labels) == {"Probe"}
    assert dict(node) == {"id": "p1", "name": "Ann", "years": 3}


def test_parameterised_query(driver: Driver, target: BoltTarget) -> None:
    rows = [{"id": "q1", "score": 1.5, "active": True, "note": None, "tags": ["a", "b"]},
            {"id": "q2", "score": 2.0, "active": False, "note": "x", "tags": []}]
    driver.execute_query("UNWIND $rows AS row MERGE (q:Param {id: row.id}) SET q += row",
                         rows=rows, database_=target.database)
    records, _, _ = driver.execute_query(
        "MATCH (q:Param) WHERE q.id IN $ids AND q.score >= $lo RETURN q {.*} AS q ORDER BY q.id",
        ids=["q1", "q2", "zz"], lo=1, database_=target.database)
    assert [r["q"] for r in records] == [
        {"id": "q1", "score": 1.5, "active": True, "tags": ["a", "b"]},  # a null property is not stored
        {"id": "q2", "score": 2.0, "active": False, "note": "x", "tags": []},
    ]


def test_a_wrong_password_is_refused(target: BoltTarget) -> None:
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password + "-wrong")) as wrong, \
            pytest.raises(AuthError):
        wrong.verify_connectivity()


def test_env_override_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    with bolt_server.bolt_server() as t:
        assert t == BoltTarget("bolt://db.example:7687", "neo4j", "pw", "neo4j", None)


@pytest.mark.parametrize(("uri", "asked", "java_and_maven", "expected"), [
    ("bolt://elsewhere:7687", "arcadedb", True, "external"),  # NEO4J_URI wins over everything
    ("", "neo4j", False, "neo4j"),  # asked for: then a missing Maven fails the run, no fallback
    ("", "arcadedb", True, "arcadedb"),
    ("", "", True, "neo4j"),
    ("", "", False, "arcadedb"),
])
def test_how_a_run_picks_its_server(monkeypatch: pytest.MonkeyPatch, uri: str, asked: str,
                                    java_and_maven: bool, expected: Kind) -> None:
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv(bolt_server.CHOICE_VARIABLE, asked)
    monkeypatch.setattr(neo4j_launcher, "available", lambda: java_and_maven)
    assert chosen_kind() == expected


def test_an_unknown_server_choice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv(bolt_server.CHOICE_VARIABLE, "neo5j")
    with pytest.raises(RuntimeError, match="neo5j"):
        chosen_kind()


def test_a_neo4j_run_fails_without_java(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neo4j_launcher, "java", lambda: None)
    with pytest.raises(RuntimeError, match="no java"), neo4j_launcher.neo4j_server():
        pass


@needs_linux
@pytest.mark.parametrize("kind", LOCAL)
def test_server_gone_after_exit(kind: Kind) -> None:
    with bolt_server.bolt_server(kind=kind) as t:
        assert t.server_pid is not None
        pid = t.server_pid
        root = Path(os.readlink(f"/proc/{pid}/cwd"))  # the server runs in its temp root dir
        assert _alive(pid) and root.is_dir()
    assert not _alive(pid)
    assert not root.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(t.uri.rsplit(":", 1)[1])), timeout=1).close()


@needs_linux
@pytest.mark.parametrize("kind", LOCAL)
def test_server_dies_with_the_python_process(kind: Kind) -> None:
    script = ("import time\nfrom tests.integration.bolt_server import bolt_server\n"
              f"with bolt_server(kind={kind!r}) as t:\n"
              "    print(t.server_pid, flush=True)\n    time.sleep(600)\n")
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    pid = int(child.stdout.readline())
    root = Path(os.readlink(f"/proc/{pid}/cwd"))
    try:
        child.send_signal(signal.SIGKILL)  # no finally, no atexit: only the kernel can stop the JVM now
        child.wait()
        deadline = time.monotonic() + 10
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(pid)
    finally:
        child.stdout.close()
        shutil.rmtree(root, ignore_errors=True)  # the dead parent could not remove it


def _alive(pid: int) -> bool:
    """True if the process exists and is not a zombie (an orphan may wait a while to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
