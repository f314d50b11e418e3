"""The composition root: the one place that builds stores, services and the app from what the user gave.

The CLI's commands and ``talentgraph serve`` both open their store with ``open_store`` (which
also decides the default store when none is named), build the use cases with ``services_for``,
and ``serve`` gets its app from ``api_app``. Nothing connects at import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from talentgraph.access import TokenRegistry
from talentgraph.bundle.load import load_bundle
from talentgraph.domain.message import N_, message
from talentgraph.errors import TalentGraphError
from talentgraph.keys import Keys
from talentgraph.policy.load import load_policy
from talentgraph.policy.schema import Policy
from talentgraph.roster import Roster
from talentgraph.services import Services
from talentgraph.settings import get_neo4j_settings, get_settings
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.protocol import TalentStore

if TYPE_CHECKING:
    from fastapi import FastAPI

    from talentgraph.store.neo4j_store import Neo4jStore

Step = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


SERVER_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_server_uri(store: str) -> bool:
    return store.split("://", 1)[0] in SERVER_SCHEMES and "://" in store


def store_from_roster(roster: Roster) -> EmbeddedStore:
    """An in-memory store holding ``roster`` (the demo, ``--data``)."""
    return EmbeddedStore(roster)


def connect_neo4j(uri: str, *, check_version: bool = True) -> Neo4jStore:
    """A Neo4j store at ``uri``, credentials from NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE;
    a graph of another schema version is refused unless not ``check_version`` (migrations)."""
    from talentgraph.store.neo4j_store import Neo4jStore  # the driver loads only when used

    settings = get_neo4j_settings()
    return Neo4jStore.connect(uri, settings.user, settings.password.get_secret_value(), settings.database,
                              check_version=check_version)


def load_into(bundle: Path, store: str, *, today: dt.date | None = None,
              step: Step = _quiet, strict: bool = False) -> Roster:
    """Load a bundle into a snapshot or a Neo4j server; returns what was loaded.

    The bundle is validated whole first, so a bad bundle writes nothing. A
    snapshot is replaced atomically; a Neo4j load is idempotent, so one cut
    short (server gone) is completed by running it again.
    """
    step("reading and validating")
    roster = load_bundle(Path(bundle), today=today, strict=strict)
    if is_server_uri(store):
        step(f"connecting to {store}")
        server = connect_neo4j(store)
        try:
            step("writing to Neo4j")
            server.load(roster)
        finally:
            server.close()
        return roster
    step("indexing")
    built = store_from_roster(roster)
    step(f"saving {store}")
    built.save(Path(store))
    return roster


def open_store(*, data: Path | None = None, store: str | None = None,
               today: dt.date | None = None, step: Step = _quiet) -> TalentStore:
    """A store from a roster bundle (``data``: in memory, not durable) or a snapshot / server
    (``store``). With neither, the default store: TALENTGRAPH_STORE, then NEO4J_URI."""
    if data is None:
        store = store or get_settings().store or get_neo4j_settings().uri
    if (data is None) == (store is None):
        raise TalentGraphError(message(N_("give exactly one of --data DIR (a roster bundle) or --store "
                                          "PATH")))
    if data is not None:
        step(f"reading and validating bundle {data}")
        roster = load_bundle(Path(data), today=today)
        step("indexing facts")
        return store_from_roster(roster)
    assert store is not None
    if is_server_uri(store):
        step(f"connecting to {store}")
        return connect_neo4j(store)
    step(f"opening snapshot {store}")
    return EmbeddedStore.open(Path(store))


def policy_named(name: str | Policy | None) -> Policy:
    """A policy by built-in name or file (default: TALENTGRAPH_POLICY, else ``reference``)."""
    return name if isinstance(name, Policy) else load_policy(name or get_settings().policy)


def services_for(store: TalentStore, *, policy: str | Policy | None = None, home: Path | None = None,
                 keys: Keys | None = None) -> Services:
    """The use cases over ``store``. The server's keys come from ``home`` (TALENTGRAPH_HOME) when
    given; the command line, which shows no pseudonyms or record ids, uses throwaway ones."""
    if keys is None and home is not None:
        keys = Keys.of_home(home)
    return Services.over(store, policy=policy_named(policy), keys=keys)


def api_app(store: TalentStore, *, home: Path | None = None, policy: str | Policy | None = None,
            shared: Path | None = None) -> FastAPI:
    """The HTTP API over ``store``, with the planners' web app beside it (pages under /app):
    tokens and keys from ``home`` (default TALENTGRAPH_HOME). Read-only over a store that would
    not keep writes (``open_store(data=...)``). ``shared``: the folder where the web app keeps its
    sessions when several server processes answer."""
    from talentgraph.web.app import mount  # the web stack loads only when serving
    from talentgraph_api import create_app

    home = Path(home) if home is not None else get_settings().home_dir
    services, registry = services_for(store, policy=policy, home=home), TokenRegistry(home)
    app = create_app(services, registry)
    mount(app, services, registry, shared)
    return app
