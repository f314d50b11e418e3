"""Lineage and studio reach over HTTP on both stores, scoped and pseudonymised like every answer."""

from __future__ import annotations

from tests.api.conftest import RURAL_SCHOOL, SCHOOL, Api, Tokens


def test_lineage_up_and_down(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)
    # T1 mentors T2 and T3 (the latter ended in 2014: a mentor stays a mentor).
    body = client.get("/teachers/T1/lineage", params={"as_of": "2026-09-01", "depth": 2}).json()
    assert body["ancestors"] == []
    assert body["descendants"] == [{"teacher_id": "T2", "generation": 1},
                                   {"teacher_id": "T3", "generation": 1}]
    assert body["descendants_per_generation"] == {"1": 2}
    up = client.get("/teachers/T2/lineage", params={"as_of": "2026-09-01"}).json()
    assert up["ancestors"] == [{"teacher_id": "T1", "generation": 1}] and up["descendants"] == []
    before = client.get("/teachers/T1/lineage", params={"as_of": "2015-01-01"}).json()
    assert [r["teacher_id"] for r in before["descendants"]] == ["T3"]
    assert client.get("/teachers/T1/lineage", params={"depth": 0}).status_code == 422
    assert client.get("/teachers/T404/lineage").status_code == 404


def test_lineage_hides_relatives_outside_the_scope(api: Api, tokens: Tokens) -> None:
    admin = api.as_(tokens.admin)
    # T5 (county B) becomes a mentee of T2 (county A): A's planner sees T2's lineage without T5.
    made = admin.post("/mentorships", json={"mentor_id": "T2", "mentee_id": "T5", "kind": "subject",
                                           "start_date": "2024-01-01"})
    assert made.status_code == 201, made.text
    full = admin.get("/teachers/T1/lineage", params={"as_of": "2026-09-01"}).json()
    assert {"teacher_id": "T5", "generation": 2} in full["descendants"]
    scoped = api.as_(tokens.planner_a).get("/teachers/T1/lineage", params={"as_of": "2026-09-01"}).json()
    assert [r["teacher_id"] for r in scoped["descendants"]] == ["T2", "T3"]
    assert api.as_(tokens.planner_a).get("/teachers/T5/lineage").status_code == 404
    assert api.as_(tokens.planner_b).get("/teachers/T1/lineage").status_code == 404


def test_studio_reach(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    body = client.get("/studios/SA/reach", params={"as_of": "2026-09-01"}).json()
    # SA: lead T1, member T3; T1 mentors T2 on the date (T3's mentorship ended); linked to the rural school.
    assert body["lead_id"] == "T1" and body["members"] == ["T3"] and body["mentees"] == ["T2"]
    assert body["schools"] == [SCHOOL, RURAL_SCHOOL] and body["rural_schools"] == [RURAL_SCHOOL]
    assert client.get("/studios/SB/reach").status_code == 404
    assert client.get("/studios/NOPE/reach").status_code == 404


def test_researchers_see_the_same_pseudonyms(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.researcher)
    teachers = {t["school_id"]: t["id"] for t in client.get("/teachers").json()["items"]
                if t["school_id"] == RURAL_SCHOOL}
    t2 = teachers[RURAL_SCHOOL]
    up = client.get(f"/teachers/{t2}/lineage", params={"as_of": "2026-09-01"}).json()
    assert up["teacher_id"] == t2
    (mentor,) = up["ancestors"]
    reach = client.get("/studios/SA/reach", params={"as_of": "2026-09-01"}).json()
    assert reach["lead_id"] == mentor["teacher_id"] and reach["mentees"] == [t2]
    assert "T1" not in str(reach) and "T2" not in str(up)
