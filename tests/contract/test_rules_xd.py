"""XD rules (the district's Strong Teachers Project) on the reference policy.

XD-ETHICS-VETO 一票否决, and XD-MENTOR as an obligation of the school toward new teachers
(not a condition of any title). The default as-of date is 2026-11-22.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.obligations import duties
from talentgraph.policy.load import load_policy, parse_policy
from tests.factories import AS_OF, RURAL_SCHOOL, SCHOOL, Region
from tests.judging import (
    ELIGIBLE,
    FULL,
    INELIGIBLE,
    REVIEW,
    duty_of,
    region_facts,
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
#
# «建立班主任导师制度,新入职教师须跟随班主任导师学习班级管理不少于一学年。» An induction duty of the
# school toward each new teacher (a coverage figure), not a condition of any title.

def new_teacher(entry: str = "2025-09-01") -> Region:
    """T1, in the second year on 2026-11-22 (one complete year), and M, a veteran."""
    return (Region().teacher("T1", entry=entry).teacher("M", entry="2005-09-01")
            .yearly_hours("T1", range(2022, 2026)))


def iso(day: dt.date) -> str:
    return day.isoformat()


def test_xd_mentor_is_not_a_condition_of_any_title() -> None:
    """XD-MENTOR «新入职教师须跟随班主任导师学习班级管理不少于一学年» states an induction duty; the
    reference policy made it a gate on emerging@school. A teacher 4 years in with an excellent
    new-teacher result and no mentor on record is now eligible."""
    region = (Region().teacher("T1", entry="2022-09-01").programme("T1", "new", "school", "excellent")
              .yearly_hours("T1", range(2022, 2026)))
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is ELIGIBLE
    assert all("XD-MENTOR" not in c.rules for c in verdict.checks)
    policy = load_policy("reference")
    assert not [t for t in policy.covers() for c in policy.checks_for(t) or [] if "XD-MENTOR" in c.cites()]


@pytest.mark.parametrize(("mentored", "met"), [(True, True), (False, False)])
def test_xd_mentor_a_first_year_teacher_owes_a_head_teacher_mentor(mentored: bool, met: bool) -> None:
    """XD-MENTOR «新入职教师须跟随班主任导师……»: in the first year the duty is a head-teacher mentor on
    record; reported as an obligation beside any verdict (here emerging@school, not a candidate
    route for someone 8 months in)."""
    region = new_teacher(entry="2026-03-01")
    if mentored:
        region.mentorship("M", "T1", "2026-11-22")   # assigned on the as-of date itself
    verdict = judge(region, "emerging@school")
    duty = duty_of(verdict, "XD-MENTOR")
    assert (duty.passed, duty.unknown, duty.effect) == (met, False, "obligation")
    assert duty.note == "a new teacher follows a head-teacher mentor (班主任导师) from the first year"
    assert duty.reason == ("followed a head_teacher mentor for 0 days (needs one)" if met
                           else "no head_teacher mentor on record by 2026-11-22 (needs one)")


@pytest.mark.parametrize(("days", "met"), [(299, False), (300, True), (320, True)])
def test_xd_mentor_one_school_year_with_the_mentor_299_vs_300_days(days: int, met: bool) -> None:
    """XD-MENTOR «……学习班级管理不少于一学年»: once the first year is complete, at least one school
    year (300 days of teaching) with the head-teacher mentor."""
    start = dt.date(2025, 9, 1)
    region = new_teacher().mentorship("M", "T1", iso(start), iso(start + dt.timedelta(days=days)))
    duty = duty_of(judge(region, "emerging@school"), "XD-MENTOR")
    assert duty.passed is met
    assert duty.reason == f"followed a head_teacher mentor for {days} days (needs 300 days)"


@pytest.mark.parametrize(("days", "met"), [(299, False), (300, True)])
def test_xd_mentor_ongoing_mentorship_counts_to_as_of(days: int, met: bool) -> None:
    """XD-MENTOR: an ongoing mentorship (no end date) is counted up to the as-of date."""
    region = new_teacher(entry="2024-11-23").mentorship("M", "T1", iso(AS_OF - dt.timedelta(days=days)))
    duty = duty_of(judge(region, "emerging@school"), "XD-MENTOR")
    assert duty.passed is met
    (item,) = duty.evidence
    assert item.detail == "head_teacher mentor M, ongoing"


def test_xd_mentor_days_after_as_of_and_later_mentorships_do_not_count() -> None:
    start = AS_OF - dt.timedelta(days=200)
    region = new_teacher().mentorship("M", "T1", iso(start), "2027-07-01").mentorship(
        "M", "T1", "2027-09-01", "2028-07-01")
    duty = duty_of(judge(region, "emerging@school"), "XD-MENTOR")
    assert not duty.passed and "for 200 days" in duty.reason
    assert len(duty.evidence) == 1


def test_xd_mentor_a_subject_mentor_is_not_a_head_teacher_mentor() -> None:
    """XD-MENTOR asks for a head-teacher mentor 班主任导师, not a subject mentor."""
    region = new_teacher().mentorship("M", "T1", "2025-09-01", "2026-09-01", kind="subject")
    duty = duty_of(judge(region, "emerging@school"), "XD-MENTOR")
    assert not duty.passed and duty.evidence == ()
    assert duty.reason == "no head_teacher mentor on record by 2026-11-22 (needs 300 days)"


def test_xd_mentor_longest_of_several_mentorships_counts() -> None:
    region = (new_teacher(entry="2025-06-01").mentorship("M", "T1", "2025-06-01", "2025-08-01")
              .mentorship("M", "T1", "2025-09-01", "2026-07-01"))
    duty = duty_of(judge(region, "emerging@school"), "XD-MENTOR")
    assert duty.passed and "for 303 days" in duty.reason


def test_xd_mentor_is_owed_by_new_teachers_only() -> None:
    """Teachers two or more years in owe nothing under XD-MENTOR (it is induction)."""
    verdict = judge(new_teacher(entry="2023-09-01"), "emerging@school")
    assert verdict.obligations == ()


def test_xd_mentor_without_mentorships_file_is_unknown() -> None:
    duty = duty_of(judge(new_teacher(), "emerging@school", present=without("mentorships")), "XD-MENTOR")
    assert duty.unknown and not duty.passed
    assert duty.reason.startswith("unknown: the bundle has no mentorships file")


def test_xd_mentor_coverage_counts_the_new_teachers_who_owe_it() -> None:
    """The pipeline reports XD-MENTOR as a coverage figure: new teachers owing it, and met."""
    region = (new_teacher().teacher("T2", entry="2026-02-01").teacher("T3", entry="2026-03-01")
              .mentorship("M", "T2", "2026-02-01"))
    facts = region_facts(region)
    owed = {d.obligation.duty: d.counts() for d in duties(facts, load_policy("reference"), AS_OF)}
    assert owed == {
        "a new teacher follows a head-teacher mentor (班主任导师) from the first year":
            {"owed": 2, "met": 1, "unknown": 0, "unmet": 1},
        "after the first year: at least one school year with the head-teacher mentor (不少于一学年)":
            {"owed": 1, "met": 0, "unknown": 0, "unmet": 1},
    }


# ----------------------------------------------------------------- the xd policy

def xd(region: Region, target: str = "backbone@county", **options: Any) -> Verdict:
    return verdict_for(region, target, "T1", policy="xd", **options)


def urban() -> Region:
    """T1 at the urban school 新会第一中学, no rural posting, no researcher role."""
    return Region().teacher("T1", entry="2012-09-01")


def test_xd_policy_the_ethics_veto_is_its_only_gate() -> None:
    """XD-ETHICS-VETO «对师德考核不合格的实行"一票否决"……两年内不得评为先进和申报高一级教师职称»: in the
    xd policy nothing else decides a verdict; advice and alerts are shown beside it."""
    policy = load_policy("xd")
    for target in policy.covers():
        gates = [c.rule for c in policy.checks_for(target) or [] if c.effect == "gate"]
        assert gates == ["XD-ETHICS-VETO"], target
    assert xd(urban()).verdict is ELIGIBLE
    verdict = xd(urban().review("T1", 2025, "ethics", "fail"))
    assert (verdict.verdict, verdict.failed_rules) == (INELIGIBLE, ("XD-ETHICS-VETO",))


def test_xd_rural_service_is_a_priority_for_tier_titles_not_a_requirement() -> None:
    """XD-RURAL «……将此经历作为教师申报高一级职称的必要条件和教师推优评先、校长选任的优先条件»: required
    for a higher professional title (职称), a priority (优先条件) in 推优评先. A backbone or famous
    title is 推优评先: an urban teacher with no rural service is eligible, with the advice shown."""
    verdict = xd(urban(), "famous@city")
    assert verdict.verdict is ELIGIBLE
    rural = result_of(verdict, "XD-RURAL")
    assert (rural.effect, rural.passed) == ("advice", False)
    assert rural.reason == ("no rural service: current school is not rural and no rural posting on "
                            "record: advice, bars no one")
    assert [c.rule for c in verdict.flags] == ["XD-RURAL", "XD-RESEARCHER-BONUS"]
    served = xd(urban().posting("T1", RURAL_SCHOOL, "2019-09-01", "2021-07-01"), "famous@city")
    assert result_of(served, "XD-RURAL").passed


def test_xd_rural_service_as_of_a_past_date_reads_the_school_of_that_date() -> None:
    """XD-RURAL on a date when the teacher's regular posting was the rural school."""
    region = (urban().posting("T1", RURAL_SCHOOL, "2012-09-01", "2020-08-31", kind="regular")
              .posting("T1", SCHOOL, "2020-09-01", kind="regular"))
    then = xd(region, as_of=dt.date(2019, 6, 1))
    assert then.school_id == RURAL_SCHOOL and result_of(then, "XD-RURAL").passed


