"""Writes that would not be kept are not accepted: over a bundle served from memory (`serve --data`)
every write route answers 405, saying (in English and Chinese) how to get a writable store, and
nothing changes. The write routes are taken from the app's route table, so a new one is covered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentgraph.bootstrap import api_app, open_store
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from tests.api.conftest import Tokens

WRITES = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def read_only(roster: Roster, tmp_path: Path, home: Path, tokens: Tokens) -> TestClient:
    write_bundle(roster, tmp_path / "region")
    store = open_store(data=tmp_path / "region")  # what `talentgraph serve --data region` serves
    assert isinstance(store, EmbeddedStore) and not store.durable
    client = TestClient(api_app(store, home=home))
    client.headers["Authorization"] = f"Bearer {tokens.admin}"
    return client


def write_routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    routes = [(method.upper(), path) for path, operations in paths.items() for method in operations
              if method.upper() in WRITES]
    assert len(routes) >= 15, routes  # every resource has writes
    return routes


def test_every_write_is_refused_with_how_to_get_a_writable_store(read_only: TestClient,
                                                                 roster: Roster) -> None:
    for method, path in write_routes(read_only):
        filled = re.sub(r"\{teacher_id\}", "T1", path)
        filled = re.sub(r"\{(\w+)\}", "X", filled)
        answer = read_only.request(method, filled, json={})
        assert answer.status_code == 405, (method, path, answer.text)
        detail = answer.json()["detail"]
        assert "read-only" in detail and "只读" in detail, detail
        assert "talentgraph load DIR --store PATH" in detail and "serve --store PATH" in detail
        assert set(answer.headers["Allow"].split(", ")) <= {"GET", ""}
    assert read_only.get("/teachers/T1").status_code == 200  # reads still work
    store = read_only.app.state.talentgraph.services.writes.store  # type: ignore[attr-defined]
    assert store.roster().equals(roster)


def test_a_researcher_still_gets_403(read_only: TestClient, tokens: Tokens) -> None:
    read_only.headers["Authorization"] = f"Bearer {tokens.researcher}"
    assert read_only.post("/teachers", json={}).status_code == 403


def test_a_snapshot_store_is_writable(roster: Roster, tmp_path: Path, home: Path, tokens: Tokens) -> None:
    """`talentgraph load DIR --store PATH`, then `serve --store PATH`: writes are kept in the file."""
    EmbeddedStore(roster).save(tmp_path / "region.snapshot")
    store = open_store(store=str(tmp_path / "region.snapshot"))
    client = TestClient(api_app(store, home=home))
    client.headers["Authorization"] = f"Bearer {tokens.admin}"
    title = {"tier": "new", "level": "school", "awarded_on": "2024-01-01"}
    assert client.post("/teachers/T3/titles", json=title).status_code == 201
    reopened = open_store(store=str(tmp_path / "region.snapshot"))
    assert reopened.roster().count("titles") == roster.count("titles") + 1
