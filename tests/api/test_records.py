"""Event records, mentorships and studios over HTTP on both stores."""

from __future__ import annotations

from talentgraph.store.protocol import TalentStore
from tests.api.conftest import RURAL_SCHOOL, Api, Tokens

TITLE = {"tier": "famous", "level": "county", "org_id": "C1-K1", "awarded_on": "2024-09-10",
         "valid_until": "2029-09-09", "track": "teacher"}


def test_titles_add_list_delete(api: Api, tokens: Tokens, store: TalentStore) -> None:
    client = api.as_(tokens.planner_a)
    before = client.get("/teachers/T1/titles").json()["items"]
    made = client.post("/teachers/T1/titles", json=TITLE)
    assert made.status_code == 201, made.text
    record_id = made.json()["record_id"]
    after = client.get("/teachers/T1/titles").json()["items"]
    # Ordered by award date; a title written through the API is a manual one, from no round.
    assert after[-1] == TITLE | {"teacher_id": "T1", "record_id": record_id, "source": "manual",
                                 "nomination_id": None, "policy": None, "policy_hash": None, "verdict": None}
    assert [t["record_id"] for t in after[:-1]] == [t["record_id"] for t in before]
    assert client.post("/teachers/T1/titles", json=TITLE).status_code == 409
    # A city title awarded by the city, above the planner's county, is fine.
    city = client.post("/teachers/T1/titles", json=TITLE | {"level": "city", "org_id": "C1"})
    assert city.status_code == 201
    famous = client.get("/teachers", params={"tier": "famous", "level": "county"}).json()["items"]
    assert [t["id"] for t in famous] == ["T1"]
    assert client.delete(f"/teachers/T1/titles/{record_id}").status_code == 204
    assert client.delete(f"/teachers/T1/titles/{record_id}").status_code == 404
    assert len(client.get("/teachers/T1/titles").json()["items"]) == len(before) + 1
    assert len(store.rows_of(["T1"], ("titles",))["titles"]) == len(before) + 1