def test_xd_researcher_bonus_is_advice() -> None:
    """XD-RESEARCHER-BONUS «将承担学校教研员或教育行政部门兼职教研员工作作为……推优评先等工作的加分条件»:
    points, never a bar."""
    plain = result_of(xd(urban()), "XD-RESEARCHER-BONUS")
    assert (plain.effect, plain.passed, plain.reason) == (
        "advice", False, "is not a researcher: advice, bars no one")
    researcher = Region().teacher("T1", roles="researcher")
    assert result_of(xd(researcher), "XD-RESEARCHER-BONUS").reason == "is a researcher"


@pytest.mark.parametrize(("annual", "flagged"), [("qualified", True), ("excellent", True),
                                                 ("basic", False), ("unqualified", False)])
def test_xd_ethics_annual_a_good_annual_grade_in_a_vetoed_year_is_flagged(annual: str,
                                                                         flagged: bool) -> None:
    """XD-ETHICS-ANNUAL «……当年年度考核不得评为合格及以上等次»: an annual review of qualified or better
    in the year of a failed ethics review contradicts the veto: an alert to check the records."""
    region = urban().review("T1", 2025, "ethics", "fail").review("T1", 2025, "annual", annual)
    verdict = xd(region)
    alert = result_of(verdict, "XD-ETHICS-ANNUAL")
    assert alert.effect == "alert" and alert.passed is not flagged
    assert verdict.failed_rules == ("XD-ETHICS-VETO",)   # alerts are never failed rules
    if flagged:
        assert alert.reason == ("2025: ethics review failed but the annual review is graded qualified "
                                "or better, which the veto rules out: check the records: alert for "
                                "the planner, not part of the verdict")


