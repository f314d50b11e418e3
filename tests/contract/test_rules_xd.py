"""XD rules (the district's Strong Teachers Project) on the reference policy.

XD-ETHICS-VETO 一票否决 and XD-MENTOR. The default as-of date is 2026-11-22.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, Region
from tests.judging import (
    ELIGIBLE,
    FULL,
    INELIGIBLE,
    REVIEW,
    result_of,
    verdict_for,
    without,
)


def judge(region: Region, target: str, teacher: str = "T1", **options: Any) -> Verdict:
    return verdict_for(region, target, teacher, policy="reference", **options)


# ------------------------------------------------------------ XD-ETHICS-VETO

def backbone_school() -> Region:
    """An eligible reference backbone@school candidate (emerging title, hours every year)."""
    return (Region().teacher("T1", entry="2020-09-01")
            .title("T1", "emerging", "school", "2023-06-01")
            .yearly_hours("T1", range(2020, 2027)))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_xd_ethics_veto_failure_within_two_years_bars(year: int) -> None:
    """XD-ETHICS-VETO: a failed ethics review in 2024, 2025 or 2026 bars as of 2026."""
    region = backbone_school().review("T1", year, "ethics", "fail")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("XD-ETHICS-VETO",)
    veto = result_of(verdict, "XD-ETHICS-VETO")
    assert veto.hard and not veto.unknown
    assert veto.reason == f"failed the ethics review of {year}: vetoed until the end of {year + 2}"


def test_xd_ethics_veto_failure_in_2023_does_not_bar_as_of_2026() -> None:
    """XD-ETHICS-VETO with years = 2: a 2023 failure's veto ended with 2025."""
    region = backbone_school().review("T1", 2023, "ethics", "fail")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "XD-ETHICS-VETO").reason == "no failed ethics review in 2024-2026"


def test_xd_ethics_veto_review_after_as_of_year_is_ignored() -> None:
    """XD-ETHICS-VETO: a failure dated 2027 is not known as of 2026-11-22."""
    region = backbone_school().review("T1", 2027, "ethics", "fail")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "XD-ETHICS-VETO").evidence == ()


def test_xd_ethics_veto_evidence_lists_ethics_reviews_up_to_the_as_of_year() -> None:
    """Evidence: every ethics review up to the as-of year (older ones too), none later,
    and no annual reviews."""
    region = (backbone_school().review("T1", 2020, "ethics", "pass")
              .review("T1", 2026, "ethics", "pass").review("T1", 2027, "ethics", "fail")
              .review("T1", 2025, "annual", "excellent"))
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    veto = result_of(verdict, "XD-ETHICS-VETO")
    assert [e.detail for e in veto.evidence] == ["ethics 2020: pass", "ethics 2026: pass"]
    later = judge(region, "backbone@school", as_of=dt.date(2027, 3, 1))
    assert [e.detail for e in result_of(later, "XD-ETHICS-VETO").evidence] == [
        "ethics 2020: pass", "ethics 2026: pass", "ethics 2027: fail"]


def test_xd_ethics_veto_lifts_at_the_start_of_the_third_year() -> None:
    """XD-ETHICS-VETO: a 2024 failure bars through 2026 and no longer on 2027-01-01."""
    region = backbone_school().review("T1", 2024, "ethics", "fail")
    assert judge(region, "backbone@school", as_of=dt.date(2026, 12, 31)).verdict is INELIGIBLE
    assert judge(region, "backbone@school", as_of=dt.date(2027, 1, 1)).verdict is ELIGIBLE


@pytest.mark.parametrize(("kind", "result"), [
    ("ethics", "pass"),
    ("annual", "unqualified"),   # a poor annual grade is not an ethics failure
    ("annual", "basic"),
])
def test_xd_ethics_veto_only_ethics_failures_veto(kind: str, result: str) -> None:
    region = backbone_school().review("T1", 2025, kind, result)
    assert judge(region, "backbone@school").verdict is ELIGIBLE


def test_xd_ethics_veto_latest_failure_is_reported_and_evidenced() -> None:
    region = (backbone_school().review("T1", 2024, "ethics", "fail")
              .review("T1", 2025, "ethics", "fail").review("T1", 2026, "ethics", "pass")
              .review("T1", 2025, "annual", "unqualified"))
    veto = result_of(judge(region, "backbone@school"), "XD-ETHICS-VETO")
    assert veto.reason == "failed the ethics review of 2025: vetoed until the end of 2027"
    assert [e.detail for e in veto.evidence] == [
        "ethics 2024: fail", "ethics 2025: fail", "ethics 2026: pass"]


def test_xd_ethics_veto_applies_to_every_reference_target() -> None:
    """XD-ETHICS-VETO is on every target of the reference policy, and bars each one."""
    region = Region().teacher("T1").review("T1", 2025, "ethics", "fail")
    policy = load_policy("reference")
    for target in policy.covers():
        verdict = judge(region, target.tier.value + "@" + target.level.value,
                        track=target.track.value)
        assert not result_of(verdict, "XD-ETHICS-VETO").passed, target
        assert verdict.verdict is INELIGIBLE, target


