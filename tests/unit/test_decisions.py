"""Quota arithmetic with approved nominations (a fake of the rounds port), rounding, the decision
sections of policy files, and ranking: breakdowns add up to the score, ties follow the stated rule."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import VERDICTS, sweep
from talentgraph.eligibility.quota import quota_rows
from talentgraph.eligibility.ranking import rank_order, scores
from talentgraph.eligibility.readiness import readiness
from talentgraph.errors import PolicyError
from talentgraph.policy.load import builtin_policy_names, load_policy, parse_policy
from talentgraph.policy.schema import Policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from tests.factories import AS_OF, COUNTY, OTHER_SCHOOL, SCHOOL, Region
from tests.unit.test_properties import AS_OF_DATES, regions


class FakeRounds:
    """The rounds port: approved counts per (target, org), and every question it was asked."""

    def __init__(self, approved: dict[tuple[str, str], int]) -> None:
        self.approved = approved
        self.asked: list[tuple[str, str, dt.date]] = []

    def __call__(self, target: Target, org_id: str, as_of: dt.date) -> int:
        self.asked.append((str(target), org_id, as_of))
        return self.approved.get((str(target), org_id), 0)


def county_of(n: int, holders: dict[str, int]) -> Region:
    """``n`` teachers in post in county C1-K1, the first ones holding the titles counted in
    ``holders`` (level -> count, backbone, teacher track)."""
    region = Region()
    ids = [f"T{i:03d}" for i in range(n)]
    for tid in ids:
        region.teacher(tid)
    at = 0
    for level, count in holders.items():
        for tid in ids[at:at + count]:
            region.title(tid, "backbone", level, "2022-06-01")
        at += count
    return region


def tx(region: Region, approved: FakeRounds | None = None, org: str = COUNTY) -> dict[str, dict[str, object]]:
    facts = region.facts()
    rows = quota_rows(facts, facts.orgs.row_of(org), load_policy("tongxin"), AS_OF,
                      approved or FakeRounds({}))
    return {r.level.value: r.record() for r in rows if r.rule == "TX-RATIO"}


def test_tx_ratio_headroom_is_quota_less_holders_less_approved() -> None:
    """TX-RATIO «根据县级骨干教师占比15%测算»: 40 teachers, 15% is 6; 4 hold county backbone and 1
    more is approved in a round: headroom 1. The port is asked about the county's own subtree."""
    rounds = FakeRounds({("backbone@county", COUNTY): 1})
    rows = tx(county_of(40, {"county": 4}), rounds)
    assert {k: rows["county"][k] for k in ("share", "base", "quota", "holders", "approved", "headroom")} == {
        "share": 0.15, "base": 40, "quota": 6, "holders": 4, "approved": 1, "headroom": 1}
    assert ("backbone@county", COUNTY, AS_OF) in rounds.asked
    assert rows["city"]["approved"] == 0


def test_tx_ratio_headroom_goes_negative_past_the_quota() -> None:
    """TX-RATIO: approvals past the share show as negative headroom, not as zero."""
    rows = tx(county_of(40, {"city": 3}), FakeRounds({("backbone@city", COUNTY): 2}))
    assert (rows["city"]["quota"], rows["city"]["holders"], rows["city"]["headroom"]) == (3, 3, -2)


@pytest.mark.parametrize(("teachers", "county", "city", "province"), [
    (100, 15, 9, 6), (40, 6, 3, 2), (10, 1, 0, 0), (67, 10, 6, 4)])
def test_tx_ratio_rounds_down_exactly(teachers: int, county: int, city: int, province: int) -> None:
    """TX-RATIO shares are rounded down (a share caps titles), in exact arithmetic: 15% of 100
    is 15, not a float a hair under it."""
    rows = tx(county_of(teachers, {}))
    got = (rows["county"]["quota"], rows["city"]["quota"], rows["province"]["quota"])
    assert got == (county, city, province)


def test_a_school_planner_sees_the_school_part_of_the_county_share() -> None:
    """Below the county the share is of the school's own teachers, and the basis says so."""
    region = county_of(20, {"county": 2})
    for i in range(10):
        region.teacher(f"U{i:02d}", school=OTHER_SCHOOL)
    rows = tx(region, org=SCHOOL)
    assert rows["county"]["org_id"] == SCHOOL and rows["county"]["base"] == 20
    assert "this school's own part of a county quota" in str(rows["county"]["basis"])