@pytest.mark.parametrize(("years", "flagged"), [((2024, 2025), True), ((2025, 2026), True),
                                                ((2023, 2025), False), ((2022, 2023), False)])
def test_xd_ethics_removal_two_consecutive_failures_are_flagged(years: tuple[int, int],
                                                                flagged: bool) -> None:
    """XD-ETHICS-REMOVAL «连续两年考核不合格的必须调离教师岗位»: failing two years running means leaving
    the teaching post: a planner's alert (the veto already bars titles)."""
    region = urban()
    for year in years:
        region.review("T1", year, "ethics", "fail")
    alert = result_of(xd(region), "XD-ETHICS-REMOVAL")
    assert alert.passed is not flagged
    if flagged:
        assert alert.reason.startswith(f"ethics reviews failed in {years[0]} and {years[1]}: must leave")


def test_xd_alerts_without_reviews_file_are_unknown_and_do_not_review() -> None:
    """No reviews file: the veto is unknown (review); the alerts are unknown and decide nothing."""
    verdict = xd(urban(), present=without("reviews"))
    assert (verdict.verdict, verdict.unknown_rules) == (REVIEW, ("XD-ETHICS-VETO",))
    assert result_of(verdict, "XD-ETHICS-REMOVAL").unknown


def test_xd_policy_new_teachers_owe_a_head_teacher_mentor() -> None:
    """XD-MENTOR is an obligation in the xd policy as in reference."""
    region = Region().teacher("T1", entry="2026-03-01")
    verdict = xd(region)
    assert not duty_of(verdict, "XD-MENTOR").passed