def test_training_programmes_reviews(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    hours = {"date": "2026-03-01", "hours": 12.5, "kind": "online", "content": "ethics",
             "programme": "师德专题"}
    assert client.post("/teachers/T2/training", json=hours).status_code == 201
    assert client.post("/teachers/T2/training", json=hours | {"hours": -3}).status_code == 422
    assert client.post("/teachers/T2/training", json=hours | {"kind": "ethics"}).status_code == 422
    listed = client.get("/teachers/T2/training").json()
    assert listed["items"][-1]["programme"] == "师德专题" and listed["total"] == 8
    assert listed["items"][-1]["content"] == "ethics"
    programme = {"tier": "backbone", "level": "county", "org_id": "C1-K1", "enrolled_on": "2025-09-01"}
    assert client.post("/teachers/T2/programmes", json=programme).status_code == 201
    assert client.get("/teachers/T2/programmes").json()["items"][-1]["type"] == "cultivation"
    done_without_date = client.post("/teachers/T2/programmes", json=programme | {"result": "pass"})
    assert done_without_date.status_code == 422
    assert done_without_date.json()["problems"][0]["column"] == "completed_on"
    review = {"year": 2026, "kind": "annual", "result": "excellent"}
    assert client.post("/teachers/T2/reviews", json=review).status_code == 201
    assert client.post("/teachers/T2/reviews", json=review | {"result": "qualified"}).status_code == 409
    assert client.post("/teachers/T2/reviews", json={"year": 2026, "kind": "ethics",
                                                     "result": "excellent"}).status_code == 422


def test_mentorships_and_cycles(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    # T1 mentors T2; T2 mentoring T4 is fine, T4 then mentoring T1 would close T1 -> T2 -> T4 -> T1.
    assert client.post("/mentorships", json={"mentor_id": "T2", "mentee_id": "T4", "kind": "subject",
                                             "start_date": "2024-01-01"}).status_code == 201
    cycle = client.post("/mentorships", json={"mentor_id": "T4", "mentee_id": "T1", "kind": "subject",
                                              "start_date": "2025-01-01"})
    assert cycle.status_code == 409 and "cycle" in cycle.json()["detail"]
    assert client.post("/mentorships", json={"mentor_id": "T3", "mentee_id": "T3", "kind": "subject",
                                             "start_date": "2025-01-01"}).status_code == 422
    mine = client.get("/teachers/T4/mentorships").json()["items"]
    assert [(m["mentor_id"], m["mentee_id"]) for m in mine] == [("T2", "T4")]
    assert client.delete(f"/teachers/T4/mentorships/{mine[0]['record_id']}").status_code == 204
    assert client.post("/mentorships", json={"mentor_id": "T4", "mentee_id": "T1", "kind": "subject",
                                             "start_date": "2025-01-01"}).status_code == 201


def test_studios_members_links(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    studio = {"id": "SC", "name": "物理名师工作室", "level": "county", "lead_id": "T1",
              "host_org_id": "C1-K1", "subject": "physics", "rural": True, "founded_on": "2024-03-01"}
    assert client.post("/studios", json=studio).status_code == 201
    assert client.post("/studios", json=studio).status_code == 409
    assert client.put("/studios/SC", json=studio | {"lead_id": "T3"}).json()["lead_id"] == "T3"
    assert client.get("/studios/SC").json()["lead_id"] == "T3"
    join = {"teacher_id": "T2", "joined_on": "2024-04-01"}
    assert client.post("/studios/SC/members", json=join).status_code == 201
    assert client.post("/studios/SC/members", json=join | {"joined_on": "2024-05-01"}).status_code == 409
    left = client.post("/studios/SC/members/T2/leave", json={"left_on": "2025-07-01"})
    assert left.status_code == 200 and left.json()["left_on"] == "2025-07-01"
    assert client.post("/studios/SC/members/T2/leave", json={"left_on": "2025-08-01"}).status_code == 404
    assert client.post("/studios/SC/members", json=join | {"joined_on": "2025-09-01"}).status_code == 201
    members = client.get("/studios/SC/members").json()["items"]
    assert [(m["joined_on"], m["left_on"]) for m in members] == [
        ("2024-04-01", "2025-07-01"), ("2025-09-01", None)]
    assert client.post("/studios/SC/links", json={"school_id": RURAL_SCHOOL}).status_code == 201
    assert client.post("/studios/SC/links", json={"school_id": RURAL_SCHOOL}).status_code == 409
    assert client.get("/studios/SC/links").json()["items"][0]["school_id"] == RURAL_SCHOOL
    assert [s["id"] for s in client.get("/studios").json()["items"]] == ["SA", "SC"]


def test_orgs_create_and_update(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    school = {"id": "C1-K1-S9", "kind": "school", "name": "新学校", "parent_id": "C1-K1", "rural": True}
    assert client.post("/orgs", json=school).status_code == 201
    assert client.post("/orgs", json=school).status_code == 409
    assert client.post("/orgs", json=school | {"id": "C1-K2-S9", "parent_id": "C1-K2"}).status_code == 422
    assert client.put("/orgs/C1-K1-S9", json=school | {"name": "更名"}).json()["name"] == "更名"
    assert client.put("/orgs/C1-K1-S9", json=school | {"kind": "county"}).status_code == 422
    assert client.put("/orgs/C1-K1", json={"id": "C1-K1", "kind": "county", "name": "x",
                                           "parent_id": None}).status_code == 422
    subtree = client.get("/orgs/C1-K1/subtree").json()
    assert [c["id"] for c in subtree["children"]] == ["C1-K1-S1", "C1-K1-S2", "C1-K1-S9"]
    new = {"id": "T9", "name": "x", "school_id": "C1-K1-S9"}
    assert client.post("/teachers", json=new).status_code == 201
