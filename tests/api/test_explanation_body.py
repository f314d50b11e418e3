"""The explanation's body, byte for byte, as it was before its response path was made faster
(bench/api.py): the route now encodes the response model itself. The files in golden/ were
written by main at df66627, where FastAPI validated and encoded the returned model. Both stores
answer the same bytes.

If an explanation's content changes on purpose (a rule's wording, a new field), write the
files again with ``python -m tests.api.test_explanation_body`` and read the diff."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.store.embedded import EmbeddedStore
from tests.api.conftest import Api, Tokens, region

GOLDEN = Path(__file__).parent / "golden"
CASES = [("T1", "en"), ("T1", "zh-CN"), ("T4", "en")]  # holds the target; left teaching (a note)
Q = {"target": "backbone@county", "as_of": "2026-09-01"}


def _golden(teacher: str, language: str) -> Path:
    return GOLDEN / f"explanation-{teacher}-{language}.json"


@pytest.mark.parametrize(("teacher", "language"), CASES)
def test_explanation_body_is_unchanged(api: Api, tokens: Tokens, teacher: str, language: str) -> None:
    answer = api.as_(tokens.admin).get(f"/teachers/{teacher}/explanation", params=Q,
                                       headers={"Accept-Language": language})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == _golden(teacher, language).read_bytes()


def _write_golden() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        token = TokenRegistry(home).create(Role.ADMIN)[0]
        store = EmbeddedStore(region().roster(), Path(tmp) / "region.snapshot")
        with TestClient(api_app(store, home=home)) as client:
            for teacher, language in CASES:
                answer = client.get(f"/teachers/{teacher}/explanation", params=Q, headers={
                    "Authorization": f"Bearer {token}", "Accept-Language": language})
                answer.raise_for_status()
                _golden(teacher, language).write_bytes(answer.content)
                print(_golden(teacher, language), file=sys.stderr)


if __name__ == "__main__":
    _write_golden()
