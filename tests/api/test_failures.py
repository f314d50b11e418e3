"""When the store fails: 503 with a retry hint when it cannot be reached; a write that fails part-way
leaves the graph exactly as it was (both stores)."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import neo4j
import pytest
from fastapi.testclient import TestClient

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.bootstrap import api_app, services_for
from talentgraph.errors import StoreUnavailable
from talentgraph.roster import Roster
from talentgraph.services import Scope
from talentgraph.store import embedded as embedded_module
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore, canonical
from talentgraph.store.protocol import TalentStore
from talentgraph.store.snapshot import load_snapshot
from tests.api.conftest import Tokens
from tests.integration.bolt_server import BoltTarget
from tests.integration.cutting_proxy import CuttingProxy

TITLE = {"tier": "famous", "level": "county", "org_id": "C1-K1", "awarded_on": dt.date(2024, 9, 1)}


def add_title(store: TalentStore) -> str:
    """T1 gets a famous@county title, through the write use case (as the API writes it)."""
    return services_for(store).writes.add_record(Scope.everything(), "titles", "T1", TITLE)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_store_answers_503_with_retry_after(home: Path, tokens: Tokens) -> None:
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{_closed_port()}", auth=("neo4j", "x"),
                                        connection_timeout=2, max_transaction_retry_time=0)
    store = Neo4jStore(driver)
    with TestClient(api_app(store, home=home)) as client:
        client.headers["Authorization"] = f"Bearer {tokens.admin}"
        for method, path, body in [("GET", "/teachers/T1", None), ("GET", "/teachers", None),
                                   ("GET", "/eligibility?target=backbone@county", None),
                                   ("POST", "/teachers", {"id": "T9", "name": "x", "school_id": "C1-K1-S1"})]:
            answer = client.request(method, path, json=body)
            assert answer.status_code == 503, (path, answer.text)
            assert int(answer.headers["Retry-After"]) > 0 and answer.json()["detail"]
    store.close()


@pytest.mark.parametrize("store", ["bolt"], indirect=True)
def test_a_failing_bolt_write_rolls_back_whole(store: TalentStore, roster: Roster,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(store, Neo4jStore)
    real = statements.run

    def fail_at_the_end(tx: neo4j.ManagedTransaction, name: str, /, **params: Any) -> list[neo4j.Record]:
        if name == "merge_bundle_meta":  # the last statement, after the title was written
            raise RuntimeError("server gone mid-write")
        return real(tx, name, **params)

    monkeypatch.setattr(statements, "run", fail_at_the_end)
    with pytest.raises(RuntimeError):
        add_title(store)
    assert canonical(store.roster()).equals(canonical(roster))


def test_a_failing_embedded_write_changes_neither_memory_nor_snapshot(
        roster: Roster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "region.snapshot"
    store = EmbeddedStore(roster, path)
    store.save()

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embedded_module, "save_snapshot", disk_full)
    with pytest.raises(OSError):
        add_title(store)
    assert store.roster().equals(roster) and load_snapshot(path).equals(roster)
    monkeypatch.undo()
    add_title(store)  # and a write that succeeds is saved
    assert load_snapshot(path).count("titles") == roster.count("titles") + 1


@pytest.mark.parametrize(("direction", "at"), [("requests", f) for f in (0.15, 0.45, 0.75, 0.95)]
                         + [("responses", f) for f in (0.1, 0.3, 0.5, 0.7, 0.9)])
def test_a_write_cut_mid_way_lands_once_or_not_at_all(bolt_target: BoltTarget, roster: Roster,
                                                      direction: str, at: float, tmp_path: Path) -> None:
    """The connection is reset (a real relay between driver and server) somewhere in a write: in
    the reads that check it, in its transaction, or in the answer to a COMMIT. Retried, the write
    lands once; or the store reports itself unavailable (the API's 503) and nothing changed.

    The cut point is a fraction of the TCP chunks the previous run of the same write relayed. TCP
    may join chunks differently from run to run, so a run that ends before its cut point is run
    again with the count it saw (the first run, uncut, only counts)."""
    expected = EmbeddedStore(roster, tmp_path / "expected.snapshot")
    add_title(expected)
    direct = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    where = urlsplit(bolt_target.uri)
    try:
        chunks, cuts = 0, 0
        for _ in range(6):
            direct.clear()
            direct.load(roster)
            with CuttingProxy(where.hostname or "127.0.0.1", where.port or 7687) as proxy:
                via = Neo4jStore.connect(proxy.uri, bolt_target.user, bolt_target.password,
                                         bolt_target.database)
                connected = proxy.relayed[direction.rstrip("s")]  # connecting: schema version, constraints
                try:
                    if chunks:
                        proxy.cut_after(**{direction: max(1, round(chunks * at))})
                    try:
                        add_title(via)
                        landed = True
                    except StoreUnavailable:
                        landed = False
                    chunks, cuts = proxy.relayed[direction.rstrip("s")] - connected, proxy.cuts
                finally:
                    via.close()
            if cuts:
                break
        assert cuts == 1, "the write never reached its cut point"
        after = canonical(direct.roster())
        assert after.equals(canonical((expected if landed else EmbeddedStore(roster)).roster()))
    finally:
        direct.close()
