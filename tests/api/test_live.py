"""The API on a real socket: uvicorn on a loopback port over both stores, and `talentgraph serve` with a
token from `talentgraph token create`, as a user runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

from talentgraph.bootstrap import api_app
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import A_TEACHERS, Tokens

STARTUP_S = 30.0


@contextmanager
def live(store: TalentStore, home: Path) -> Iterator[str]:
    """uvicorn serving the app in a thread on 127.0.0.1 (a port the kernel picks); stopped after."""
    config = uvicorn.Config(api_app(store, home=home), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_S
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_over_a_real_socket_on_both_stores(store: TalentStore, home: Path, tokens: Tokens) -> None:
    with live(store, home) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/teachers").status_code == 401
        client.headers["Authorization"] = f"Bearer {tokens.planner_a}"
        assert [t["id"] for t in client.get("/teachers").json()["items"]] == sorted(A_TEACHERS)
        assert client.get("/teachers/T5").status_code == 404
        review = {"year": 2026, "kind": "annual", "result": "excellent"}
        made = client.post("/teachers/T1/reviews", json=review)
        assert made.status_code == 201
        explained = client.get("/teachers/T1/explanation", params={"target": "famous@county"})
        assert explained.status_code == 200 and explained.json()["teacher_id"] == "T1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_talentgraph_serve_and_token_create(roster: Roster, tmp_path: Path) -> None:
    env = {**os.environ, "TALENTGRAPH_HOME": str(tmp_path / "home")}
    write_bundle(roster, tmp_path / "region")
    cli = [sys.executable, "-m", "talentgraph"]
    made = subprocess.run([*cli, "token", "create", "--role", "planner", "--org", "C1-K2"], env=env,
                          capture_output=True, text=True, check=True)
    token = made.stdout.strip()
    port = _free_port()
    serve = [*cli, "serve", "--data", str(tmp_path / "region"), "--port", str(port)]
    server = subprocess.Popen(serve, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_S
        while True:
            try:
                answer = httpx.get(f"{url}/teachers", headers={"Authorization": f"Bearer {token}"})
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "talentgraph serve did not start"
                time.sleep(0.1)
        assert answer.status_code == 200
        assert [t["id"] for t in answer.json()["items"]] == ["T5", "T6"]
        assert httpx.get(f"{url}/teachers").status_code == 401
        # --data serves from memory: a write would be lost at restart, so it is refused.
        written = httpx.post(f"{url}/teachers/T5/reviews", headers={"Authorization": f"Bearer {token}"},
                             json={"year": 2026, "kind": "annual", "result": "excellent"})
        assert written.status_code == 405 and "--store PATH" in written.json()["detail"]
    finally:
        server.terminate()
        server.wait(10)
