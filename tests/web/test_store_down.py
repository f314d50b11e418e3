"""When the store cannot be reached, every page answers 503 with a readable page (in the visitor's
language, with a retry hint), never a 500: a real Neo4j driver pointed at a closed port."""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.store.neo4j_store import Neo4jStore
from tests.web.conftest import signed_in


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_pages_answer_503_when_neo4j_is_down(tmp_path: Path) -> None:
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{_closed_port()}", auth=("neo4j", "x"),
                                        connection_timeout=2, max_transaction_retry_time=0)
    store = Neo4jStore(driver)
    home = tmp_path / "home"
    token = TokenRegistry(home).create(Role.PLANNER, "C1-K1")[0]
    try:
        with TestClient(api_app(store, home=home), raise_server_exceptions=False) as client:
            signed_in(client, token)
            for path in ("/app/overview", "/app/candidates", "/app/teachers/T1", "/app/rounds",
                         "/app/rounds/R0001", "/app/studios"):
                answer = client.get(path)
                assert answer.status_code == 503, (path, answer.status_code, answer.text[-400:])
                assert "无法连接数据存储" in answer.text or "数据" in answer.text, path
                assert int(answer.headers["Retry-After"]) > 0
                english = client.get(path, params={"lang": "en"})
                assert english.status_code == 503 and "The store cannot be reached" in english.text
                client.get(path, params={"lang": "zh_CN"})
    finally:
        store.close()
