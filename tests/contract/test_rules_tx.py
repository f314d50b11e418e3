"""TX rules (Tongxin county backbone ladder) on the tongxin policy.

TX-TRAINING-BAN, TX-COUNTY-BACKBONE, TX-CITY-BACKBONE, TX-PROVINCE-BACKBONE,
TX-PROVINCE-FAMOUS and TX-PRINCIPAL-TENURE. The default as-of date is
2026-11-22. In TX, 区级 is the autonomous region, i.e. province level.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.verdict import Verdict
from tests.factories import Region
from tests.judging import (
    ELIGIBLE,
    INELIGIBLE,
    REVIEW,
    result_of,
    verdict_for,
    without,
)


def judge(region: Region, target: str, teacher: str = "T1", *, policy: str = "tongxin",
          **options: Any) -> Verdict:
    return verdict_for(region, target, teacher, policy=policy, **options)


# ------------------------------------------------------------- TX-TRAINING-BAN
#
# «严格考勤教师参训,把教师培训成效纳入教师绩效考核中,对考核不合格的参训教师,五年内不得申报骨干教师认定
# 培训。» The trainees of the backbone projects who fail the assessment may not apply for
# backbone certification training (认定培训, TX-CERT-TRAINING) for five years.

def subject_leader() -> Region:
    """A county backbone candidate by the subject-leader route."""
    return Region().teacher("T1", roles="subject_leader")


def failed_backbone(region: Region, completed: str, level: str = "county",
                    type: str = "certification") -> Region:
    """T1 failed the assessment of a backbone programme (certification training by default)."""
    return region.programme("T1", "backbone", level, "fail", enrolled="2020-09-01", completed=completed,
                            type=type)


@pytest.mark.parametrize(("failed_on", "barred"), [
    ("2021-12-22", True),    # 4 years 11 months before the as-of date
    ("2021-11-23", True),    # one day short of 5 years
    ("2021-11-22", False),   # exactly 5 years: the ban ends on the as-of date
    ("2021-11-21", False),   # 5 years and 1 day
    ("2026-11-22", True),    # on the as-of date
    ("2026-11-23", False),   # after the as-of date: not known yet
])
def test_tx_training_ban_five_years_after_a_failed_backbone_assessment(failed_on: str,
                                                                       barred: bool) -> None:
    """TX-TRAINING-BAN «对考核不合格的参训教师,五年内不得申报骨干教师认定培训»: five years from the
    failed assessment of a backbone programme."""
    verdict = judge(failed_backbone(subject_leader(), failed_on), "backbone@county")
    assert verdict.verdict is (INELIGIBLE if barred else ELIGIBLE)
    ban = result_of(verdict, "TX-TRAINING-BAN")
    if barred:
        assert verdict.failed_rules == ("TX-TRAINING-BAN",)
        # The first day clear of the ban: the same calendar day five years later.
        clear = dt.date.fromisoformat(failed_on).replace(year=int(failed_on[:4]) + 5)
        assert ban.reason == (f"failed a backbone certification training assessment on {failed_on}: "
                              "barred from applying for backbone certification training for 5 years, "
                              f"until {clear}")
        (item,) = ban.evidence
        assert item.detail == f"backbone@county programme: fail, completed {failed_on}"
    else:
        assert ban.reason == ("no failed backbone certification training assessment in the 5 years "
                              "to 2026-11-22")


@pytest.mark.parametrize("kind", ["online", "centralized", "school_based"])
def test_tx_training_ban_a_failed_course_record_does_not_bar(kind: str) -> None:
    """TX-TRAINING-BAN «对考核不合格的参训教师,五年内不得申报骨干教师认定培训» is about the backbone
    projects' assessment: a failed 5-hour online 公需 course (a training record with
    passed = false) earns no hours, and bars nobody (it barred backbone before)."""
    region = subject_leader().hours("T1", "2025-03-01", 5, kind, passed=False)
    verdict = judge(region, "backbone@county")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "TX-TRAINING-BAN").evidence == ()


@pytest.mark.parametrize("tier", ["new", "emerging", "famous"])
def test_tx_training_ban_a_failed_programme_of_another_tier_does_not_bar(tier: str) -> None:
    """TX-TRAINING-BAN: «五年内不得申报骨干教师认定培训» follows the backbone training's assessment;
    failing a new-teacher, emerging or famous programme is not it."""
    region = subject_leader().programme("T1", tier, "county", "fail", completed="2024-07-01")
    assert judge(region, "backbone@county").verdict is ELIGIBLE


@pytest.mark.parametrize(("type", "barred"), [("certification", True), ("improvement", False),
                                            ("cultivation", False)])
def test_tx_cert_training_only_a_failed_certification_training_bars(type: str, barred: bool) -> None:
    """TX-CERT-TRAINING «开展为期10天+60学时+返岗实践1年的县级认定培训,开展为期10天+60学时+返岗实践1年的
    全员提升培训»: certification training (认定培训) and whole-staff improvement training (全员提升培训)
    are different programmes; TX-TRAINING-BAN «对考核不合格的参训教师,五年内不得申报骨干教师认定培训»
    follows the certification training's assessment only. A programme with no type reads as
    cultivation, which is neither."""
    verdict = judge(failed_backbone(subject_leader(), "2024-07-01", type=type), "backbone@county")
    assert ("TX-TRAINING-BAN" in verdict.failed_rules) is barred


@pytest.mark.parametrize(("type", "ok"), [("certification", True), ("improvement", False),
                                          ("cultivation", False)])
def test_tx_cert_training_only_certification_training_certifies(type: str, ok: bool) -> None:
    """TX-CERT-TRAINING «至2025年遴选397人市级认定培训,完成522人全员能力提升培训»: the city backbone
    title comes of the city certification training; improvement training leads to no title."""
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2022-06-01")
              .programme("T1", "backbone", "city", "pass", completed="2025-07-01", type=type))
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    if not ok:
        assert result_of(verdict, "TX-CITY-BACKBONE", "programme_passed").reason == (
            "no backbone certification programme at city level completed with result pass/excellent "
            "by 2026-11-22")


def test_tx_training_ban_old_failed_programme_has_expired() -> None:
    region = failed_backbone(subject_leader(), "2021-11-01")
    assert judge(region, "backbone@county").verdict is ELIGIBLE


def test_tx_training_ban_latest_failure_sets_the_end_of_the_ban() -> None:
    region = failed_backbone(failed_backbone(subject_leader(), "2022-03-01"), "2024-01-15", "city")
    ban = result_of(judge(region, "backbone@county"), "TX-TRAINING-BAN")
    assert ban.reason.startswith("failed a backbone certification training assessment on 2024-01-15: ")
    assert ban.reason.endswith("for 5 years, until 2029-01-15")
    assert len(ban.evidence) == 2


@pytest.mark.parametrize(("as_of", "barred"), [
    (dt.date(2029, 2, 27), True),
    (dt.date(2029, 2, 28), True),    # 2029 has no 29 February: still barred on the 28th
    (dt.date(2029, 3, 1), False),    # the first day clear
])
def test_tx_training_ban_from_29_february_ends_on_1_march(as_of: dt.date, barred: bool) -> None:
    """TX-TRAINING-BAN «五年内»: a failure on 2024-02-29 bars through 2029-02-28, clear on 2029-03-01."""
    verdict = judge(failed_backbone(subject_leader(), "2024-02-29"), "backbone@county", as_of=as_of)
    assert verdict.verdict is (INELIGIBLE if barred else ELIGIBLE)
    ban = result_of(verdict, "TX-TRAINING-BAN")
    assert ban.reason.endswith("until 2029-03-01") is barred


def test_tx_training_ban_without_programmes_file_needs_review() -> None:
    """TX-TRAINING-BAN: without the programmes file nobody can tell whether a backbone
    assessment was failed: unknown -> review. (The training file is not needed.)"""
    verdict = judge(subject_leader(), "backbone@county", present=without("programmes"))
    assert verdict.verdict is REVIEW
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ("TX-TRAINING-BAN",))
    ban = result_of(verdict, "TX-TRAINING-BAN")
    assert ban.unknown and not ban.passed
    assert ban.reason == ("unknown: the bundle has no programme records to look for a failed "
                          "backbone certification training assessment")
    assert judge(subject_leader(), "backbone@county", present=without("training")).verdict is ELIGIBLE


def test_tx_training_ban_passed_programmes_do_not_bar() -> None:
    region = subject_leader().programme("T1", "backbone", "county", "pass")
    assert judge(region, "backbone@county").verdict is ELIGIBLE


@pytest.mark.parametrize(("target", "barred"), [
    ("backbone@school", False),
    ("backbone@county", True),
    ("backbone@city", True),
    ("backbone@province", True),
])
def test_tx_training_ban_in_reference_backbone_certification_targets(target: str,
                                                                     barred: bool) -> None:
    """TX-TRAINING-BAN bars applying for backbone certification training (骨干教师认定培训),
    which TX runs at county, city and region level: in the reference policy it is on those
    backbone targets, not on backbone@school, which a school confers without it."""
    region = failed_backbone(Region().teacher("T1"), "2024-05-01")
    verdict = judge(region, target, policy="reference")
    assert ("TX-TRAINING-BAN" in verdict.failed_rules) is barred
    assert any(c.rule == "TX-TRAINING-BAN" for c in verdict.checks) is barred


# --------------------------------------------------------- TX-COUNTY-BACKBONE

def test_tx_county_backbone_subject_leader_route() -> None:
    """TX-COUNTY-BACKBONE route 1: subject leader 学科带头人."""
    verdict = judge(subject_leader(), "backbone@county")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "TX-COUNTY-BACKBONE").reason == "route met: is a subject_leader"


def excellent_head_teacher(year: int = 2024, grade: str = "excellent",
                           head_teacher: bool | None = True) -> Region:
    """A (current) head-teacher 班主任 with one annual review of ``year`` graded ``grade``."""
    return Region().teacher("T1", head_teacher=head_teacher).review("T1", year, "annual", grade)


def test_tx_county_backbone_head_teacher_route() -> None:
    """TX-COUNTY-BACKBONE route 2: an excellent head-teacher 优秀班主任, i.e. a (current)
    head-teacher graded excellent in one of the last three annual reviews (all_of)."""
    verdict = judge(excellent_head_teacher(), "backbone@county")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert check.reason == (
        "route met: is a head_teacher and 1 annual review(s) graded excellent or better "
        "(needs 1 graded excellent or better in 2023-2025)")
    assert [e.detail for e in check.evidence] == ["annual 2024: excellent"]


@pytest.mark.parametrize(("year", "grade"), [
    (2024, "qualified"),     # not excellent
    (2022, "excellent"),     # before 2023-2025
    (2026, "excellent"),     # the as-of year is not complete
])
def test_tx_county_backbone_head_teacher_without_recent_excellent_review_is_ineligible(
        year: int, grade: str) -> None:
    """TX-COUNTY-BACKBONE: being a head-teacher alone is no longer a route."""
    verdict = judge(excellent_head_teacher(year, grade), "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)
    assert verdict.unknown_rules == ()
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert not check.unknown
    assert check.reason == (
        "no route met: is not a subject_leader; 0 annual review(s) graded excellent or better "
        "(needs 1 graded excellent or better in 2023-2025); "
        "is not a member of a famous-teacher studio on 2026-11-22")


def test_tx_county_backbone_head_teacher_without_any_review_is_ineligible() -> None:
    verdict = judge(Region().teacher("T1", head_teacher=True), "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)


def test_tx_county_backbone_excellent_review_without_head_teacher_role_is_ineligible() -> None:
    verdict = judge(excellent_head_teacher(head_teacher=False), "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert "is not a head_teacher" in result_of(verdict, "TX-COUNTY-BACKBONE").reason


def test_tx_county_backbone_head_teacher_without_reviews_file_needs_review() -> None:
    """TX-COUNTY-BACKBONE: a head-teacher, but no reviews file to tell whether excellent."""
    no_reviews = without("reviews")
    verdict = judge(Region().teacher("T1", head_teacher=True), "backbone@county",
                    present=no_reviews)
    assert verdict.verdict is REVIEW
    assert verdict.unknown_rules == ("TX-COUNTY-BACKBONE",)
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert check.unknown
    assert "unknown: the bundle has no reviews file" in check.reason


def test_tx_county_backbone_other_routes_need_no_review() -> None:
    """The subject-leader and studio-member routes are unchanged: no annual review needed."""
    assert judge(subject_leader(), "backbone@county").verdict is ELIGIBLE
    region = Region().teacher("L", entry="2005-09-01").studio("S1", lead="L")
    assert judge(region, "backbone@county", teacher="L").verdict is ELIGIBLE


def test_tx_county_backbone_studio_member_route() -> None:
    """TX-COUNTY-BACKBONE route 3: a current famous-teacher studio member 名师工作室成员."""
    region = (Region().teacher("L", entry="2005-09-01").teacher("T1")
              .studio("S1", lead="L").member("S1", "T1", joined="2025-03-01"))
    verdict = judge(region, "backbone@county")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert check.reason == "route met: is a member of a famous-teacher studio on 2026-11-22"
    assert [e.detail for e in check.evidence] == ["member of studio S1 (county level)"]


def test_tx_county_backbone_studio_lead_counts_as_member() -> None:
    region = Region().teacher("L", entry="2005-09-01").studio("S1", lead="L")
    assert judge(region, "backbone@county", teacher="L").verdict is ELIGIBLE


@pytest.mark.parametrize(("joined", "left"), [
    ("2023-03-01", "2025-07-01"),    # left before the as-of date
    ("2027-01-01", None),            # joins after the as-of date
])
def test_tx_county_backbone_studio_membership_must_be_current(joined: str,
                                                              left: str | None) -> None:
    region = (Region().teacher("L", entry="2005-09-01").teacher("T1")
              .studio("S1", lead="L").member("S1", "T1", joined=joined, left=left))
    verdict = judge(region, "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)


@pytest.mark.parametrize("roles", [None, "principal", "researcher;principal"])
def test_tx_county_backbone_no_route_is_ineligible(roles: str | None) -> None:
    """TX-COUNTY-BACKBONE: none of the three routes -> ineligible."""
    verdict = judge(Region().teacher("T1", roles=roles), "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)
    assert result_of(verdict, "TX-COUNTY-BACKBONE").reason == (
        "no route met: is not a subject_leader; is not a head_teacher; "
        "0 annual review(s) graded excellent or better "
        "(needs 1 graded excellent or better in 2023-2025); "
        "is not a member of a famous-teacher studio on 2026-11-22")


def test_tx_county_backbone_unknown_head_teacher_status_needs_review() -> None:
    """TX-COUNTY-BACKBONE: graded excellent, but head-teacher status not on record, and no
    other route -> review."""
    verdict = judge(excellent_head_teacher(head_teacher=None), "backbone@county")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("TX-COUNTY-BACKBONE",)
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert check.unknown
    assert check.reason.startswith("no route met yet (some data unknown): ")
    assert "unknown: head-teacher status not on record" in check.reason


def test_tx_county_backbone_unknown_head_teacher_status_without_excellent_review_fails() -> None:
    """The head-teacher route needs both: with no excellent review it fails on known data,
    whatever the head-teacher status."""
    verdict = judge(Region().teacher("T1", head_teacher=None), "backbone@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)
    assert verdict.unknown_rules == ()


def test_tx_county_backbone_known_route_beats_unknown_head_teacher_status() -> None:
    verdict = judge(Region().teacher("T1", head_teacher=None, roles="subject_leader"),
                    "backbone@county")
    assert verdict.verdict is ELIGIBLE


def test_tx_county_backbone_no_studio_members_file_needs_review() -> None:
    """TX-COUNTY-BACKBONE: membership cannot be known without the studio_members file."""
    no_members = without("studio_members")
    verdict = judge(Region().teacher("T1"), "backbone@county", present=no_members)
    assert result_of(verdict, "TX-COUNTY-BACKBONE").unknown
    assert verdict.verdict is REVIEW
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ("TX-COUNTY-BACKBONE",))


# ----------------------------------------------------------- TX-CITY-BACKBONE

@pytest.mark.parametrize("tier", ["backbone", "famous"])
def test_tx_city_backbone_county_title_and_city_programme(tier: str) -> None:
    """TX-CITY-BACKBONE: county famous or backbone -> 1-year city certification programme -> city backbone."""
    region = (Region().teacher("T1").title("T1", tier, "county", "2022-06-01")
              .programme("T1", "backbone", "city", "pass", type="certification", enrolled="2024-09-01",
                         completed="2025-07-01"))
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "TX-CITY-BACKBONE", "programme_passed").reason == (
        "completed a backbone certification programme at city level with result pass/excellent by 2026-11-22")


def test_tx_city_backbone_programme_not_completed_is_ineligible() -> None:
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2022-06-01")
              .programme("T1", "backbone", "city", "in_progress", type="certification", enrolled="2026-09-01",
                         completed=None))
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-CITY-BACKBONE",)
    check = result_of(verdict, "TX-CITY-BACKBONE", "programme_passed")
    assert check.reason == ("no backbone certification programme at city level completed with result "
                            "pass/excellent by 2026-11-22")
    assert [e.detail for e in check.evidence] == ["backbone@city programme: in_progress"]


@pytest.mark.parametrize(("title_level", "programme_level"), [
    ("school", "city"),     # the title must be county level
    (None, "city"),
    ("county", "county"),   # the programme must be the city programme
])
def test_tx_city_backbone_wrong_title_or_programme_level_is_ineligible(
        title_level: str | None, programme_level: str) -> None:
    region = Region().teacher("T1").programme("T1", "backbone", programme_level, "excellent",
                                              type="certification")
    if title_level:
        region.title("T1", "backbone", title_level, "2022-06-01")
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is INELIGIBLE
    assert set(verdict.failed_rules) == {"TX-CITY-BACKBONE"}


def test_tx_city_backbone_title_reason_names_both_tiers() -> None:
    region = Region().teacher("T1").programme("T1", "backbone", "city", "pass", type="certification")
    check = result_of(judge(region, "backbone@city"), "TX-CITY-BACKBONE", "holds_title")
    assert check.reason == ("holds no backbone/famous title at county level (teacher track) "
                            "valid on 2026-11-22")


# ------------------------------------------------------- TX-PROVINCE-BACKBONE

@pytest.mark.parametrize(("tier", "level", "programme_level", "ok"), [
    ("backbone", "city", "province", True),
    ("famous", "city", "province", True),
    ("backbone", "county", "province", False),   # needs the city title
    ("backbone", "city", "city", False),         # needs the 2-year (region) programme
])
def test_tx_province_backbone_city_title_and_two_year_programme(
        tier: str, level: str, programme_level: str, ok: bool) -> None:
    """TX-PROVINCE-BACKBONE: city famous/backbone -> 2-year programme -> region backbone."""
    region = (Region().teacher("T1").title("T1", tier, level, "2022-06-01")
              .programme("T1", "backbone", programme_level, "pass", type="certification",
                         enrolled="2023-09-01", completed="2025-07-01"))
    verdict = judge(region, "backbone@province")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("TX-PROVINCE-BACKBONE",))


def test_tx_province_backbone_reasons() -> None:
    verdict = judge(Region().teacher("T1"), "backbone@province")
    assert verdict.failed_rules == ("TX-PROVINCE-BACKBONE", "TX-PROVINCE-BACKBONE")
    assert result_of(verdict, "TX-PROVINCE-BACKBONE", "holds_title").reason == (
        "holds no backbone/famous title at city level (teacher track) valid on 2026-11-22")
    assert result_of(verdict, "TX-PROVINCE-BACKBONE", "programme_passed").reason == (
        "no backbone certification programme at province level completed with result pass/excellent "
        "by 2026-11-22")


# --------------------------------------------------------- TX-PROVINCE-FAMOUS

@pytest.mark.parametrize(("level", "programme", "ok"), [
    ("province", True, True),
    ("province", False, False),   # the advanced programme is required
    ("city", True, False),        # region backbone is required
])
def test_tx_province_famous_region_backbone_and_advanced_programme(level: str, programme: bool,
                                                                   ok: bool) -> None:
    """TX-PROVINCE-FAMOUS: region backbone -> advanced programme -> region famous."""
    region = Region().teacher("T1").title("T1", "backbone", level, "2022-06-01")
    if programme:
        region.programme("T1", "famous", "province", "excellent", completed="2025-12-01")
    verdict = judge(region, "famous@province")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("TX-PROVINCE-FAMOUS",))


def test_tx_province_famous_reason_names_region_backbone() -> None:
    region = Region().teacher("T1").programme("T1", "famous", "province", "pass")
    check = result_of(judge(region, "famous@province"), "TX-PROVINCE-FAMOUS", "holds_title")
    assert check.reason == ("holds no backbone title at province level (teacher track) "
                            "valid on 2026-11-22")


# -------------------------------------------------------- TX-PRINCIPAL-TENURE

def principal(since: str | None, *titles: tuple[str, str], backbone: bool = True) -> Region:
    """T1, a principal since ``since``, holding county backbone principal (TX-PRINCIPAL-BACKBONE)
    unless ``backbone`` is false, and famous titles at (level, track) for each of ``titles``."""
    region = Region().teacher("T1", entry="2000-09-01", roles="principal",
                              principal_since=since)
    if backbone:
        region.title("T1", "backbone", "county", "2020-06-01", track="principal")
    for level, track in titles:
        region.title("T1", "famous", level, "2023-06-01", track=track)
    return region


@pytest.mark.parametrize(("level", "ok"), [(None, False), ("school", False), ("county", True),
                                           ("city", True)])
def test_tx_principal_backbone_the_county_step_is_for_county_backbone_principals(
        level: str | None, ok: bool) -> None:
    """TX-PRINCIPAL-BACKBONE «遴选任正职2年以上的县级骨干校(园)长参加为期10天+60学时的区级培训,由自治区
    认定为县级名校长»: two years as principal is not enough; the principal is a county backbone
    principal (county or higher)."""
    region = principal("2020-09-01", backbone=False)
    if level:
        region.title("T1", "backbone", level, "2021-06-01", track="principal")
    verdict = judge(region, "famous@county", track="principal")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("TX-PRINCIPAL-BACKBONE",))
    if not ok:
        assert result_of(verdict, "TX-PRINCIPAL-BACKBONE").reason == (
            "holds no backbone title at county level or higher (principal track) valid on 2026-11-22")


@pytest.mark.parametrize(("target", "since", "years", "title", "ok"), [
    ("famous@county", "2024-11-22", 2, None, True),
    ("famous@county", "2024-11-23", 1, None, False),
    ("famous@city", "2022-11-22", 4, ("county", "principal"), True),
    ("famous@city", "2022-11-23", 3, ("county", "principal"), False),
    ("famous@province", "2020-11-22", 6, ("city", "principal"), True),
    ("famous@province", "2020-11-23", 5, ("city", "principal"), False),
])
def test_tx_principal_tenure_2_4_6_years(target: str, since: str, years: int,
                                         title: tuple[str, str] | None, ok: bool) -> None:
    """TX-PRINCIPAL-TENURE: >= 2 years (county), >= 4 (city), >= 6 (region) as principal."""
    region = principal(since, *([title] if title else []))
    verdict = judge(region, target, track="principal")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("TX-PRINCIPAL-TENURE",))
    minimum = {"famous@county": 2, "famous@city": 4, "famous@province": 6}[target]
    assert result_of(verdict, "TX-PRINCIPAL-TENURE", "principal_tenure").reason == (
        f"{years} years as principal (needs >= {minimum})")


@pytest.mark.parametrize(("target", "title"), [
    ("famous@city", None),
    ("famous@city", ("county", "teacher")),        # a teacher-track title is not exemplary
    ("famous@city", ("school", "principal")),      # not the county title
    ("famous@province", ("county", "principal")),  # needs the city title
])
def test_tx_principal_tenure_needs_the_principal_title_below(
        target: str, title: tuple[str, str] | None) -> None:
    """TX-PRINCIPAL-TENURE: city needs county exemplary, region needs city exemplary."""
    region = principal("2015-09-01", *([title] if title else []))
    verdict = judge(region, target, track="principal")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("TX-PRINCIPAL-TENURE",)
    below = {"famous@city": "county", "famous@province": "city"}[target]
    assert result_of(verdict, "TX-PRINCIPAL-TENURE", "holds_title").reason == (
        f"holds no famous title at {below} level (principal track) valid on 2026-11-22")
    assert result_of(verdict, "TX-PRINCIPAL-TENURE", "principal_tenure").passed


@pytest.mark.parametrize("since", [None, "2015-09-01"])
def test_tx_principal_tenure_not_a_principal_is_ineligible(since: str | None) -> None:
    """TX-PRINCIPAL-TENURE: no principal role -> not a principal, whatever the date says."""
    region = Region().teacher("T1", roles="subject_leader", principal_since=since)
    verdict = judge(region, "famous@county", track="principal")
    assert verdict.verdict is INELIGIBLE
    check = result_of(verdict, "TX-PRINCIPAL-TENURE")
    assert not check.unknown
    assert check.reason == "not a principal (needs >= 2 years as principal)"


def test_tx_principal_tenure_principal_without_start_date_needs_review() -> None:
    verdict = judge(principal(None), "famous@county", track="principal")
    assert verdict.verdict is REVIEW
    check = result_of(verdict, "TX-PRINCIPAL-TENURE")
    assert check.unknown
    assert check.reason == "unknown: no principal_since date (needs >= 2 years)"


def test_tx_principal_tenure_evidence_is_the_appointment() -> None:
    verdict = judge(principal("2024-11-22"), "famous@county", track="principal")
    (item,) = result_of(verdict, "TX-PRINCIPAL-TENURE").evidence
    assert (item.detail, item.date) == ("appointed principal", dt.date(2024, 11, 22))
