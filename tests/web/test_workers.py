"""Several server processes over one snapshot (`talentgraph serve --workers N`): each worker has
its own store and app, as here two apps in one test; what one worker does, every other sees.
A session signed in on one is signed in on the other and ends on both; a workbook checked on one is
stored by the other, once; a write through one is read through the other, and two workers' writes
both stay. Then the real command with two worker processes."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.cli.serve import _serving
from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.snapshot import save_snapshot
from tests.api.conftest import A, bundle_files, region, zipped
from tests.web.conftest import csrf_of, signed_in

REVIEW = {"year": 2026, "kind": "annual", "result": "excellent"}


@pytest.fixture
def roster() -> Roster:
    return region().roster()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def snapshot(roster: Roster, tmp_path: Path) -> Path:
    path = tmp_path / "region.snapshot"
    save_snapshot(roster, path)
    return path


def worker(snapshot: Path, home: Path, shared: Path) -> TestClient:
    """One worker as `serve --workers` builds it: its own store over the snapshot, the shared folder."""
    store = EmbeddedStore.open(snapshot)
    return TestClient(_serving(store, api_app(store, home=home, shared=shared)))


@pytest.fixture
def workers(snapshot: Path, home: Path, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    shared = tmp_path / "shared"
    with worker(snapshot, home, shared) as one, worker(snapshot, home, shared) as other:
        yield one, other


def token(home: Path, role: Role, org: str | None = None) -> str:
    return TokenRegistry(home).create(role, org)[0]


def test_a_session_signed_in_on_one_worker_is_signed_in_on_another(
        workers: tuple[TestClient, TestClient], home: Path) -> None:
    one, other = workers
    signed_in(one, token(home, Role.PLANNER, A))
    cookie = one.cookies["tg_session"]
    other.cookies.set("tg_session", cookie)
    page = other.get("/app/overview", follow_redirects=False)
    assert page.status_code == 200
    out = other.post("/app/signout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    one.cookies.set("tg_session", cookie)
    assert one.get("/app/overview", follow_redirects=False).status_code == 303  # ended everywhere


def test_a_workbook_checked_on_one_worker_is_stored_by_another_once(
        workers: tuple[TestClient, TestClient], home: Path, roster: Roster, tmp_path: Path) -> None:
    one, other = workers
    packed = zipped(bundle_files(roster, tmp_path / "bundle"))
    signed_in(one, token(home, Role.ADMIN))
    other.cookies.set("tg_session", one.cookies["tg_session"])
    checked = one.post("/app/upload", data={"csrf": csrf_of(one.get("/app/upload").text)},
                       files={"file": ("region.zip", packed, "application/zip")})
    assert checked.status_code == 200, checked.text
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', checked.text)
    assert upload_id
    form = {"csrf": csrf_of(checked.text), "upload_id": upload_id[1]}
    assert other.post("/app/upload/store", data=form).status_code == 200
    assert one.post("/app/upload/store", data=form).status_code == 410  # used once, on any worker


def test_writes_through_either_worker_are_read_through_both_and_none_is_lost(
        workers: tuple[TestClient, TestClient], home: Path) -> None:
    one, other = workers
    auth = {"Authorization": f"Bearer {token(home, Role.ADMIN)}"}

    def reviews(client: TestClient, teacher: str) -> list[dict[str, object]]:
        answer = client.get(f"/teachers/{teacher}/reviews", headers=auth)
        assert answer.status_code == 200, answer.text
        return list(answer.json()["items"])

    before = len(reviews(other, "T1"))
    assert one.post("/teachers/T1/reviews", json=REVIEW, headers=auth).status_code == 201
    assert len(reviews(other, "T1")) == before + 1  # the other worker took in the saved file
    later = {"year": 2018, "kind": "annual", "result": "qualified"}
    assert other.post("/teachers/T3/reviews", json=later, headers=auth).status_code == 201
    # Each write started from the file as the other left it: both are kept, seen on both workers.
    for client in (one, other):
        assert len(reviews(client, "T1")) == before + 1
        assert any(r["year"] == 2018 for r in reviews(client, "T3"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_talentgraph_serve_with_two_workers(snapshot: Path, tmp_path: Path) -> None:
    env = {**os.environ, "TALENTGRAPH_HOME": str(tmp_path / "home")}
    cli = [sys.executable, "-m", "talentgraph"]
    made = subprocess.run([*cli, "token", "create", "--role", "admin"], env=env,
                          capture_output=True, text=True, check=True)
    auth = {"Authorization": f"Bearer {made.stdout.strip()}"}
    refused = subprocess.run([*cli, "serve", "--workers", "2", "--data", str(tmp_path)], env=env,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "--workers needs --store" in refused.stderr
    port = _free_port()
    serve = [*cli, "serve", "--store", str(snapshot), "--workers", "2", "--port", str(port)]
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/teachers", headers=auth).raise_for_status()
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "talentgraph serve --workers 2 did not start"
                time.sleep(0.2)
        made_review = httpx.post(f"{url}/teachers/T1/reviews", json=REVIEW, headers=auth)
        assert made_review.status_code == 201
        # Fresh connections, so that the kernel hands them to either worker: all see the write.
        for _ in range(12):
            with httpx.Client(base_url=url, headers=auth) as client:
                items = client.get("/teachers/T1/reviews").json()["items"]
                assert any(r["year"] == 2026 and r["result"] == "excellent" for r in items)
    finally:
        server.terminate()
        server.wait(20)
