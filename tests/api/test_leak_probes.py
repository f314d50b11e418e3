"""The probes of issue 9, replayed on the leak region (leak_region.py): what a researcher or a planner
of county A could once infer, and now cannot. (test_leaks.py checks every route for ids and names;
these check the inferences a list of allowed ids can still carry: order, structure, messages.)"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.domain.tables import SPECS
from talentgraph.keys import Pseudonyms
from talentgraph.store.embedded import EmbeddedStore
from tests.api.leak_region import AS_OF, MISSING_TEACHER, A, LeakRegion, leak_region


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> LeakRegion:
    return leak_region(tmp_path_factory.mktemp("probes") / "region")


@dataclass
class Clients:
    admin: TestClient
    planner: TestClient
    researcher: TestClient
    pseudonyms: Pseudonyms


@pytest.fixture
def clients(region: LeakRegion, tmp_path: Path) -> Iterator[Clients]:
    home = tmp_path / "home"
    registry = TokenRegistry(home)
    app = api_app(EmbeddedStore(region.roster, tmp_path / "region.snapshot"), home=home)
    made = []
    for role, org in ((Role.ADMIN, None), (Role.PLANNER, A), (Role.RESEARCHER, None)):
        client = TestClient(app)
        client.headers["Authorization"] = f"Bearer {registry.create(role, org)[0]}"
        made.append(client)
    yield Clients(*made, app.state.talentgraph.services.keys.pseudonyms)


def test_a_researchers_list_is_in_pseudonym_order_not_id_order(clients: Clients, region: LeakRegion) -> None:
    """Position i of `GET /teachers` once was T{i+1}: pseudonyms in id order unmask themselves."""
    items = clients.researcher.get("/teachers", params={"limit": 1000}).json()["items"]
    shown = [t["id"] for t in items]
    assert shown == sorted(shown) and len(shown) == 1000
    real = [clients.pseudonyms.reveal(p) for p in shown]
    assert real != sorted(real)  # a page is not a run of consecutive ids
    everyone = sorted(region.county_of)
    assert [r for r in real if r in everyone[:1000]] != everyone[:1000][:len(real)]
    swept = clients.researcher.get("/eligibility", params={"target": "backbone@county", "as_of": AS_OF,
                                                            "limit": 1000}).json()["items"]
    for verdict in ("eligible", "review", "ineligible"):
        group = [v["teacher_id"] for v in swept if v["verdict"] == verdict]
        assert group == sorted(group)


def test_a_studio_name_carries_no_real_name_for_a_researcher(clients: Clients, region: LeakRegion) -> None:
    lead = region.a[2]
    studio = clients.researcher.get("/studios/ST9001").json()
    assert studio["name"] == f"{clients.pseudonyms.hide(lead)}名师工作室"
    assert studio["lead_id"] == clients.pseudonyms.hide(lead)
    assert clients.admin.get("/studios/ST9001").json()["name"] == f"{region.names[lead]}名师工作室"


def test_outside_and_missing_answer_alike_where_they_once_differed(clients: Clients,
                                                                   region: LeakRegion) -> None:
    b1 = region.b[0]
    for path in ("/teachers/{}/lineage", "/teachers/{}/explanation?target=backbone@county",
                 "/teachers/{}/mentorships"):
        outside = clients.planner.get(path.format(b1))
        missing = clients.planner.get(path.format(MISSING_TEACHER))
        assert outside.status_code == 404 and (outside.content == missing.content), path
        assert b1 not in outside.text
    reach = clients.planner.get("/studios/ST9002/reach")
    assert reach.status_code == 404 and reach.content == clients.planner.get("/studios/NOPE/reach").content


def test_lineage_lists_no_one_reached_only_through_a_hidden_teacher(clients: Clients,
                                                                    region: LeakRegion) -> None:
    """a1 -> b2 -> a2: for the planner of A, a2 is not a1's generation-2 mentee (b2 is hidden), nor
    a1 a2's generation-2 mentor."""
    a1, a2 = region.a[:2]
    q = {"as_of": AS_OF, "depth": 3}
    full = clients.admin.get(f"/teachers/{a1}/lineage", params=q).json()
    assert {"teacher_id": a2, "generation": 2} in full["descendants"]
    down = clients.planner.get(f"/teachers/{a1}/lineage", params=q).json()
    assert a2 not in {r["teacher_id"] for r in down["descendants"]}
    assert all(region.county_of[r["teacher_id"]] == A for r in down["descendants"] + down["ancestors"])
    up = clients.planner.get(f"/teachers/{a2}/lineage", params=q).json()
    assert a1 not in {r["teacher_id"] for r in up["ancestors"]}
    assert sum(up["ancestors_per_generation"].values()) == len(up["ancestors"])