def test_rounding_of_each_kind() -> None:
    """floor, round (half up) and ceil on 25 teachers at 10%: 2, 3, 3."""
    region = county_of(25, {})
    got = {}
    for rounding in ("floor", "round", "ceil"):
        policy = parse_policy(MINIMAL + f"""
[[quota]]
rule = "JM-QUOTA-CITY-BACKBONE"
tier = "backbone"
level = "city"
share = 0.10
per = "county"
rounding = "{rounding}"
""")
        facts = region.facts()
        got[rounding] = quota_rows(facts, facts.orgs.row_of(COUNTY), policy, AS_OF)[0].quota
    assert got == {"floor": 2, "round": 3, "ceil": 3}


MINIMAL = """
name = "mini"
title = "mini"
[[target]]
tier = "backbone"
levels = ["county"]
  [[target.check]]
  rule = "JM-HOURS"
  kind = "annual_hours"
  min_hours = 90
"""


@pytest.mark.parametrize(("section", "error"), [
    ('[[quota]]\nrule = "JM-QUOTAA"\ntier = "backbone"\nlevel = "city"\nshare = 0.1\nper = "city"\n',
     "neither a domain.md rule"),
    ('[[quota]]\nrule = "TX-RATIO"\ntier = "backbone"\nlevel = "city"\nshare = 1.5\nper = "city"\n',
     "share"),
    ('[[quota_target]]\nrule = "TX-TARGET"\ntier = "backbone"\nlevel = "city"\ntarget = 5\n'
     'by = 2025-12-31\nper = "county"\ncounts = "enrolled"\n', "needs since"),
    ('[ranking]\n[[ranking.component]]\nrule = "XD-RURAL"\nmeasure = "rural_service"\nweight = 0\n',
     "weight"),
    ('[ranking]\n[[ranking.component]]\nrule = "XD-RURAL"\nmeasure = "charm"\nweight = 1\n', "charm"),
])
def test_bad_decision_sections_are_refused_naming_the_field(section: str, error: str) -> None:
    with pytest.raises(PolicyError, match=error):
        parse_policy(MINIMAL + section)


def test_which_builtin_policies_have_which_sections() -> None:
    """Quotas, targets, coverage and ranking where the seeds give a basis, nowhere else."""
    have = {n: (bool(p.quotas), bool(p.quota_targets), bool(p.coverage), p.ranking is not None)
            for n in builtin_policy_names() for p in [load_policy(n)]}
    assert have == {
        "jiangmen": (True, True, False, True), "luoerling": (False, False, False, False),
        "reference": (True, False, True, True), "tongxin": (True, True, False, False),
        "wenzhou": (False, False, True, False), "xd": (False, True, True, True)}


# ------------------------------------------------------------------ ranking

RANKED = [load_policy(n) for n in builtin_policy_names() if load_policy(n).ranking is not None]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=regions(), as_of=AS_OF_DATES)
def test_breakdowns_add_up_to_the_score(region: Region, as_of: dt.date) -> None:
    """Every ranked candidate's parts (value x weight, rounded) add up to the score, and each
    part is its value times its weight."""
    facts = region.facts()
    for policy in RANKED:
        assert policy.ranking is not None
        for target in policy.covers():
            found = sweep(facts, policy, target, as_of)
            got = scores(facts, found.rows, policy.ranking, target, as_of)
            for k in range(found.rows.shape[0]):
                parts = got.breakdown(k)
                assert math.isclose(sum(p.points for p in parts), got.score(k), abs_tol=1e-9)
                assert all(math.isclose(p.points, p.value * p.weight, abs_tol=1e-6) for p in parts)
                assert [p.rule for p in parts] == [c.rule for c in policy.ranking.components]


def xd_candidates() -> Region:
    """Three eligible-looking teachers for xd's ranking: T1 researcher, T2 and T3 alike."""
    return (Region().teacher("T3").teacher("T2").teacher("T1", roles="researcher")
            .review("T2", 2025, "annual", "excellent").review("T3", 2025, "annual", "excellent")
            .review("T1", 2025, "annual", "qualified"))


