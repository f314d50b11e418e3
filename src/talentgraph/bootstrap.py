"""The composition root: the one place that builds stores from what the user gave.

The CLI and the API both call ``open_store``; nothing connects at import time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.roster import Roster
from talentgraph.errors import StoreUnavailable, TalentGraphError
from talentgraph.store.embedded import EmbeddedStore

Step = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


SERVER_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def is_server_uri(store: str) -> bool:
    return store.split("://", 1)[0] in SERVER_SCHEMES and "://" in store


def store_from_roster(roster: Roster) -> EmbeddedStore:
    """An in-memory store holding ``roster`` (the demo, ``--data``)."""
    return EmbeddedStore(roster)


def load_into(bundle: Path, store: str, *, today: dt.date | None = None,
              step: Step = _quiet) -> Roster:
    """Load a bundle into a store, all or nothing; returns what was loaded."""
    if is_server_uri(store):
        raise StoreUnavailable(f"{store.split('://')[0]}:// stores are not supported by this version yet")
    step("reading and validating")
    roster = load_bundle(Path(bundle), today=today)
    step("indexing")
    built = store_from_roster(roster)
    step(f"saving {store}")
    built.save(Path(store))
    return roster


def open_store(*, data: Path | None = None, store: str | None = None,
               today: dt.date | None = None, step: Step = _quiet) -> EmbeddedStore:
    """A store from a roster bundle (``data``) or a snapshot / server (``store``)."""
    if (data is None) == (store is None):
        raise TalentGraphError("give exactly one of --data DIR (a roster bundle) or --store PATH")
    if data is not None:
        step(f"reading and validating bundle {data}")
        roster = load_bundle(Path(data), today=today)
        step("indexing facts")
        return store_from_roster(roster)
    assert store is not None
    if is_server_uri(store):
        raise StoreUnavailable(
            f"{store.split('://')[0]}:// stores are not supported by this version of talentgraph yet; "
            "use a snapshot path or --data DIR"
        )
    step(f"opening snapshot {store}")
    return EmbeddedStore.open(Path(store))
