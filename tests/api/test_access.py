"""Authentication and roles: tokens from the registry, hashed at rest; 401 without one, 403 for a role
that may not, revocation at once."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from talentgraph.access import Role, TokenRegistry
from talentgraph.cli.main import cli
from talentgraph.keys import Keys, Pseudonyms
from talentgraph.services import redact
from tests.api.conftest import Api, Tokens


def test_every_request_needs_a_valid_token(embedded_api: Api, tokens: Tokens) -> None:
    client = embedded_api.client
    assert client.get("/teachers").status_code == 401
    client.headers["Authorization"] = "Bearer tg_000000000000_not-a-token"
    answer = client.get("/teachers/T1")
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"] == "Bearer"
    client.headers["Authorization"] = f"Basic {tokens.admin}"
    assert client.get("/teachers").status_code == 401
    del client.headers["Authorization"]
    assert client.get("/teachers", headers={"X-API-Key": tokens.admin}).status_code == 200


def test_a_revoked_token_stops_working_at_once(embedded_api: Api, tokens: Tokens, home: Path) -> None:
    client = embedded_api.as_(tokens.planner_a)
    assert client.get("/teachers/T1").status_code == 200
    registry = TokenRegistry(home)
    planner = next(info for info in registry.list() if info.role is Role.PLANNER and info.org_id == "C1-K1")
    registry.revoke(planner.id)
    assert client.get("/teachers/T1").status_code == 401


def test_roles_that_may_not_write_get_403(embedded_api: Api, tokens: Tokens) -> None:
    researcher = embedded_api.as_(tokens.researcher)
    new = {"id": "T9", "name": "x", "school_id": "C1-K1-S1"}
    assert researcher.post("/teachers", json=new).status_code == 403
    assert researcher.patch("/teachers/T1", json={"subject": "art"}).status_code == 403
    planner = embedded_api.as_(tokens.planner_a)
    answer = planner.post("/bundle", files={"file": ("b.zip", b"PK", "application/zip")})
    assert answer.status_code == 403


def test_tokens_are_stored_hashed_and_printed_once(home: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["token", "create", "--role", "planner", "--org", "C1-K1"],
                         env={"TALENTGRAPH_HOME": str(home)})
    assert made.exit_code == 0, made.output
    token = made.stdout.strip()
    assert len(made.stdout.splitlines()) == 1 and token.startswith("tg_")
    stored = (home / "tokens.json").read_text()
    assert token not in stored and token.split("_", 2)[2] not in stored
    (entry,) = json.loads(stored)["tokens"]
    assert entry["role"] == "planner" and entry["org_id"] == "C1-K1"
    assert oct((home / "tokens.json").stat().st_mode & 0o777) == "0o600"
    assert TokenRegistry(home).authenticate(token) is not None
    listed = runner.invoke(cli, ["token", "list"], env={"TALENTGRAPH_HOME": str(home)})
    assert entry["id"] in listed.stdout and token not in listed.stdout
    revoked = runner.invoke(cli, ["token", "revoke", entry["id"]], env={"TALENTGRAPH_HOME": str(home)})
    assert revoked.exit_code == 0 and TokenRegistry(home).authenticate(token) is None


def test_a_planner_token_needs_an_org(home: Path) -> None:
    made = CliRunner().invoke(cli, ["token", "create", "--role", "planner"],
                              env={"TALENTGRAPH_HOME": str(home)})
    assert made.exit_code != 0 and not (home / "tokens.json").exists()


def test_pseudonyms_are_stable_and_only_the_key_reveals_them(home: Path, tmp_path: Path) -> None:
    ours, theirs = Keys.of_home(home).pseudonyms, Keys.of_home(tmp_path / "other").pseudonyms
    hidden = ours.hide("T0004107")
    assert hidden == Keys.of_home(home).pseudonyms.hide("T0004107") != theirs.hide("T0004107")
    assert "T0004107" not in hidden and ours.reveal(hidden) == "T0004107"
    assert theirs.reveal(hidden) is None and ours.reveal("P-aaaa") is None and ours.reveal("T1") is None
    # The same secret gives the same pseudonyms as before record ids were keyed (published data
    # sets stay comparable), and lists sort by the cheap order key exactly as by the pseudonym.
    assert Pseudonyms(b"k" * 32).hide("T1") == "P-eae5pkfn2h7mtnhk"
    ids = [f"T{i:07d}" for i in range(2000)]
    assert sorted(ids, key=ours.order_key) == sorted(ids, key=ours.hide) != ids


def test_text_replaces_whole_ids_only(home: Path) -> None:
    """T1 is a prefix of T12: replacing T1 must leave T12 whole (and each gets its own pseudonym)."""
    pseudonyms = Keys.of_home(home).pseudonyms
    t1, t12 = pseudonyms.hide("T1"), pseudonyms.hide("T12")
    assert redact.text("mentor T12, ongoing; T1.", {"T1": t1}) == f"mentor T12, ongoing; {t1}."
    assert redact.text("T1 and T12 (T1)", {"T1": t1, "T12": t12}) == f"{t1} and {t12} ({t1})"
    assert redact.text("导师T1", {"T1": t1}) == f"导师{t1}"  # next to Chinese text it is still a whole id
    assert redact.text("mentor T1, mentor T12", {"T1": "T1", "T12": redact.OUTSIDE_TEACHER}) == \
        f"mentor T1, mentor {redact.OUTSIDE_TEACHER}"


def _token_id(token: str) -> str:
    return token.split("_")[1]


def test_an_unreadable_token_file_is_a_500_that_shows_none_of_it(embedded_api: Api, tokens: Tokens,
                                                                 home: Path) -> None:
    """A broken tokens.json is the server's problem, not the caller's: 500, and nothing of the file."""
    client = embedded_api.as_(tokens.admin)
    for text in ('{"tokens": [{"id": "SECRET-LINE", "sha256": ', '["SECRET-LINE"]',
                 '{"tokens": "SECRET-LINE"}', '\xff SECRET-LINE'):
        (home / "tokens.json").write_bytes(text.encode("latin-1"))
        answer = client.get("/teachers")
        assert answer.status_code == 500, (text, answer.text)
        assert "token file" in answer.json()["detail"] and "SECRET" not in answer.text
        assert str(home) not in answer.text


def test_a_token_entry_without_a_hash_is_a_500_not_a_crash(embedded_api: Api, tokens: Tokens,
                                                            home: Path) -> None:
    """A damaged entry fails only its own token, as a handled 500; a planner entry that lost its
    org is not read as an unscoped token."""
    path = home / "tokens.json"
    data = json.loads(path.read_text())
    for entry in data["tokens"]:
        if entry["id"] == _token_id(tokens.admin):
            del entry["sha256"]
        if entry["id"] == _token_id(tokens.planner_a):
            entry["org_id"] = None
    path.write_text(json.dumps(data))
    for token in (tokens.admin, tokens.planner_a):
        answer = embedded_api.as_(token).get("/teachers")
        assert answer.status_code == 500, answer.text
        assert "token file" in answer.json()["detail"]
    assert embedded_api.as_(tokens.planner_b).get("/teachers").status_code == 200
    assert embedded_api.as_("tg_000000000000_not-a-token").get("/teachers").status_code == 401