def test_xd_ranking_reads_grades_researcher_bonus_and_rural_priority() -> None:
    """XD-DIMENSIONS «通过师德素养、课堂达标、学科素养、教学业绩、教研能力五个维度评价教师业绩» (the grade);
    XD-RESEARCHER-BONUS «作为……推优评先等工作的加分条件»; XD-RURAL «作为……推优评先……的优先条件»."""
    region = xd_candidates().teacher("T4", school="C1-K1-S2")  # the rural school, no review
    facts = region.facts()
    policy = load_policy("xd")
    assert policy.ranking is not None
    rows = np.array([facts.index_of(t) for t in ("T1", "T2", "T3", "T4")])
    got = scores(facts, rows, policy.ranking, Target.parse("backbone@county"), AS_OF)
    by = {t: {p.rule: p.value for p in got.breakdown(i)} for i, t in enumerate(("T1", "T2", "T3", "T4"))}
    assert by["T1"] == {"XD-DIMENSIONS": 2.0, "XD-RESEARCHER-BONUS": 1.0, "XD-RURAL": 0.0}
    assert by["T2"] == {"XD-DIMENSIONS": 3.0, "XD-RESEARCHER-BONUS": 0.0, "XD-RURAL": 0.0}
    assert by["T4"] == {"XD-DIMENSIONS": 0.0, "XD-RESEARCHER-BONUS": 0.0, "XD-RURAL": 1.0}
    assert [got.score(i) for i in range(4)] == [3.0, 3.0, 3.0, 2.0]


def test_ties_go_to_the_better_verdict_then_the_teacher_id() -> None:
    """TIE_RULE: verdict first, then score (highest first), then teacher id."""
    verdicts = np.array([0, 0, 1, 0, 0], dtype=np.int8)
    totals = np.array([3.0, 5.0, 9.0, 3.0, 3.0])
    ids = np.array(["T9", "T5", "T1", "T2", "T7"], dtype=object)
    assert ids[rank_order(verdicts, totals, ids)].tolist() == ["T5", "T2", "T7", "T9", "T1"]


def test_a_policy_without_ranking_refuses_to_rank() -> None:
    """wenzhou's seeds set hours to reach, not an order: --rank says so instead of inventing one."""
    services = Services.over(EmbeddedStore(xd_candidates().roster()), policy=load_policy("wenzhou"))
    found = services.questions.eligibility(Scope.everything(), Target.parse("backbone@county"), AS_OF)
    with pytest.raises(PolicyError, match="no \\[ranking\\]"):
        services.decisions.ranked(found)


def test_policy_type_is_unchanged_for_existing_sections() -> None:
    """The decision sections are additions: a policy without them loads as before."""
    policy = parse_policy(MINIMAL)
    assert isinstance(policy, Policy)
    assert (policy.quotas, policy.quota_targets, policy.coverage, policy.ranking) == ([], [], [], None)
    with pytest.raises((ValidationError, PolicyError)):
        parse_policy(MINIMAL + '[ranking]\ncomponent = []\n')
    assert VERDICTS  # (the verdict order the tie rule follows)


@pytest.mark.parametrize("as_of", [dt.date(1900, 1, 2), dt.date(2000, 1, 1), dt.date(9999, 12, 1)])
def test_readiness_answers_at_any_date(as_of: dt.date) -> None:
    """Dates at the ends of the calendar, and records older than the horizon, give an answer, not
    an overflow (the API takes any ISO date)."""
    region = (Region().teacher("T1", roles="subject_leader", entry="1950-09-01")
              .programme("T1", "backbone", "county", "fail", completed="2023-03-10", type="certification"))
    facts = region.facts()
    got = readiness(facts, load_policy("tongxin"), Target.parse("backbone@county"), as_of, 0)
    assert got.status in ("ready now", "ready on", "not on current data")
    if got.on is not None:
        assert got.on > as_of


def test_unknown_hours_are_not_projected() -> None:
    """JM-HOURS with no training file: no date, and no assumption about hours nobody recorded."""
    facts = Region().teacher("T1", entry="2022-09-01").facts()
    got = readiness(facts, load_policy("jiangmen"), Target.parse("emerging@school"), AS_OF, 0)
    assert (got.status, got.assumption) == ("not on current data", None)
    assert "JM-HOURS" in got.no_data  # (and the route, with no programmes file either)