def test_studio_reach_lists_no_one_reached_only_through_a_hidden_member(clients: Clients,
                                                                        region: LeakRegion) -> None:
    """ST9001's member b1 (B) mentors a1 (A): the planner of A does not see a1 in its reach."""
    a1, b1 = region.a[0], region.b[0]
    full = clients.admin.get("/studios/ST9001/reach", params={"as_of": AS_OF}).json()
    assert b1 in full["members"] and a1 in full["mentees"] and region.b_school in full["schools"]
    scoped = clients.planner.get("/studios/ST9001/reach", params={"as_of": AS_OF}).json()
    assert b1 not in scoped["members"] and a1 not in scoped["mentees"]
    assert region.b_school not in scoped["schools"] and region.a[1] in scoped["members"]


def test_a_cycle_message_names_only_the_two_teachers_asked_about(clients: Clients,
                                                                 region: LeakRegion) -> None:
    a1, a2 = region.a[:2]  # a1 mentors a2 through b2: a2 mentoring a1 would close a cycle
    answer = clients.planner.post("/mentorships", json={"mentor_id": a2, "mentee_id": a1, "kind": "subject",
                                                        "start_date": "2025-09-01"})
    assert answer.status_code == 409 and "cycle" in answer.json()["detail"]
    assert not [t for t in region.b if t in answer.text]


def test_an_explanation_names_no_studio_the_planner_cannot_open(clients: Clients, region: LeakRegion) -> None:
    """a1 is a member of ST9002, led from B: the tongxin studio route cites the membership."""
    q = {"target": "backbone@county", "policy": "tongxin", "as_of": AS_OF}
    assert "ST9002" in clients.admin.get(f"/teachers/{region.a[0]}/explanation", params=q).text
    answer = clients.planner.get(f"/teachers/{region.a[0]}/explanation", params=q)
    assert answer.status_code == 200 and "ST9002" not in answer.text
    assert "a studio outside your scope" in answer.text
    assert clients.planner.get("/studios/ST9002").status_code == 404


def test_a_planner_cannot_delete_a_mentorship_it_cannot_see(clients: Clients, region: LeakRegion) -> None:
    """b1 mentors a1: the record belongs to a1 (in scope) but names b1 (not): not listed, not deletable."""
    a1, b1 = region.a[0], region.b[0]
    every = clients.admin.get(f"/teachers/{a1}/mentorships").json()["items"]
    (hidden,) = [m["record_id"] for m in every if m["mentor_id"] == b1]
    listed = clients.planner.get(f"/teachers/{a1}/mentorships").json()["items"]
    assert hidden not in {m["record_id"] for m in listed}
    gone = clients.planner.delete(f"/teachers/{a1}/mentorships/{hidden}")
    none = clients.planner.delete(f"/teachers/{a1}/mentorships/0000000000000000")
    assert gone.status_code == 404 and gone.content == none.content
    still = clients.admin.get(f"/teachers/{a1}/mentorships").json()["items"]
    assert hidden in {m["record_id"] for m in still}


def test_record_ids_cannot_be_computed_from_a_row(clients: Clients, region: LeakRegion) -> None:
    """The issue's planner recomputed a record id as a plain SHA-256 of the row's values."""
    holders = (clients.admin.get(f"/teachers/{t}/titles").json()["items"]
               for t in sorted(region.teachers_of(A)))
    title = next(items[0] for items in holders if items)
    values = [title.get(c) for c in SPECS["titles"].column_names]  # dates as ISO text, as hashed
    plain = hashlib.sha256(json.dumps(["titles", *values], ensure_ascii=False).encode()).hexdigest()[:16]
    assert title["record_id"] != plain and len(title["record_id"]) == 16
