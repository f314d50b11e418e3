"""Org scoping, on both stores: a planner of county A sees and writes county A only. Every county-B
teacher, list and question answers as if it did not exist (404, or absent from lists); ids in a
body that point into county B are refused exactly like ids that do not exist."""

from __future__ import annotations

import pytest

from talentgraph.access import Role
from talentgraph.keys import Keys
from talentgraph.services import Scope
from talentgraph.services.view import View
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import A_TEACHERS, B_TEACHERS, OTHER_SCHOOL, Api, B, Tokens

READS = ["/teachers/{t}", "/teachers/{t}/titles", "/teachers/{t}/programmes", "/teachers/{t}/training",
         "/teachers/{t}/reviews", "/teachers/{t}/postings", "/teachers/{t}/mentorships",
         "/teachers/{t}/explanation?target=backbone@county"]


@pytest.mark.parametrize("teacher", [*B_TEACHERS, "T404"])
def test_every_county_b_teacher_read_is_404_for_a_planner_of_a(api: Api, tokens: Tokens,
                                                                teacher: str) -> None:
    client = api.as_(tokens.planner_a)
    for path in READS:
        answer = client.get(path.format(t=teacher))
        assert answer.status_code == 404, (path, answer.text)
        assert "C1-K2" not in answer.text


def test_county_b_questions_orgs_and_studios_are_404(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    for path in ["/orgs/C1-K2", "/orgs/C1-K2/subtree", "/orgs/C1-K2/pipeline", f"/orgs/{OTHER_SCHOOL}",
                 "/orgs/C1", "/eligibility?target=backbone@county&org_id=C1-K2",
                 "/eligibility/export?target=backbone@county&org_id=C1-K2", "/studios/SB",
                 "/studios/SB/members", "/studios/SB/links", "/teachers?org_id=C1-K2"]:
        assert client.get(path).status_code == 404, path


def test_lists_hold_only_the_planners_subtree(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    ids = [t["id"] for t in client.get("/teachers").json()["items"]]
    assert ids == sorted(A_TEACHERS)
    assert [s["id"] for s in client.get("/studios").json()["items"]] == ["SA"]
    orgs = {o["id"] for o in client.get("/orgs", params={"limit": 1000}).json()["items"]}
    assert orgs == {"C1-K1", "C1-K1-S1", "C1-K1-S2"}
    swept = client.get("/eligibility", params={"target": "backbone@county", "as_of": "2026-09-01"}).json()
    assert swept["items"] and {v["school_id"] for v in swept["items"]} <= orgs
    ((tree),) = client.get("/orgs/tree").json()
    assert tree["id"] == "C1-K1"
    mentorships = client.get("/teachers/T1/mentorships").json()["items"]
    assert {m["mentee_id"] for m in mentorships} == {"T2", "T3"}
    # The other planner sees the mirror image.
    other = api.as_(tokens.planner_b)
    assert [t["id"] for t in other.get("/teachers").json()["items"]] == sorted(B_TEACHERS)
    assert other.get("/teachers/T1").status_code == 404


def test_county_b_writes_are_404_or_unknown_ids(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    assert client.patch("/teachers/T5", json={"subject": "art"}).status_code == 404
    assert client.post("/teachers/T5/deactivate", json={"status": "left"}).status_code == 404
    title = {"tier": "new", "level": "school", "awarded_on": "2024-01-01"}
    assert client.post("/teachers/T5/titles", json=title).status_code == 404
    join = {"teacher_id": "T1", "joined_on": "2024-01-01"}
    assert client.post("/studios/SB/members", json=join).status_code == 404
    outside = client.post("/teachers", json={"id": "T9", "name": "x", "school_id": OTHER_SCHOOL})
    missing = client.post("/teachers", json={"id": "T9", "name": "x", "school_id": "NO-SUCH-SCHOOL"})
    assert outside.status_code == missing.status_code == 422
    assert outside.json()["problems"][0]["field"] == "school_id"
    assert outside.content == missing.content  # byte for byte: the value is not echoed
    mentor_b = client.post("/mentorships", json={"mentor_id": "T5", "mentee_id": "T3", "kind": "subject",
                                                 "start_date": "2024-01-01"})
    assert mentor_b.status_code == 422 and mentor_b.json()["problems"][0]["field"] == "mentor_id"
    assert client.patch("/teachers/T1", json={"school_id": OTHER_SCHOOL}).status_code == 422
    for teacher in ("T5", "T404"):  # a county-B teacher reads exactly like one that does not exist
        joined = client.post("/studios/SA/members", json={"teacher_id": teacher, "joined_on": "2024-01-01"})
        mentee = client.post("/mentorships", json={"mentor_id": "T1", "mentee_id": teacher, "kind": "subject",
                                                   "start_date": "2024-01-01"})
        assert joined.status_code == mentee.status_code == 422
        assert joined.json()["problems"][0]["reason"] == "is not an id in teachers.csv"  # naming no id
        assert mentee.json()["problems"][0]["field"] == "mentee_id"
    # Nothing of it reached the graph.
    admin = api.as_(tokens.admin)
    assert admin.get("/teachers/T5").json()["subject"] == "math"
    assert admin.get("/teachers/T9").status_code == 404
    assert admin.get("/teachers/T1").json()["school_id"] == "C1-K1-S1"
    assert api.as_(tokens.planner_b).get(f"/orgs/{B}").status_code == 200


def test_visible_teachers_are_those_inside_the_scope(store: TalentStore) -> None:
    keys = Keys.ephemeral()
    assert View(store, Scope(Role.PLANNER, "C1-K1", keys)).teachers(["T1", "T5", "T404"]) == {"T1"}
    assert View(store, Scope.everything(keys)).teachers(["T1", "T5", "T404"]) == {"T1", "T5"}
    assert store.schools_of(["T2", "T6"]) == {"T2": "C1-K1-S2", "T6": OTHER_SCHOOL}
