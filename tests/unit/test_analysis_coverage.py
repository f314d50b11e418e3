"""XD-COVERAGE by school and JM-QUOTA-CITY-BACKBONE by city, on a hand-drawn region."""

from __future__ import annotations

import pytest

from talentgraph.domain.enums import Level
from talentgraph.eligibility.coverage import CityQuota, SchoolCoverage, city_backbone_quota, school_coverage
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
    facts = region.facts()
    quotas = city_backbone_quota(facts, facts.in_scope(None), AS_OF)
    # C1: 13 teachers in post; holders Q1, Q3; running city programmes Q2, Q3.
    assert quotas == [CityQuota("C1", teachers=13, holders=2, in_programme=2, cultivated=3, quota=1),
                      CityQuota(CITY2, teachers=1, holders=1, in_programme=0, cultivated=1, quota=0)]
    assert quotas[0].used == 3.0
    county = city_backbone_quota(facts, facts.in_scope(facts.orgs.row_of(COUNTY)), AS_OF)
    assert county == [CityQuota("C1", 11, 2, 2, 3, 1)]
