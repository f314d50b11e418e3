"""What a planner sees when the store cannot be opened (a Neo4j that refuses the connection or
the password, a snapshot that is not one): one line in their language, as every other error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from talentgraph.errors import StoreUnavailable
from talentgraph.i18n import CHINESE, ENGLISH, Words
from talentgraph.store.neo4j_store import Neo4jStore
from tests.integration.bolt_server import BoltTarget


def run(*args: str) -> subprocess.CompletedProcess[str]:
    chosen = ("TALENTGRAPH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")  # --lang alone says the language
    env = {k: v for k, v in os.environ.items() if k not in chosen}
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 2, proc.stderr
    return proc


def _closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_connection_in_both_languages() -> None:
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    ask = ("eligible", "--target", "backbone@county", "--store", uri)
    chinese = run(*ask, "--lang", "zh").stderr
    english = run(*ask, "--lang", "en").stderr
    assert f"无法连接 {uri} 的 Neo4j：" in chinese and "cannot connect" not in chinese
    assert f"cannot connect to Neo4j at {uri}: " in english
    assert len(chinese.strip().splitlines()) == 1


def test_an_unreadable_snapshot_in_both_languages(tmp_path: Path) -> None:
    bogus = tmp_path / "roster.snapshot"
    bogus.write_text("not a snapshot")
    ask = ("eligible", "--target", "backbone@county", "--store", str(bogus))
    assert f"{bogus} 不是可读的 talentgraph 快照" in run(*ask, "--lang", "zh").stderr
    assert f"{bogus} is not a readable talentgraph snapshot" in run(*ask, "--lang", "en").stderr


def test_a_wrong_password_in_both_languages(bolt_target: BoltTarget) -> None:
    if bolt_target.server is not None and "neo4j" not in bolt_target.server.lower():
        pytest.skip(f"{bolt_target.server} does not check passwords as Neo4j does")
    with pytest.raises(StoreUnavailable) as refused:
        Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password + "-wrong",
                           bolt_target.database)
    chinese, english = Words.of(CHINESE).error(refused.value), Words.of(ENGLISH).error(refused.value)
    assert chinese.startswith(f"{bolt_target.uri} 的 Neo4j 拒绝了用户名或密码（NEO4J_USER、NEO4J_PASSWORD）")
    assert english.startswith(f"Neo4j at {bolt_target.uri} refused the user name or password")
    assert bolt_target.password not in chinese + english
