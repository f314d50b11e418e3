"""The Bolt + Cypher server the integration tests run against, and how a run picks it.

In order:

1. ``NEO4J_URI`` set (with ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``): that server;
   nothing is started.
2. ``TALENTGRAPH_TEST_SERVER=neo4j`` or ``=arcadedb``: that one, or the run fails (CI sets
   ``neo4j``, so a CI run cannot quietly test something else).
3. Otherwise, a real Neo4j 5.26 Community (``neo4j_launcher``) when Java and Maven are on the
   machine; else ArcadeDB's Bolt server from the ``arcadedb-embedded`` wheel (``arcadedb_launcher``).

    with bolt_server() as target:
        driver = GraphDatabase.driver(target.uri, auth=(target.user, target.password))
        driver.execute_query("RETURN 1", database_=target.database)

The pytest header names the server chosen; the summary names the one that ran, with its version.
What differs between Neo4j and ArcadeDB is in docs/cypher-portability.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from neo4j import GraphDatabase

from tests.integration import arcadedb_launcher, neo4j_launcher

Kind = Literal["neo4j", "arcadedb", "external"]
KINDS: tuple[Kind, ...] = ("neo4j", "arcadedb")
CHOICE_VARIABLE = "TALENTGRAPH_TEST_SERVER"


@dataclass(frozen=True)
class BoltTarget:
    uri: str
    user: str
    password: str
    database: str
    server_pid: int | None = None  # the JVM we started; None for an external server
    kind: Kind = "external"
    server: str = ""  # what was started, e.g. "Neo4j 5.26.30 community"; empty for an external server


def chosen_kind() -> Kind:
    """Which server ``bolt_server()`` starts (see the module's docstring)."""
    if os.environ.get("NEO4J_URI"):
        return "external"
    wanted = os.environ.get(CHOICE_VARIABLE, "").strip().lower()
    if wanted:
        if wanted not in KINDS:
            raise RuntimeError(f"{CHOICE_VARIABLE}={wanted!r}: use one of {', '.join(KINDS)}")
        return "neo4j" if wanted == "neo4j" else "arcadedb"
    return "neo4j" if neo4j_launcher.available() else "arcadedb"


def describe_choice() -> str:
    """One line for the pytest header."""
    try:
        kind = chosen_kind()
    except RuntimeError as e:
        return str(e)
    if kind == "external":
        return f"the server at NEO4J_URI ({os.environ['NEO4J_URI']})"
    why = f"{CHOICE_VARIABLE}={kind}" if os.environ.get(CHOICE_VARIABLE) else (
        "Java and Maven found" if kind == "neo4j" else "no Java+Maven: the fallback")
    if kind == "neo4j":
        return f"Neo4j {neo4j_launcher.version()} Community, embedded launcher tests/neo4j_server ({why})"
    return f"ArcadeDB {arcadedb_launcher.version()} from arcadedb-embedded ({why})"


@contextmanager
def bolt_server(database: str = "neo4j", kind: Kind | None = None) -> Iterator[BoltTarget]:
    """Yield a Bolt server to test against, started fresh unless it is external."""
    kind = kind or chosen_kind()
    if kind == "external":
        target = BoltTarget(uri=os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER", "neo4j"),
                            password=os.environ.get("NEO4J_PASSWORD", ""),
                            database=os.environ.get("NEO4J_DATABASE", "neo4j"))
        yield target
        return
    if kind == "neo4j":
        with neo4j_launcher.neo4j_server(database) as running:
            yield BoltTarget(running.uri, running.user, running.password, database, running.pid, "neo4j",
                             f"Neo4j {running.version} {running.edition}")
        return
    with arcadedb_launcher.arcadedb_server(database) as (uri, user, password, pid):
        yield BoltTarget(uri, user, password, database, pid, "arcadedb",
                         f"ArcadeDB {arcadedb_launcher.version()}")


def server_agent(target: BoltTarget) -> str:
    """What the server says it is (its Bolt agent), e.g. ``Neo4j/5.26.30``."""
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        return str(driver.get_server_info().agent)
