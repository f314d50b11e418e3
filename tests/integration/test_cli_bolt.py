"""The CLI against a real Bolt server: same answers as the embedded store, clear failures.

Uses the session's Bolt test server (ArcadeDB, or the Neo4j at NEO4J_URI).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from talentgraph.store.neo4j_store import Neo4jStore
from tests.integration.bolt_server import BoltTarget

AS_OF = "2026-09-01"


def run(target: BoltTarget | None, *args: str, ok: bool = True, password: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    if target is not None:
        env |= {"NEO4J_USER": target.user, "NEO4J_PASSWORD": password or target.password,
                "NEO4J_DATABASE": target.database}
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=600, env=env)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def loaded(bolt_target: BoltTarget, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A generated city loaded into the Bolt server (and kept as a bundle for comparison)."""
    region = tmp_path_factory.mktemp("bolt") / "region"
    run(None, "generate", "--teachers", "1500", "--seed", "11", "--out", str(region))
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        store.clear()  # the server is the session's: other tests' graphs must not mix in
    finally:
        store.close()
    run(bolt_target, "load", str(region), "--store", bolt_target.uri)
    yield region


def answers(target: BoltTarget | None, source: tuple[str, str], *args: str) -> object:
    return json.loads(run(target, *args, *source, "--as-of", AS_OF, "--format", "json").stdout)


@pytest.mark.parametrize("question", [
    ("eligible", "--target", "backbone@county"),
    ("eligible", "--target", "emerging@city"),
    ("eligible", "--target", "famous@city", "--policy", "jiangmen"),
    ("pipeline",),
])
def test_bolt_store_answers_like_the_embedded_store(bolt_target: BoltTarget, loaded: Path,
                                                    question: tuple[str, ...]) -> None:
    embedded = answers(None, ("--data", str(loaded)), *question)
    bolt = answers(bolt_target, ("--store", bolt_target.uri), *question)
    assert bolt == embedded


def test_explain_through_bolt_matches(bolt_target: BoltTarget, loaded: Path) -> None:
    rows = answers(None, ("--data", str(loaded)), "eligible", "--target", "backbone@city", "--limit", "3")
    assert isinstance(rows, list)
    for row in rows:
        question = ("explain", row["teacher_id"], "--target", "backbone@city")
        assert answers(bolt_target, ("--store", bolt_target.uri), *question) == answers(
            None, ("--data", str(loaded)), *question)


def test_reloading_the_same_bundle_changes_nothing(bolt_target: BoltTarget, loaded: Path) -> None:
    before = answers(bolt_target, ("--store", bolt_target.uri), "pipeline")
    run(bolt_target, "load", str(loaded), "--store", bolt_target.uri)
    assert answers(bolt_target, ("--store", bolt_target.uri), "pipeline") == before


def test_unreachable_server_is_one_clear_line() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run(None, "pipeline", "--store", f"bolt://127.0.0.1:{port}", ok=False)
    assert proc.returncode == 2
    assert f"bolt://127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr


def test_wrong_password_is_refused_without_echoing_it(bolt_target: BoltTarget, loaded: Path) -> None:
    secret = "not-the-password-4711"
    proc = run(bolt_target, "pipeline", "--store", bolt_target.uri, ok=False, password=secret)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert secret not in proc.stderr and secret not in proc.stdout
