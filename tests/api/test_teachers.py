"""Teachers over HTTP on both stores: create, read, update, deactivate, search, pages; bad input is a
422 naming the field; a conflict is a 409; a failed write changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.domain.tables import SPECS
from talentgraph.roster import Roster
from talentgraph.services import writes
from talentgraph.store.neo4j_store import canonical
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import A_TEACHERS, B_TEACHERS, Api, Tokens

NEW = {"id": "T9", "name": "李敏", "school_id": "C1-K1-S1", "entry_date": "2019-09-01", "stage": "junior",
       "subject": "math", "head_teacher": True, "roles": ["subject_leader"]}


def test_create_read_update_deactivate(api: Api, tokens: Tokens, store: TalentStore) -> None:
    client = api.as_(tokens.planner_a)
    made = client.post("/teachers", json=NEW)
    assert made.status_code == 201, made.text
    stored = {column: None for column in SPECS["teachers"].column_names} | {"status": "active"} | NEW
    assert client.get("/teachers/T9").json() == made.json() == stored
    changed = client.patch("/teachers/T9", json={"school_id": "C1-K1-S2", "subject": "physics"})
    assert changed.status_code == 200 and changed.json()["school_id"] == "C1-K1-S2"
    assert client.get("/teachers/T9").json()["subject"] == "physics"
    gone = client.post("/teachers/T9/deactivate", json={"status": "retired"})
    assert gone.json()["status"] == "retired"
    assert client.get("/teachers", params={"status": "retired"}).json()["items"][0]["id"] == "T9"
    # The store itself holds it (what eligibility and exports read).
    (row,) = [r for r in store.rows_of(["T9"], ("teachers",))["teachers"].to_pylist()]
    assert row["school_id"] == "C1-K1-S2" and row["status"] == "retired" and row["roles"] == "subject_leader"


def test_deactivation_records_the_leaving_day(api: Api, tokens: Tokens, store: TalentStore,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a day, deactivating dates the departure today (an undated leaver counts as gone on
    every as-of date); a day already stored stays; a day given is kept, if not before entry."""
    monkeypatch.setattr(writes, "today", lambda: dt.date(2026, 3, 2))
    client = api.as_(tokens.planner_a)

    def stored(teacher: str) -> tuple[str, dt.date | None]:
        (row,) = store.rows_of([teacher], ("teachers",))["teachers"].to_pylist()
        return row["status"], row["left_on"]

    gone = client.post("/teachers/T3/deactivate", json={"status": "left"})
    assert gone.status_code == 200 and gone.json()["left_on"] == "2026-03-02"
    assert stored("T3") == ("left", dt.date(2026, 3, 2))
    retired = client.post("/teachers/T3/deactivate", json={"status": "retired"})  # later: the day stays
    assert retired.json()["left_on"] == "2026-03-02" and stored("T3") == ("retired", dt.date(2026, 3, 2))
    dated = client.post("/teachers/T2/deactivate", json={"status": "retired", "left_on": "2025-07-31"})
    assert dated.json()["left_on"] == "2025-07-31" and stored("T2") == ("retired", dt.date(2025, 7, 31))
    early = client.post("/teachers/T1/deactivate", json={"status": "left", "left_on": "2001-01-01"})
    assert early.status_code == 422 and "entry_date" in early.text and stored("T1") == ("active", None)
    assert client.post("/teachers/T1/deactivate", json={"left_on": 0}).status_code == 422
    assert client.post("/teachers/T5/deactivate", json={"status": "left"}).status_code == 404  # county B


def test_search_filters(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)

    def ids(**params: str) -> list[str]:
        return [t["id"] for t in client.get("/teachers", params=params).json()["items"]]

    assert ids() == sorted([*A_TEACHERS, *B_TEACHERS])
    assert ids(org_id="C1-K1-S2") == ["T2"]
    assert ids(tier="backbone", level="county") == ["T1"]
    assert ids(tier="backbone") == ["T1", "T5"]
    assert ids(tier="backbone", level="county", as_of="2018-01-01") == []
    assert ids(stage="senior") == ["T1"]
    assert ids(subject="chinese") == ["T2"]
    assert ids(status="left") == ["T4"]
    assert ids(org_id="C1-K1", subject="math", status="active") == ["T3"]


def test_pages_are_stable_and_complete(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)
    full = client.get("/teachers").json()
    pages = [client.get("/teachers", params={"limit": 4, "offset": o}).json() for o in (0, 4, 8)]
    assert [t for p in pages for t in p["items"]] == full["items"]
    assert {p["total"] for p in pages} == {full["total"]} == {6}
    assert client.get("/teachers", params={"limit": 0}).status_code == 422
    assert client.get("/teachers", params={"offset": -1}).status_code == 422


def test_bad_input_names_the_field(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)
    answer = client.post("/teachers", json=NEW | {"stage": "university"})
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert problem["field"].endswith("stage") and "kindergarten" in problem["reason"]
    assert client.post("/teachers", json=NEW | {"entry_date": "2019-13-01"}).status_code == 422
    schoolless = {k: v for k, v in NEW.items() if k != "school_id"}
    assert client.post("/teachers", json=schoolless).status_code == 422
    assert client.post("/teachers", json=NEW | {"shoe_size": 42}).status_code == 422
    future = client.post("/teachers", json=NEW | {"school_id": "C1-K1"})  # a county is not a school
    assert future.status_code == 422 and future.json()["problems"][0]["column"] == "school_id"


def test_duplicate_id_is_409_and_changes_nothing(api: Api, tokens: Tokens, store: TalentStore,
                                                 roster: Roster) -> None:
    client = api.as_(tokens.admin)
    answer = client.post("/teachers", json=NEW | {"id": "T5"})
    assert answer.status_code == 409 and "teacher id is taken" in answer.json()["detail"]
    assert client.post("/teachers", json=NEW | {"school_id": "NOPE"}).status_code == 422
    assert client.post("/teachers/T1/titles", json={"tier": "new", "level": "school",
                                                    "awarded_on": "2030-01-01"}).status_code == 422
    assert canonical(store.roster()).equals(canonical(roster))
