"""Tier mobility: times from entry to a tier, censoring, groups, and Kaplan-Meier by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from talentgraph.analysis import kaplan_meier, tier_mobility, tier_times
from talentgraph.domain.enums import Tier
from tests.factories import AS_OF, COUNTY, RURAL_SCHOOL, Region, d
from tests.unit.analysis_regions import store_of

UNKNOWN_SCHOOL = "C1-K1-S3"  # rural flag unknown


def years(start: str, end: str | dt.date) -> float:
    end_day = end if isinstance(end, dt.date) else d(end)
    return (end_day - d(start)).days / 365.25


@pytest.fixture(scope="module")
def times():  # type: ignore[no-untyped-def]
    r = Region().org(UNKNOWN_SCHOOL, "school", "x", COUNTY, rural=None)
    r.teacher("A", entry="2010-09-01").title("A", "backbone", "county", "2016-09-01")
    r.teacher("B", entry="2012-09-01", school=RURAL_SCHOOL).title("B", "famous", "county", "2020-09-01")
    r.mentorship("A", "B", "2014-09-01", "2016-07-01", kind="subject")
    r.teacher("C", entry="2015-09-01").mentorship("A", "C", "2015-09-01", "2016-07-01")  # head-teacher
    r.teacher("D", entry="2014-09-01", school=RURAL_SCHOOL).title("D", "backbone", "county", "2027-01-01")
    r.mentorship("B", "D", "2015-09-01", kind="studio")
    r.teacher("E", entry="").teacher("F", entry="2027-09-01")
    r.teacher("G", entry="2011-09-01").title("G", "backbone", "school", "2013-09-01", until="2018-08-31")
    r.teacher("H", entry="2011-09-01").title("H", "backbone", "county", "2015-01-01", track="principal")
    r.teacher("I", entry="2016-09-01").title("I", "backbone", "school", "2016-01-01")
    r.teacher("J", entry="2016-09-01", school=UNKNOWN_SCHOOL).title("J", "emerging", "school", "2019-09-01")
    return tier_times(store_of(r).graph, Tier.BACKBONE, AS_OF)


def test_times_to_the_tier_and_censoring(times) -> None:  # type: ignore[no-untyped-def]
    # E (no entry date) and F (enters after AS_OF) are not in the population.
    assert times.teacher_ids == ["A", "B", "C", "D", "G", "H", "I", "J"]
    assert times.years.tolist() == pytest.approx([
        years("2010-09-01", "2016-09-01"),  # A: backbone
        years("2012-09-01", "2020-09-01"),  # B: famous is above backbone
        years("2015-09-01", AS_OF),  # C: censored
        years("2014-09-01", AS_OF),  # D: the title comes after AS_OF
        years("2011-09-01", "2013-09-01"),  # G: first award counts, though lapsed since
        years("2011-09-01", AS_OF),  # H: a principal-track title is not the teaching ladder
        0.0,  # I: awarded before the recorded entry
        years("2016-09-01", AS_OF),  # J: emerging only
    ])
    assert times.reached.tolist() == [True, True, False, False, True, False, True, False]


def test_mentored_counts_subject_and_studio_mentoring_only(times) -> None:  # type: ignore[no-untyped-def]
    # B subject-mentored, D studio-mentored; C's head-teacher mentor (XD-MENTOR) does not count.
    assert dict(zip(times.teacher_ids, times.mentored.tolist(), strict=True)) == {
        "A": False, "B": True, "C": False, "D": True, "G": False, "H": False, "I": False, "J": False}
    assert times.rural.tolist() == [0, 1, 0, 1, 0, 0, 0, -1]


def test_groups(times) -> None:  # type: ignore[no-untyped-def]
    by_mentor = tier_mobility(times, "mentored")
    assert (by_mentor["mentored"].n, by_mentor["unmentored"].n) == (2, 6)
    assert by_mentor["mentored"].times.tolist() == pytest.approx([years("2012-09-01", "2020-09-01")])
    assert by_mentor["mentored"].survival.tolist() == [0.5]
    assert by_mentor["mentored"].median == pytest.approx(years("2012-09-01", "2020-09-01"))
    by_place = tier_mobility(times, "rural")
    assert (by_place["rural"].n, by_place["urban"].n) == (2, 5)  # J's school: unknown, left out
    with pytest.raises(ValueError):
        tier_mobility(times, "subject")


def test_kaplan_meier_by_hand() -> None:
    # Events at 1, 2, 3; censored at 2 (still at risk at 2) and 4.
    c = kaplan_meier(np.array([1, 2, 2, 3, 4.0]), np.array([1, 1, 0, 1, 0], bool))
    assert c.times.tolist() == [1.0, 2.0, 3.0]
    assert c.at_risk.tolist() == [5, 4, 2] and c.events.tolist() == [1, 1, 1]
    assert c.survival.tolist() == pytest.approx([0.8, 0.6, 0.3])
    assert c.median == 3.0
    assert [c.reached_by(t) for t in (0.5, 1.0, 2.5, 10)] == pytest.approx([0.0, 0.2, 0.4, 0.7])


def test_kaplan_meier_ties_and_no_events() -> None:
    c = kaplan_meier(np.array([2, 2, 2, 5.0]), np.array([1, 1, 0, 1], bool))
    assert c.times.tolist() == [2.0, 5.0] and c.survival.tolist() == pytest.approx([0.5, 0.0])
    assert c.median == 2.0
    none = kaplan_meier(np.array([1.0, 3.0]), np.array([False, False]))
    assert none.times.size == 0 and none.median is None and none.reached_by(5) == 0.0 and none.n == 2
