"""XD-COVERAGE by school and JM-QUOTA-CITY-BACKBONE by city (the jiangmen policy's [[quota]]), on a
hand-drawn region."""

from __future__ import annotations

import pytest

from talentgraph.domain.enums import Level
from talentgraph.eligibility.coverage import SchoolCoverage, school_coverage
from talentgraph.eligibility.quota import quota_rows
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region

CITY2, CITY2_SCHOOL = "C2", "C2-K1-S1"


@pytest.fixture(scope="module")
def region() -> Region:
    r = Region()
    r.org(CITY2, "city", "c2", None).org("C2-K1", "county", "k", CITY2)
    r.org(CITY2_SCHOOL, "school", "s", "C2-K1")
    r.teacher("T1", head_teacher=True).title("T1", "famous", "county", "2020-01-01")
    r.teacher("T2", head_teacher=True).title("T2", "backbone", "school", "2020-01-01")
    r.teacher("T3", head_teacher=True)
    r.teacher("R1", school=RURAL_SCHOOL).title("R1", "famous", "school", "2020-01-01")
    r.teacher("R2", school=RURAL_SCHOOL).title("R2", "famous", "county", "2019-01-01", until="2025-12-31")
    r.teacher("R3", school=RURAL_SCHOOL, status="left").title("R3", "famous", "county", "2019-01-01")
    r.teacher("R4", school=RURAL_SCHOOL, entry="2027-09-01")
    r.teacher("O1", school=OTHER_SCHOOL).title("O1", "famous", "city", "2021-01-01", track="head_teacher")
    r.teacher("O2", school=OTHER_SCHOOL).title("O2", "famous", "city", "2021-01-01", track="principal")
    # JM-QUOTA-CITY-BACKBONE cases, all in SCHOOL:
    r.teacher("Q1").title("Q1", "backbone", "city", "2024-01-01")  # holder
    r.teacher("Q2").programme("Q2", "backbone", "city", "in_progress", enrolled="2026-03-01", completed=None)
    r.teacher("Q3").title("Q3", "backbone", "city", "2024-01-01")  # holder and enrolled: once
    r.programme("Q3", "backbone", "city", "in_progress", enrolled="2026-03-01", completed="2027-01-01")
    r.teacher("Q4").programme("Q4", "backbone", "city", "pass", enrolled="2025-03-01", completed="2026-07-01")
    r.teacher("Q5").programme("Q5", "backbone", "county", "in_progress", enrolled="2026-03-01",
                              completed=None)
    r.teacher("Q6").title("Q6", "backbone", "city", "2027-01-01")  # awarded after AS_OF
    r.teacher("Z", school=CITY2_SCHOOL).title("Z", "backbone", "city", "2024-01-01", org=CITY2)
    return r


def test_xd_coverage_per_school(region: Region) -> None:
    facts = region.facts()
    by_id = {c.school_id: c for c in school_coverage(facts, AS_OF)}
    # T1 is famous (and so of backbone standing), T2 backbone; Q1, Q3 city backbone.
    assert by_id[SCHOOL] == SchoolCoverage(SCHOOL, teachers=9, head_teachers=3, famous=1, backbone=4)
    # R1's famous title is school-level, R2's lapsed, R3 left, R4 not yet in post.
    assert by_id[RURAL_SCHOOL] == SchoolCoverage(RURAL_SCHOOL, teachers=2, head_teachers=0, famous=0,
                                                 backbone=1)
    # O1's famous head-teacher title counts; O2's principal title does not.
    assert by_id[OTHER_SCHOOL] == SchoolCoverage(OTHER_SCHOOL, 2, 0, 1, 1)
    assert by_id[SCHOOL].has_famous and not by_id[RURAL_SCHOOL].has_famous
    assert by_id[SCHOOL].backbone_per_class == pytest.approx(4 / 3)
    assert by_id[OTHER_SCHOOL].backbone_per_class != by_id[OTHER_SCHOOL].backbone_per_class  # nan
    assert list(by_id) == sorted(by_id)


def test_xd_coverage_famous_level_and_scope(region: Region) -> None:
    facts = region.facts()
    county = school_coverage(facts, AS_OF, org_row=facts.orgs.row_of(COUNTY))
    assert [c.school_id for c in county] == [SCHOOL, RURAL_SCHOOL]
    lenient = school_coverage(facts, AS_OF, org_row=facts.orgs.row_of(COUNTY), famous_level=Level.SCHOOL)
    assert [c.famous for c in lenient] == [1, 1]  # R1's school-level famous title now counts


def test_jm_quota_city_backbone(region: Region) -> None:
    """JM-QUOTA-CITY-BACKBONE as policy data: holders and teachers in a running city programme, each
    once, against 10% of the city's teachers rounded to the nearest."""
    facts = region.facts()
    policy = load_policy("jiangmen")

    def rows(org: str | None) -> list[tuple[str, int, int, int]]:
        found = quota_rows(facts, facts.orgs.row_of(org) if org else None, policy, AS_OF)
        return [(r.org_id, r.base or 0, r.holders, r.quota) for r in found
                if r.rule == "JM-QUOTA-CITY-BACKBONE"]

    # C1: 13 teachers in post; holders Q1, Q3; running city programmes Q2, Q3: 3 cultivated.
    assert rows(None) == [("C1", 13, 3, 1), (CITY2, 1, 1, 0)]
    # A county planner sees the county's part: 11 teachers.
    assert rows(COUNTY) == [(COUNTY, 11, 3, 1)]