def test_xd_ethics_veto_without_reviews_file_needs_review() -> None:
    """No reviews file: whether an ethics review was failed is unknown -> review."""
    no_reviews = without("reviews")
    verdict = judge(backbone_school(), "backbone@school", present=no_reviews)
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("XD-ETHICS-VETO",)
    veto = result_of(verdict, "XD-ETHICS-VETO")
    assert veto.unknown and not veto.passed
    assert veto.reason == ("unknown: the bundle has no reviews file "
                           "(needs no failed ethics review in 2024-2026)")


def test_xd_ethics_veto_empty_reviews_file_passes() -> None:
    """A reviews file (FULL) with no rows for the teacher: nothing vetoes (known data)."""
    verdict = judge(backbone_school(), "backbone@school", present=FULL)
    assert verdict.verdict is ELIGIBLE
    assert not result_of(verdict, "XD-ETHICS-VETO").unknown


# ------------------------------------------------------------------ XD-MENTOR

def emerging_school() -> Region:
    """A reference emerging@school candidate except for XD-MENTOR (no mentor yet)."""
    return (Region().teacher("T1", entry="2022-09-01").teacher("M", entry="2005-09-01")
            .programme("T1", "new", "school", "excellent")
            .yearly_hours("T1", range(2022, 2026)))


def iso(day: dt.date) -> str:
    return day.isoformat()


@pytest.mark.parametrize(("days", "expected"), [(299, INELIGIBLE), (300, ELIGIBLE),
                                                (320, ELIGIBLE)])
def test_xd_mentor_299_vs_300_days(days: int, expected: VerdictKind) -> None:
    """XD-MENTOR: at least 300 days (one academic year) with a head-teacher mentor."""
    start = dt.date(2022, 9, 1)
    region = emerging_school().mentorship("M", "T1", iso(start),
                                          iso(start + dt.timedelta(days=days)))
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is expected
    assert verdict.failed_rules == (() if expected is ELIGIBLE else ("XD-MENTOR",))
    assert result_of(verdict, "XD-MENTOR").reason == (
        f"followed a head_teacher mentor for {days} days (needs 300)")


@pytest.mark.parametrize(("days", "expected"), [(299, INELIGIBLE), (300, ELIGIBLE)])
def test_xd_mentor_ongoing_mentorship_counts_to_as_of(days: int, expected: VerdictKind) -> None:
    """XD-MENTOR: an ongoing mentorship (no end date) is counted up to the as-of date."""
    region = emerging_school().mentorship("M", "T1", iso(AS_OF - dt.timedelta(days=days)))
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is expected
    check = result_of(verdict, "XD-MENTOR")
    assert check.reason == f"followed a head_teacher mentor for {days} days (needs 300)"
    (item,) = check.evidence
    assert item.detail == "head_teacher mentor M, ongoing"


def test_xd_mentor_end_after_as_of_is_cut_at_as_of() -> None:
    """XD-MENTOR: days after the as-of date are not counted yet."""
    start = AS_OF - dt.timedelta(days=200)
    region = emerging_school().mentorship("M", "T1", iso(start), "2027-07-01")
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is INELIGIBLE
    assert "for 200 days" in result_of(verdict, "XD-MENTOR").reason


def test_xd_mentor_started_after_as_of_is_ignored() -> None:
    region = emerging_school().mentorship("M", "T1", "2027-01-01", "2028-01-01")
    verdict = judge(region, "emerging@school")
    assert verdict.failed_rules == ("XD-MENTOR",)
    check = result_of(verdict, "XD-MENTOR")
    assert check.reason == "no head_teacher mentor on record by 2026-11-22 (needs 300 days)"
    assert check.evidence == ()


def test_xd_mentor_subject_mentor_does_not_count() -> None:
    """XD-MENTOR asks for a head-teacher mentor 班主任导师, not a subject mentor."""
    region = emerging_school().mentorship("M", "T1", "2022-09-01", "2023-09-01", kind="subject")
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is INELIGIBLE
    check = result_of(verdict, "XD-MENTOR")
    assert check.reason == "no head_teacher mentor on record by 2026-11-22 (needs 300 days)"
    assert check.evidence == ()


def test_xd_mentor_evidence_lists_only_counted_mentorships() -> None:
    """Evidence: the mentorships of the check's kinds started by the as-of date."""
    region = (emerging_school().mentorship("M", "T1", "2022-09-01", "2023-07-01")
              .mentorship("M", "T1", "2023-09-01", "2024-07-01", kind="subject")
              .mentorship("M", "T1", "2027-01-01"))
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "XD-MENTOR")
    assert [(e.detail, e.date) for e in check.evidence] == [
        ("head_teacher mentor M, to 2023-07-01", dt.date(2022, 9, 1))]


def test_xd_mentor_longest_of_several_mentorships_counts() -> None:
    region = (emerging_school().mentorship("M", "T1", "2022-09-01", "2022-12-01")
              .mentorship("M", "T1", "2023-09-01", "2024-07-01"))
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is ELIGIBLE
    assert "for 304 days" in result_of(verdict, "XD-MENTOR").reason


def test_xd_mentor_without_mentorships_file_needs_review() -> None:
    no_mentorships = without("mentorships")
    verdict = judge(emerging_school(), "emerging@school", present=no_mentorships)
    assert result_of(verdict, "XD-MENTOR").unknown
    assert verdict.verdict is REVIEW
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ("XD-MENTOR",))
