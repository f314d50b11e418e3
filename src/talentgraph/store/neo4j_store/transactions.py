"""A connection to one Neo4j database: connecting (version check, notifications off), sessions
that share one bookmark manager, and managed transactions retried when a COMMIT goes unanswered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.message import N_, Message, message
from talentgraph.errors import StoreUnavailable

T = TypeVar("T")

ATTEMPTS = 3  # tries of a transaction whose commit went unanswered (see answered)
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
# The reads use the scoped subquery CALL (x) { ... }, new in Neo4j 5.23.
OLDEST_SERVER = (5, 23)


class Connection:
    """The driver, the database, and how errors name the server.

    Every session of the store shares one bookmark manager, so a read in a new session sees the
    writes of every session before it (read-your-writes), also on a cluster where the read may go
    to another member than the write did.
    """

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j", where: str | Message = "Neo4j") -> None:
        self.driver = driver
        self.database = database
        self.where = where
        self.bookmarks = neo4j.GraphDatabase.bookmark_manager()

    @contextmanager
    def session(self) -> Iterator[neo4j.Session]:
        try:
            with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
                yield session
        except (ServiceUnavailable, SessionExpired, AuthError) as e:
            raise StoreUnavailable(message(N_("lost {where}: {error}"), where=self.where,
                                           error=cause(e))) from None

    def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``work(tx, ...)`` in one managed read transaction of a new session."""
        with self.session() as session:
            return read_tx(session, work, *args, **kwargs)

    def write(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``work(tx, ...)`` in one managed write transaction of a new session."""
        with self.session() as session:
            return write_tx(session, work, *args, **kwargs)

    def close(self) -> None:
        self.driver.close()


def connect(uri: str, user: str, password: str, database: str = "neo4j", *,
            retry_seconds: float = 30.0) -> Connection:
    """A connection on a new driver for ``uri``; StoreUnavailable in one line (never naming the
    password) if the URI is not Bolt's, the server cannot be reached, refuses the credentials or
    is older than ``OLDEST_SERVER``. A transaction whose connection drops is retried on a new one
    for up to ``retry_seconds`` (the driver's default 30 s)."""
    where = safe_uri(uri)
    if urlsplit(where).scheme not in BOLT_SCHEMES:  # the driver would try its HTTP preview
        raise StoreUnavailable(message(N_("cannot use Neo4j at {where}: the URI must start with {schemes}"),
                                       where=where, schemes=" or ".join(s + "://" for s in BOLT_SCHEMES)))
    try:
        # Neo4j notes unknown labels, types and properties on every read of a table that is
        # empty (a bundle without studios): not the user's concern, and the driver would log each.
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                            max_transaction_retry_time=retry_seconds,
                                            notifications_min_severity="OFF")
    except (DriverError, Neo4jError, ValueError) as e:  # a malformed URI or bad settings
        raise StoreUnavailable(message(N_("cannot use Neo4j at {where}: {error}"), where=where,
                                       error=cause(e, password))) from None
    try:
        agent = driver.get_server_info().agent  # connects, authenticates, and says what it is
    except (DriverError, Neo4jError, OSError, ValueError) as e:
        driver.close()
        said = (N_("Neo4j at {where} refused the user name or password (NEO4J_USER, NEO4J_PASSWORD): {error}")
                if isinstance(e, AuthError) else N_("cannot connect to Neo4j at {where}: {error}"))
        raise StoreUnavailable(message(said, where=where, error=cause(e, password))) from None
    try:
        check_server(agent, message(N_("Neo4j at {uri}"), uri=where))
    except StoreUnavailable:
        driver.close()
        raise
    return Connection(driver, database, message(N_("Neo4j at {uri}"), uri=where))


def check_server(agent: str, where: str | Message) -> None:
    """Refuse, in one line, a server older than ``OLDEST_SERVER`` by its Bolt agent
    (``Neo4j/5.26.0``; calendar versions such as ``Neo4j/2025.06.0`` are newer than any 5.x;
    other Bolt + Cypher servers answer as the Neo4j they follow)."""
    oldest = ".".join(map(str, OLDEST_SERVER))
    found = re.match(r"Neo4j/(\d+)\.(\d+)", agent)
    if found is None:
        raise StoreUnavailable(message(N_("{where} says it is {agent}: talentgraph needs Neo4j {oldest} or "
                                          "later"), where=where, agent=repr(agent), oldest=oldest))
    version = (int(found[1]), int(found[2]))
    if version < OLDEST_SERVER:
        raise StoreUnavailable(message(N_("{where} runs Neo4j {found}: talentgraph needs Neo4j {oldest} or "
                                          "later (its reads use CALL (x) {{ }} subqueries); upgrade the "
                                          "server"),
                                       where=where, found=f"{version[0]}.{version[1]}", oldest=oldest))


def read_tx(session: neo4j.Session, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work`` in a managed read transaction (see ``answered``)."""
    return answered(session.execute_read, work, *args, **kwargs)


def write_tx(session: neo4j.Session, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work`` in a managed write transaction (see ``answered``)."""
    return answered(session.execute_write, work, *args, **kwargs)


def write(session: neo4j.Session, name: str, /, **params: Any) -> list[neo4j.Record]:
    """One statement in its own managed write transaction."""
    return write_tx(session, statements.run, name, **params)


def answered(execute: Callable[..., Any], work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a managed transaction, and again when its COMMIT went unanswered. The driver retries
    other transient failures itself but raises IncompleteCommit then, since it cannot know
    whether the commit happened; reads change nothing, and every talentgraph write is a MERGE
    on a key or a delete by key, so running one again is safe."""
    for _ in range(ATTEMPTS - 1):
        try:
            return cast(T, execute(work, *args, **kwargs))
        except IncompleteCommit:
            pass
    return cast(T, execute(work, *args, **kwargs))


def safe_uri(uri: str) -> str:
    """The URI without any user:password@ part."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<malformed uri>"
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def cause(error: Exception, secret: str = "") -> str:
    """The error on one line, with the password masked should the driver ever quote it."""
    detail = error.message if isinstance(error, Neo4jError) and error.message else str(error)
    text = " ".join(detail.split()) or "no detail"
    if secret:
        text = text.replace(secret, "***")
    return f"{type(error).__name__}: {text}"