@pytest.mark.parametrize(("hours", "content", "met"), [(10, "ethics", True), (9, "ethics", False),
                                                      (20, "professional", False)])
def test_xd_ethics_hours_10_hours_a_semester(hours: float, content: str, met: bool) -> None:
    """XD-ETHICS-HOURS «强化师德师风专题学习教育,每学期学习不少于10学时»: every teacher's obligation, in the
    last complete semester (as of 2026-11-22: 2026-02-01 to 2026-07-31), of ethics content."""
    region = urban().hours("T1", "2026-04-01", hours, "online", content=content)
    duty = duty_of(xd(region), "XD-ETHICS-HOURS")
    assert duty.passed is met
    assert duty.reason == (f"{hours if content == 'ethics' else 0:g} h in the semester from 2026-02-01 "
                           "(needs 10 h of ethics content a semester)")


def test_xd_ethics_hours_an_earlier_semester_does_not_make_up_the_last() -> None:
    region = urban().hours("T1", "2026-01-20", 30, "online", content="ethics")
    assert not duty_of(xd(region), "XD-ETHICS-HOURS").passed


# XD-ETHICS-HOURS as a target's check (no shipped policy makes it one): the same evaluator, and on
# Neo4j the sweep's Cypher form, over the last two semesters as of 2026-11-22: 2026-02-01 to
# 2026-07-31 and 2025-08-01 to 2026-01-31.
SEMESTER_POLICY = parse_policy("""
name = "semesters"
title = "Semesters"
[[target]]
tier = "emerging"
levels = ["school"]
  [[target.check]]
  rule = "XD-ETHICS-HOURS"
  kind = "semester_hours"
  min_hours = 10
  semesters = 2
  contents = ["ethics"]
""")


@pytest.mark.parametrize(("entry", "last", "earlier", "unclear", "outcome", "said"), [
    ("2012-09-01", 10, 10, 0, "pass", "10 h in the semester from 2026-02-01"),
    ("2012-09-01", 10, 9, 0, "fail", "9 h in the semester from 2025-08-01"),
    ("2025-10-01", 10, 0, 0, "pass", "10 h in the semester from 2026-02-01"),  # joined mid-semester
    ("2025-10-01", 9, 20, 0, "fail", "9 h in the semester from 2026-02-01"),
    ("2026-03-01", 0, 0, 0, "pass", "not in post for a whole semester yet"),
    ("2012-09-01", 9, 10, 5, "unknown", "unknown: 9 h in the semester from 2026-02-01"),
    ("", 0, 0, 0, "unknown", "unknown: 0 h in the semester from 2026-02-01"),
])
def test_xd_ethics_hours_each_semester_in_post_for_wholly(entry: str, last: float, earlier: float,
                                                          unclear: float, outcome: str, said: str) -> None:
    """A semester is due if the teacher was in post on its first day; the lowest due one is
    reported; records without a content could be ethics study (unknown), as could a semester
    of a teacher whose entry date is not on record."""
    region = Region().teacher("T1", entry=entry)
    for day, hours in (("2026-04-01", last), ("2025-11-01", earlier)):
        if hours:
            region.hours("T1", day, hours, "online", content="ethics")
    if unclear:
        region.hours("T1", "2026-05-01", unclear, "online")
    check = result_of(verdict_for(region, "emerging@school", policy=SEMESTER_POLICY), "XD-ETHICS-HOURS")
    assert ("pass" if check.passed else "unknown" if check.unknown else "fail") == outcome
    assert check.reason.startswith(said)
