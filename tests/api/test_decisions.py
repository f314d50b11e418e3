"""The decision routes on both stores, scoped by the service layer: a planner of county A gets
county A's quota, coverage, ranking and readiness; county B and the city above answer 404 like an
org that does not exist; a researcher's ranked list holds pseudonyms."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest

from talentgraph.access import Role
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.readiness import ReadyWhen
from talentgraph.keys import Keys
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import A_TEACHERS, B_TEACHERS, A, Api, Tokens

Q = "as_of=2026-11-22"


def test_quota_of_a_county_for_its_planner(api: Api, tokens: Tokens) -> None:
    """TX-RATIO at county scope: all three shares of county A's 3 teachers in post (T4 left)."""
    answer = api.as_(tokens.planner_a).get(f"/orgs/C1-K1/quota?policy=tongxin&{Q}")
    assert answer.status_code == 200, answer.text
    rows = [r for r in answer.json() if r["rule"] == "TX-RATIO"]
    assert [(r["org_id"], r["level"], r["base"], r["holders"], r["quota"], r["headroom"]) for r in rows] == [
        ("C1-K1", "county", 3, 1, 0, -1), ("C1-K1", "city", 3, 0, 0, 0), ("C1-K1", "province", 3, 0, 0, 0)]


def test_quota_and_coverage_outside_the_scope_answer_as_missing(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    for what in ("quota", "coverage"):
        outside = client.get(f"/orgs/C1-K2/{what}?policy=xd&{Q}")
        above = client.get(f"/orgs/C1/{what}?policy=xd&{Q}")
        missing = client.get(f"/orgs/C9-K9/{what}?policy=xd&{Q}")
        assert outside.status_code == above.status_code == missing.status_code == 404
        said = outside.json()["detail"].replace("C1-K2", "X")
        assert said == missing.json()["detail"].replace("C9-K9", "X")


def test_an_admin_sees_a_row_per_county_at_city_scope(api: Api, tokens: Tokens) -> None:
    rows = api.as_(tokens.admin).get(f"/orgs/C1/quota?policy=tongxin&{Q}").json()
    assert sorted({r["org_id"] for r in rows if r["rule"] == "TX-RATIO"}) == ["C1-K1", "C1-K2"]


def test_coverage_lists_the_planners_schools_only(api: Api, tokens: Tokens) -> None:
    """XD-COVERAGE «实现校校有名师,班班有骨干» and XD-MENTOR, per school of county A."""
    rows = api.as_(tokens.planner_a).get(f"/orgs/C1-K1/coverage?policy=xd&{Q}").json()
    assert {r["school_id"] for r in rows} == {"C1-K1-S1", "C1-K1-S2"}
    assert {r["measure"] for r in rows} == {"famous_in_school", "backbone_per_class", "new_teacher_mentor",
                                            "head_teacher_training"}


def test_ranked_candidates_are_the_planners_with_breakdowns_that_sum(api: Api, tokens: Tokens) -> None:
    answer = api.as_(tokens.planner_a).get(f"/eligibility/ranked?target=backbone@county&policy=xd&{Q}")
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert {i["teacher_id"] for i in page["items"]} <= set(A_TEACHERS)
    assert [i["rank"] for i in page["items"]] == list(range(1, len(page["items"]) + 1))
    for item in page["items"]:
        assert math.isclose(sum(p["points"] for p in item["breakdown"]), item["score"], abs_tol=1e-9)
    assert "teacher id" in page["ties"]


def test_a_researchers_ranking_holds_pseudonyms(api: Api, tokens: Tokens) -> None:
    page = api.as_(tokens.researcher).get(f"/eligibility/ranked?target=backbone@county&policy=xd&{Q}").json()
    assert page["items"]
    shown = {i["teacher_id"] for i in page["items"]}
    assert not shown & {*A_TEACHERS, *B_TEACHERS}


def test_readiness_for_the_planners_candidates(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.planner_a)
    answer = client.get(f"/eligibility/readiness?target=backbone@county&policy=tongxin&{Q}")
    assert answer.status_code == 200, answer.text
    items = answer.json()["items"]
    assert items and {i["teacher_id"] for i in items} <= set(A_TEACHERS)
    for item in items:
        ready = item["readiness"]
        assert ready["status"] in ("ready now", "ready on", "not on current data")
        assert (ready["status"] == "ready now") is (item["verdict"] == "eligible")
    outside = client.get(
        f"/eligibility/readiness?target=backbone@county&policy=tongxin&org_id=C1-K2&{Q}")
    assert outside.status_code == 404



def test_ranking_and_readiness_read_only_the_subtree_asked_about(store: TalentStore,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A county planner's ranking and readiness read county A's facts (never the whole region's),
    on either store: a Neo4j sweep holds its candidates alone, and their records are read again
    for the county only. The store itself answers; the spy only notes which subtree was asked."""
    services = Services.over(store, policy=load_policy("tongxin"))
    real = store.facts_in
    asked: list[str | None] = []

    def noted(org_id: str | None) -> Any:
        asked.append(org_id)
        return real(org_id)

    monkeypatch.setattr(store, "facts_in", noted)
    planner, day = Scope(Role.PLANNER, A, Keys.ephemeral()), dt.date(2026, 11, 22)
    target = Target.parse("backbone@county")
    ranked = services.decisions.ranked(services.questions.eligibility(planner, target, day, policy="xd"))
    found = services.questions.eligibility(planner, target, day, policy="tongxin")
    readiness = services.decisions.readiness(found)
    ready = services.decisions.ready(found, ReadyWhen.NOW)
    assert asked and set(asked) == {A}, asked
    assert len(ranked) and {v.teacher_id for v in ranked.verdicts} <= set(A_TEACHERS)
    assert {v.teacher_id for v in found} <= set(A_TEACHERS) and len(readiness) == len(found)
    eligible = {v.teacher_id for v in found if v.verdict is VerdictKind.ELIGIBLE}
    assert eligible and {v.teacher_id for v in ready.verdicts} == eligible
