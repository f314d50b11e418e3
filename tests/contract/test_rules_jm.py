"""JM rules (Jiangmen five-stage ladder), scenario by scenario, on the jiangmen policy.

Each test names its rule; the default as-of date is 2026-11-22 (``AS_OF``), so
JM-HOURS looks at calendar year 2025.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, OTHER_COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.judging import (
    ELIGIBLE,
    INELIGIBLE,
    REVIEW,
    result_of,
    verdict_for,
    without,
)


def judge(region: Region, target: str, teacher: str = "T1", *, policy: str = "jiangmen",
          **options: Any) -> Verdict:
    return verdict_for(region, target, teacher, policy=policy, **options)


def teacher(entry: str = "2022-09-01", stage: str | None = "junior") -> Region:
    """T1 with 100 h in every year 2019-2025 (JM-HOURS met)."""
    return Region().teacher("T1", entry=entry, stage=stage).yearly_hours("T1", range(2019, 2026))


def excellent_teacher(year: int = 2025) -> Region:
    """``teacher()`` graded excellent in the annual review of ``year``: an "excellent
    backbone teacher" for JM-BACKBONE-FAMOUS once the backbone title is added."""
    return teacher().review("T1", year, "annual", "excellent")


# ------------------------------------------------------------------ JM-LEVEL
#
# «市、县、校分设以上三层项目,原则上市一级培养对象需为县级认定对象,县级培养对象需为校级认定对象» (JM
# normalised; seed: 市、县、校分设以上三层项目,准绳上市一级教育对象需为县级认定对象,县级教育对象需为校级
# 认定对象): the city-county-school chain is the candidate's own (their school, its county,
# its city), and holds in principle (原则上: review, not ineligible).

def test_jm_level_city_candidate_without_county_title_needs_review() -> None:
    """JM-LEVEL «原则上市一级培养对象需为县级认定对象»: a city emerging candidate without the county
    title -> review (原则上)."""
    verdict = judge(teacher(), "emerging@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)
    level = result_of(verdict, "JM-LEVEL")
    assert not level.hard and not level.unknown
    assert level.reason == ("holds no emerging title from the teacher's own county (teacher track) "
                            "valid on 2026-11-22")


def test_jm_level_city_candidate_with_county_title_is_eligible() -> None:
    region = teacher().title("T1", "emerging", "county", "2024-06-01")
    verdict = judge(region, "emerging@city")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-LEVEL").reason == (
        "holds an emerging title from the teacher's own county (teacher track) valid on 2026-11-22")


def another_city(region: Region) -> Region:
    return region.org("C2", "city", "佛山市", None).org("C2-K1", "county", "南海区", "C2")


@pytest.mark.parametrize(("org", "name"), [("C2-K1", "南海区"), (OTHER_COUNTY, "台山市")])
def test_jm_level_a_county_title_from_another_county_is_not_the_chain(org: str, name: str) -> None:
    """JM-LEVEL «原则上市一级培养对象需为县级认定对象»: the county that certifies a city candidate is
    the county of the candidate's school. A backbone@county title awarded by a county of another
    city (or another county of this city) does not serve: review, naming the awarding org (level
    numbers alone used to let it through)."""
    region = another_city(teacher().title("T1", "emerging", "school", "2022-06-01"))
    region.title("T1", "backbone", "county", "2024-06-01", org=org)
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)
    assert result_of(verdict, "JM-LEVEL").reason == (
        "holds no backbone title from the teacher's own county (teacher track) valid on 2026-11-22: "
        f"backbone@county was awarded by {name} ({org}), not by 新会区 (C1-K1), the county of the "
        "teacher's school")


def test_jm_level_a_school_title_from_another_school_is_not_the_chain() -> None:
    """JM-LEVEL «县级培养对象需为校级认定对象»: a county candidate's school title is their own
    school's."""
    region = teacher().title("T1", "emerging", "school", "2024-06-01", org=RURAL_SCHOOL)
    verdict = judge(region, "emerging@county")
    assert verdict.failed_rules == ("JM-LEVEL",)
    assert "emerging@school was awarded by 崖门镇中心小学 (C1-K1-S2), not by 新会第一中学 (C1-K1-S1)" in \
        result_of(verdict, "JM-LEVEL").reason


def test_jm_level_the_chain_is_the_school_of_the_as_of_date() -> None:
    """JM-LEVEL as of a past date: the teacher then served at 台山第一中学 (county C1-K2) by a
    regular posting, so a 台山市 county title was their own county's then, and is not now that
    they teach at 新会第一中学 (C1-K1)."""
    region = (teacher().title("T1", "emerging", "county", "2023-06-01", org=OTHER_COUNTY)
              .posting("T1", OTHER_SCHOOL, "2019-09-01", "2025-08-31", kind="regular")
              .posting("T1", SCHOOL, "2025-09-01", kind="regular"))
    then = judge(region, "emerging@city", as_of=dt.date(2025, 6, 1))
    assert (then.school_id, then.verdict) == (OTHER_SCHOOL, ELIGIBLE)
    now = judge(region, "emerging@city")
    assert (now.school_id, now.verdict, now.failed_rules) == (SCHOOL, REVIEW, ("JM-LEVEL",))


def test_jm_level_an_exchange_posting_does_not_move_the_chain() -> None:
    """An exchange 交流 stint at another county's school is service there, not a move: the chain
    stays the home school's."""
    region = (teacher().title("T1", "emerging", "county", "2023-06-01")
              .posting("T1", OTHER_SCHOOL, "2026-09-01", kind="exchange"))
    verdict = judge(region, "emerging@city")
    assert (verdict.school_id, verdict.verdict) == (SCHOOL, ELIGIBLE)


def test_jm_level_a_title_with_no_awarding_org_is_unknown() -> None:
    """JM-LEVEL: a county title whose awarding org is not on record cannot be placed on the
    chain: unknown (review), never a known failure."""
    region = teacher()
    region.title("T1", "emerging", "county", "2024-06-01")
    region.rows["titles"][-1]["org_id"] = None
    verdict = judge(region, "emerging@city")
    assert verdict.verdict is REVIEW
    assert verdict.unknown_rules == ("JM-LEVEL",)
    assert result_of(verdict, "JM-LEVEL").reason == (
        "unknown: holds an emerging title at county level whose awarding org, or the teacher's school "
        "on 2026-11-22, is not on record (needs one from the teacher's own county)")


def test_jm_level_county_candidate_needs_the_school_title() -> None:
    """JM-LEVEL: a county candidate must hold the school title of the same tier."""
    assert judge(teacher(), "emerging@county").verdict is REVIEW
    region = teacher().title("T1", "emerging", "school", "2024-06-01")
    assert judge(region, "emerging@county").verdict is ELIGIBLE


def test_jm_level_is_exact_level_school_title_does_not_serve_city() -> None:
    """JM-LEVEL: the title one level down, not any lower one (school title, city target)."""
    region = teacher().title("T1", "emerging", "school", "2024-06-01")
    verdict = judge(region, "emerging@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)


def test_jm_level_same_tier_required_for_backbone_city() -> None:
    """JM-LEVEL on backbone@city: an emerging@county title is not backbone@county."""
    region = (teacher().title("T1", "emerging", "county", "2023-06-01"))
    verdict = judge(region, "backbone@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)
    assert "holds no backbone title from the teacher's own county" in result_of(verdict, "JM-LEVEL").reason


def test_jm_level_soft_failure_with_hard_failure_is_ineligible() -> None:
    """JM-LEVEL (soft) with JM-HOURS (hard) failing -> ineligible."""
    region = Region().teacher("T1", entry="2022-09-01").hours("T1", "2025-05-01", 30)
    verdict = judge(region, "emerging@city")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-LEVEL", "JM-HOURS")


# ------------------------------------ JM-EMERGING-WINDOW and JM-NEW-EMERGING: two routes
#
# JM-EMERGING-WINDOW «将入职3至5年的优秀青年教师纳入新锐教师培养队伍» (JM normalised; seed:
# 将入职3至5年的卓绝青年先生纳入新锐先生教育队伍): young teachers 3-5 years in are brought into
# the emerging team. JM-NEW-EMERGING «新教师规范化培训表现优异的人员可进入新锐教师培养工程» (JM
# normalised; seed: 新先生典型化培训体现优异的职员可进入新锐先生教育工程): excellent new-teacher
# trainees "may enter" (可进入). Either route admits to emerging@school.

NO_ROUTE = ("JM-EMERGING-WINDOW", "JM-NEW-EMERGING")


def emerging_school(entry: str) -> Region:
    """T1 with an excellent new-teacher training result (the JM-NEW-EMERGING route)."""
    return teacher(entry=entry).programme("T1", "new", "school", "excellent")


@pytest.mark.parametrize(("entry", "as_of", "years", "expected"), [
    ("2023-11-22", AS_OF, 3, ELIGIBLE),                    # exactly 3 complete years
    ("2023-11-23", AS_OF, 2, INELIGIBLE),                  # one day short of 3
    ("2023-11-22", dt.date(2026, 11, 21), 2, INELIGIBLE),  # the day before the anniversary
    ("2021-11-22", AS_OF, 5, ELIGIBLE),                    # exactly 5 complete years
    ("2020-11-23", AS_OF, 5, ELIGIBLE),                    # one day short of 6: still 5
    ("2020-11-22", AS_OF, 6, INELIGIBLE),                  # 6 complete years
    ("2024-11-22", AS_OF, 2, INELIGIBLE),
])
def test_jm_emerging_window_boundaries_without_a_new_teacher_record(
        entry: str, as_of: dt.date, years: int, expected: VerdictKind) -> None:
    """JM-EMERGING-WINDOW «将入职3至5年的优秀青年教师纳入新锐教师培养队伍» (JM normalised; seed:
    将入职3至5年的卓绝青年先生纳入新锐先生教育队伍): 3 to 5 complete years in, inclusive. With no
    new-teacher programme record the window is the only route, and it alone decides."""
    verdict = judge(teacher(entry=entry), "emerging@school", as_of=as_of)
    assert verdict.verdict is expected
    route = result_of(verdict, "JM-EMERGING-WINDOW")
    window = f"JM-EMERGING-WINDOW: {years} complete years of teaching on {as_of} (needs 3-5)"
    if expected is ELIGIBLE:
        assert route.reason == f"route met: {window}"
        assert verdict.failed_rules == ()
    else:
        assert route.reason == (
            f"no route met: JM-NEW-EMERGING: no new programme at any level completed with result "
            f"excellent by {as_of}; {window}")
        assert verdict.failed_rules == NO_ROUTE


def test_jm_new_emerging_is_a_route_not_a_gate() -> None:
    """JM-NEW-EMERGING «新教师规范化培训表现优异的人员可进入新锐教师培养工程» (JM normalised; seed:
    新先生典型化培训体现优异的职员可进入新锐先生教育工程): 可进入 "may enter". A teacher 4 years in
    with no new-teacher programme record at all is not barred: the window route admits."""
    verdict = judge(teacher(entry="2022-09-01"), "emerging@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-EMERGING-WINDOW").cites == NO_ROUTE


@pytest.mark.parametrize("entry", ["2025-09-01", "2018-09-01"])
def test_jm_new_emerging_excellent_trainee_enters_outside_the_window(entry: str) -> None:
    """JM-NEW-EMERGING «新教师规范化培训表现优异的人员可进入新锐教师培养工程»: excellent new-teacher
    trainees may enter the emerging programme; the sentence sets no 3-5 year window on them."""
    verdict = judge(emerging_school(entry), "emerging@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-EMERGING-WINDOW").reason == (
        "route met: JM-NEW-EMERGING: completed a new programme at any level with result excellent "
        "by 2026-11-22")


@pytest.mark.parametrize(("result", "completed"), [
    ("pass", "2023-07-01"),          # passed, but not excellently
    ("fail", "2023-07-01"),
    ("in_progress", None),
    ("excellent", "2027-01-10"),     # completed after the as-of date
])
def test_jm_new_emerging_only_an_excellent_result_opens_the_route(result: str,
                                                                  completed: str | None) -> None:
    """JM-NEW-EMERGING «……表现优异的人员可进入……»: only an excellent (优异) result opens the route;
    outside the window (7 years in) nothing else admits, so the teacher is ineligible."""
    region = teacher(entry="2019-09-01").programme("T1", "new", "school", result, completed=completed)
    verdict = judge(region, "emerging@school")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == NO_ROUTE
    assert "JM-NEW-EMERGING: no new programme at any level completed with result excellent by " \
           "2026-11-22" in result_of(verdict, "JM-EMERGING-WINDOW").reason


def test_jm_new_emerging_excellent_in_another_tier_does_not_count() -> None:
    """JM-NEW-EMERGING names new-teacher training (新教师规范化培训): an excellent emerging
    programme is not it."""
    region = teacher(entry="2019-09-01").programme("T1", "emerging", "school", "excellent")
    assert judge(region, "emerging@school").failed_rules == NO_ROUTE


@pytest.mark.parametrize(("entry", "expected"), [("2022-09-01", ELIGIBLE), ("2019-09-01", REVIEW)])
def test_jm_new_emerging_without_programmes_file(entry: str, expected: VerdictKind) -> None:
    """JM-NEW-EMERGING with no programmes file: in the window the other route admits anyway;
    outside it, whether the teacher was an excellent new-teacher trainee is unknown -> review."""
    verdict = judge(teacher(entry=entry), "emerging@school", present=without("programmes"))
    assert verdict.verdict is expected
    route = result_of(verdict, "JM-EMERGING-WINDOW")
    if expected is REVIEW:
        assert route.unknown
        assert (verdict.failed_rules, verdict.unknown_rules) == ((), NO_ROUTE)
        assert route.reason.startswith("no route met yet (some data unknown): JM-NEW-EMERGING: "
                                       "unknown: the bundle has no programme records")


def test_jm_emerging_window_evidence_is_the_entry_date_and_the_new_teacher_record() -> None:
    verdict = judge(emerging_school("2023-11-22"), "emerging@school")
    items = result_of(verdict, "JM-EMERGING-WINDOW").evidence
    assert [(e.kind, e.detail, e.date) for e in items] == [
        ("programme", "new@school programme: excellent, completed 2023-07-01", dt.date(2022, 9, 1)),
        ("teacher", "entered teaching", dt.date(2023, 11, 22))]


@pytest.mark.parametrize(("target", "below", "entry"), [
    ("emerging@county", "school", "2019-09-01"),   # 7 years in
    ("emerging@city", "county", "2014-09-01"),     # 12 years in
    ("emerging@city", "county", "2025-09-01"),     # 1 year in
])
def test_jm_emerging_window_does_not_bind_a_teacher_already_in_the_team(target: str, below: str,
                                                                        entry: str) -> None:
    """JM-EMERGING-WINDOW «将入职3至5年的优秀青年教师纳入新锐教师培养队伍» (JM normalised; seed:
    将入职3至5年的卓绝青年先生纳入新锐先生教育队伍) is how teachers enter the emerging team. County
    and city draw on that team: «原则上市级培养对象是经县(市、区)培养且表现优秀的学员,县级培养对象是
    经学校培养后的校级新锐教师» (JM normalised; seed: 准绳上市级教育对象是经县(市、区)教育且体现卓绝
    的学员,县级教育对象是经学校教育后的校级新锐先生). Decision (jiangmen, reference): the window
    governs entry only, so an emerging teacher 7 or 12 years in may go on to the next level."""
    region = teacher(entry=entry).title("T1", "emerging", below, "2024-06-01")
    for policy in ("jiangmen", "reference"):
        verdict = judge(region, target, policy=policy)
        assert verdict.verdict is ELIGIBLE, policy
        assert result_of(verdict, "JM-EMERGING-WINDOW").reason.startswith(
            "route met: JM-EMERGING-WINDOW: holds an emerging title at any level")


@pytest.mark.parametrize(("entry", "expected"), [
    ("2019-09-01", INELIGIBLE),   # 7 years in, not in the team: cannot enter at county
    ("2022-09-01", REVIEW),       # 4 years in: enters by the window; JM-LEVEL (in principle) fails
])
def test_jm_emerging_window_binds_a_teacher_not_yet_in_the_team(entry: str,
                                                                expected: VerdictKind) -> None:
    """JM-EMERGING-WINDOW «将入职3至5年的优秀青年教师纳入新锐教师培养队伍»: a teacher with no emerging
    title is not in the team and must enter by a route (the window, or JM-NEW-EMERGING), at
    whatever level they are proposed."""
    verdict = judge(teacher(entry=entry), "emerging@county")
    assert verdict.verdict is expected
    if expected is INELIGIBLE:
        assert verdict.failed_rules == ("JM-EMERGING-WINDOW", "JM-NEW-EMERGING", "JM-LEVEL")
    else:
        assert verdict.failed_rules == ("JM-LEVEL",)


@pytest.mark.parametrize("policy", ["jiangmen", "reference"])
def test_jm_emerging_window_binds_on_entry_at_every_emerging_target(policy: str) -> None:
    """The window is a route at every emerging level; at county and city a held emerging
    title is a third route beside the two routes of entry."""
    loaded = load_policy(policy)
    for target in loaded.covers():
        if target.tier.value != "emerging":
            continue
        (route,) = [c for c in loaded.checks_for(target) or [] if c.rule == "JM-EMERGING-WINDOW"]
        kinds = [part.kind for part in route.checks]  # type: ignore[union-attr]
        expected = ["programme_passed", "teaching_years"]
        assert kinds == (expected if target.level.value == "school" else ["holds_title", *expected])


# ------------------------------------------------------- JM-EMERGING-BACKBONE

def test_jm_emerging_backbone_programme_route() -> None:
    """JM-EMERGING-BACKBONE, route 1: passed an emerging cultivation programme."""
    region = teacher().programme("T1", "emerging", "county", "pass")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-EMERGING-BACKBONE").reason == (
        "route met: completed an emerging programme at any level with result pass/excellent "
        "by 2026-11-22")


def test_jm_emerging_backbone_title_route() -> None:
    """JM-EMERGING-BACKBONE, route 2: holds an emerging title."""
    region = teacher().title("T1", "emerging", "school", "2024-06-01")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "JM-EMERGING-BACKBONE")
    assert check.reason.startswith("route met: holds an emerging title at any level")
    assert [e.detail for e in check.evidence] == [
        "emerging@school awarded by 新会第一中学 (C1-K1-S1)"]


def test_jm_emerging_backbone_no_route_is_ineligible() -> None:
    """JM-EMERGING-BACKBONE: failed the programme and holds no emerging title."""
    region = teacher().programme("T1", "emerging", "school", "fail")
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-EMERGING-BACKBONE",)
    reason = result_of(verdict, "JM-EMERGING-BACKBONE").reason
    assert reason.startswith("no route met: no emerging programme at any level")
    assert "holds no emerging title at any level" in reason


def test_jm_emerging_backbone_unknown_programmes_and_no_title_needs_review() -> None:
    no_programmes = without("programmes")
    verdict = judge(teacher(), "backbone@school", present=no_programmes)
    assert verdict.verdict is REVIEW
    assert result_of(verdict, "JM-EMERGING-BACKBONE").unknown
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ("JM-EMERGING-BACKBONE",))


def test_jm_emerging_backbone_title_route_beats_unknown_programmes() -> None:
    no_programmes = without("programmes")
    region = teacher().title("T1", "emerging", "school", "2024-06-01")
    verdict = judge(region, "backbone@school", present=no_programmes)
    assert verdict.verdict is ELIGIBLE


@pytest.mark.parametrize(("target", "below", "policy"), [
    ("backbone@county", "school", "jiangmen"),
    ("backbone@city", "county", "jiangmen"),
    ("backbone@county", "school", "reference"),
    ("backbone@city", "county", "reference"),
    ("backbone@province", "city", "reference"),
])
def test_jm_emerging_backbone_the_backbone_title_below_shows_the_route(target: str, below: str,
                                                                      policy: str) -> None:
    """JM-EMERGING-BACKBONE «经培养合格的新锐教师可进入到各级骨干教师培养工程» (JM normalised; seed:
    经教育及格的新锐先生可进入到各级骨干先生教育工程): passed emerging teachers may enter backbone
    programmes at each level. A holder of the backbone title a level below came that way: no
    emerging record is needed again (such teachers were ineligible for backbone@county)."""
    region = teacher(stage="junior").title("T1", "backbone", below, "2024-06-01")
    verdict = judge(region, target, policy=policy)
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-EMERGING-BACKBONE").reason == (
        f"route met: holds a backbone title at {below} level (teacher track) valid on 2026-11-22")


def test_jm_emerging_backbone_without_any_route_names_all_three() -> None:
    """JM-EMERGING-BACKBONE at county: no emerging programme passed, no emerging title, no
    school backbone title -> ineligible, and the reason lists each route."""
    verdict = judge(teacher().title("T1", "backbone", "school", "2024-06-01"), "backbone@city")
    reason = result_of(verdict, "JM-EMERGING-BACKBONE").reason
    assert reason == (
        "no route met: no emerging programme at any level completed with result pass/excellent by "
        "2026-11-22; holds no emerging title at any level (teacher track) valid on 2026-11-22; "
        "holds no backbone title at county level (teacher track) valid on 2026-11-22")
    assert verdict.verdict is INELIGIBLE


# --------------------------------------------------------- JM-BACKBONE-STAGE
#
# «市级主要组织实施高中阶段学科骨干教师及部分初中学科骨干的培训,县(市、区)组织开展初中、小学和幼儿园
# 阶段骨干教师的培训工作» (JM normalised; seed: 市级首要结构践诺高中阶段学科骨干先生及部门初中学科骨干的
# 培训,县(市、区)结构展开初中、小学和小儿园阶段骨干先生的培训处事)

def backbone_candidate(target: str, stage: str | None) -> Region:
    below = {"backbone@county": "school", "backbone@city": "county"}[target]
    return (teacher(stage=stage).title("T1", "emerging", "school", "2023-06-01")
            .title("T1", "backbone", below, "2024-06-01"))


@pytest.mark.parametrize(("target", "stage", "mainly"), [
    ("backbone@county", "junior", True),
    ("backbone@county", "primary", True),
    ("backbone@county", "kindergarten", True),
    ("backbone@county", "senior", False),
    ("backbone@county", "vocational", False),
    ("backbone@county", "special", False),
    ("backbone@city", "senior", True),
    ("backbone@city", "junior", True),
    ("backbone@city", "primary", False),
    ("backbone@city", "kindergarten", False),
    ("backbone@city", "vocational", False),
    ("backbone@city", "special", False),
])
def test_jm_backbone_stage_divides_the_work_and_bars_no_one(target: str, stage: str,
                                                           mainly: bool) -> None:
    """JM-BACKBONE-STAGE «市级主要组织实施高中阶段学科骨干教师及部分初中学科骨干的培训,县(市、区)组织
    开展初中、小学和幼儿园阶段骨干教师的培训工作» (JM normalised; seed: 市级首要结构践诺…): 主要/首要
    "mainly" divides the work between the levels; it excludes no one, and vocational and
    special-education teachers are not named at all. Every stage is eligible; the check is advice
    saying which level's programme mainly serves the teacher (they were ineligible before)."""
    verdict = judge(backbone_candidate(target, stage), target)
    assert verdict.verdict is ELIGIBLE
    assert verdict.failed_rules == ()
    check = result_of(verdict, "JM-BACKBONE-STAGE")
    assert (check.effect, check.passed) == ("advice", mainly)
    level = target.split("@")[1]
    assert check.reason.startswith(f"teaches {stage}; the {level} programme mainly covers ")
    assert check.reason.endswith("" if mainly else ": advice, bars no one")
    assert [c.rule for c in verdict.flags] == ([] if mainly else ["JM-BACKBONE-STAGE"])


def test_jm_backbone_stage_reason_names_covered_stages() -> None:
    verdict = judge(backbone_candidate("backbone@county", "senior"), "backbone@county")
    assert result_of(verdict, "JM-BACKBONE-STAGE").reason == (
        "teaches senior; the county programme mainly covers junior/primary/kindergarten: "
        "advice, bars no one")


def test_jm_backbone_stage_unknown_stage_is_not_a_review() -> None:
    """JM-BACKBONE-STAGE is advice: a missing stage leaves the verdict as the gates decide it."""
    verdict = judge(backbone_candidate("backbone@city", None), "backbone@city")
    assert verdict.verdict is ELIGIBLE
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ())
    check = result_of(verdict, "JM-BACKBONE-STAGE")
    assert check.unknown
    assert check.reason == "unknown: no teaching stage on record (programme mainly covers senior/junior)"


# -------------------------------------------------------- JM-BACKBONE-FAMOUS

@pytest.mark.parametrize(("level", "track", "ok"), [
    ("school", "teacher", True),
    ("county", "teacher", True),
    ("city", "teacher", True),
    ("province", "teacher", True),
    ("county", "head_teacher", True),   # a backbone head-teacher is a backbone teacher
    ("county", "principal", False),     # the principal ladder is another ladder
])
def test_jm_backbone_famous_a_backbone_title_at_any_level(level: str, track: str, ok: bool) -> None:
    """JM-BACKBONE-FAMOUS «在优秀的骨干教师中遴选教学业绩优异的教师和教育成果突出的班主任» (JM normalised;
    seed: 正在卓绝的骨干先生中选取教学功绩优异的先生和教授收获优越的班主任): "from excellent backbone
    teachers". The sentence sets no level on the backbone teacher, so a school-level backbone
    title serves famous@county as well as a county one."""
    region = excellent_teacher().title("T1", "backbone", level, "2023-06-01", track=track)
    verdict = judge(region, "famous@county")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("JM-BACKBONE-FAMOUS",))
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").passed
    if not ok:
        assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").reason == (
            "holds no backbone/famous title at any level (teacher/head_teacher track) "
            "valid on 2026-11-22")


def test_jm_backbone_famous_county_famous_with_county_backbone_is_eligible_for_famous_city() -> None:
    """JM-BACKBONE-FAMOUS «在优秀的骨干教师中遴选» sets no level; the level chain for famous@city
    is JM-FAMOUS-CITY «原则上市级培养对象须取得县级教学名师或名班主任称号» (JM normalised; seed:
    准绳上市级教育对象须取得县级教学名师或名班主任荣幸). A county-famous teacher holding county
    backbone meets both: eligible (it was ineligible when backbone had to be city-level)."""
    region = excellent_teacher().title("T1", "backbone", "county", "2023-06-01").title(
        "T1", "famous", "county", "2024-06-01")
    verdict = judge(region, "famous@city")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").passed
    assert result_of(verdict, "JM-FAMOUS-CITY").passed


def test_jm_backbone_famous_a_famous_title_shows_backbone_standing() -> None:
    """JM-BACKBONE-FAMOUS: famous teachers are chosen «在优秀的骨干教师中», so a county famous
    title whose backbone title has lapsed still shows the backbone standing for famous@city."""
    region = (excellent_teacher().title("T1", "backbone", "county", "2018-06-01", until="2023-06-01")
              .title("T1", "famous", "county", "2022-06-01"))
    verdict = judge(region, "famous@city")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title")
    assert [e.detail for e in check.evidence] == ["famous@county awarded by 新会区 (C1-K1)"]


# --------------------------------------- JM-BACKBONE-FAMOUS: excellent (优秀) backbone

def famous_county(*reviews: tuple[int, str, str]) -> Region:
    """A famous@county candidate with the county backbone title and the given reviews."""
    region = teacher().title("T1", "backbone", "county", "2023-06-01")
    for year, kind, result in reviews:
        region.review("T1", year, kind, result)
    return region


@pytest.mark.parametrize(("year", "ok"), [
    (2022, False),   # before the last three complete years
    (2023, True),    # as of 2026-11-22 the years are 2023-2025
    (2024, True),
    (2025, True),
    (2026, False),   # the as-of year is not complete yet
    (2027, False),
])
def test_jm_backbone_famous_excellent_review_in_the_last_three_complete_years(year: int,
                                                                               ok: bool) -> None:
    """JM-BACKBONE-FAMOUS: an excellent annual review in one of the three complete calendar
    years before the as-of year."""
    verdict = judge(famous_county((year, "annual", "excellent")), "famous@county")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("JM-BACKBONE-FAMOUS",))
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").passed
    check = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review")
    assert check.passed is ok and check.hard and not check.unknown
    assert check.reason == (f"{1 if ok else 0} annual review(s) graded excellent or better "
                            "(needs 1 graded excellent or better in 2023-2025)")


def test_jm_backbone_famous_window_moves_with_the_as_of_year() -> None:
    """An excellent 2023 review counts as of 2026-11-22 (2023-2025) but not on 2027-01-01."""
    region = famous_county((2023, "annual", "excellent")).hours("T1", "2026-06-30", 100)
    assert judge(region, "famous@county", as_of=dt.date(2026, 12, 31)).verdict is ELIGIBLE
    verdict = judge(region, "famous@county", as_of=dt.date(2027, 1, 1))
    assert verdict.failed_rules == ("JM-BACKBONE-FAMOUS",)
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").reason.endswith(
        "(needs 1 graded excellent or better in 2024-2026)")


@pytest.mark.parametrize(("kind", "result"), [
    ("annual", "qualified"),     # below excellent
    ("annual", "basic"),
    ("annual", "unqualified"),
    ("ethics", "pass"),          # ethics reviews are not annual reviews
    ("ethics", "excellent"),
])
def test_jm_backbone_famous_only_an_excellent_annual_review_counts(kind: str, result: str) -> None:
    verdict = judge(famous_county((2024, kind, result), (2025, kind, result)), "famous@county")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-BACKBONE-FAMOUS",)
    assert not result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").passed


def test_jm_backbone_famous_evidence_lists_the_annual_reviews_of_the_window() -> None:
    region = famous_county((2022, "annual", "excellent"), (2024, "annual", "qualified"),
                           (2025, "annual", "excellent"), (2025, "ethics", "pass"),
                           (2026, "annual", "excellent"))
    verdict = judge(region, "famous@county")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review")
    assert [e.detail for e in check.evidence] == ["annual 2024: qualified", "annual 2025: excellent"]
    assert check.note is not None and "excellent" in check.note


def test_jm_backbone_famous_without_reviews_file_needs_review() -> None:
    """No reviews file in the bundle: whether the teacher was graded excellent is unknown."""
    no_reviews = without("reviews")
    verdict = judge(famous_county(), "famous@county", present=no_reviews)
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("JM-BACKBONE-FAMOUS",)
    check = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review")
    assert check.unknown and not check.passed
    assert check.reason == ("unknown: the bundle has no reviews file "
                            "(needs 1 graded excellent or better in 2023-2025)")


def test_jm_backbone_famous_empty_reviews_file_is_a_known_failure() -> None:
    verdict = judge(famous_county(), "famous@county", present=("reviews",))
    assert verdict.verdict is INELIGIBLE
    assert not result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").unknown


def test_jm_backbone_famous_title_and_review_are_both_required_at_city() -> None:
    """famous@city: the city backbone title AND an excellent review (and JM-FAMOUS-CITY)."""
    region = (teacher().title("T1", "backbone", "city", "2023-06-01")
              .title("T1", "famous", "county", "2024-06-01"))
    verdict = judge(region, "famous@city")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-BACKBONE-FAMOUS",)
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").passed
    region.review("T1", 2023, "annual", "excellent")
    assert judge(region, "famous@city").verdict is ELIGIBLE


@pytest.mark.parametrize("policy", ["jiangmen", "reference"])
def test_jm_backbone_famous_review_check_on_every_famous_target(policy: str) -> None:
    """Both jiangmen and reference ask every famous target for an excellent review (the
    tracks without a JM-BACKBONE-FAMOUS title check, e.g. principals, excepted)."""
    loaded = load_policy(policy)
    famous = [t for t in loaded.covers() if t.tier.value == "famous" and t.track.value != "principal"]
    assert famous
    for target in famous:
        checks = [c for c in loaded.checks_for(target) or [] if c.rule == "JM-BACKBONE-FAMOUS"]
        assert [c.kind for c in checks] == ["holds_title", "annual_review"], target
        review = checks[1]
        assert (review.min_grade, review.years, review.times, review.hard) == (  # type: ignore[union-attr]
            "excellent", 3, 1, True), target


# ------------------------------------------------------------ JM-FAMOUS-CITY

@pytest.mark.parametrize("track", ["teacher", "head_teacher"])
def test_jm_famous_city_county_famous_title_of_either_track_counts(track: str) -> None:
    """JM-FAMOUS-CITY «原则上市级培养对象须取得县级教学名师或名班主任称号» (JM normalised; seed:
    准绳上市级教育对象须取得县级教学名师或名班主任荣幸): a county famous teacher OR famous head-teacher
    title qualifies."""
    region = (excellent_teacher().title("T1", "backbone", "city", "2023-06-01")
              .title("T1", "famous", "county", "2024-06-01", track=track))
    verdict = judge(region, "famous@city")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-FAMOUS-CITY").reason == (
        "holds a famous title from the teacher's own county (teacher/head_teacher track) valid on "
        "2026-11-22")


def test_jm_famous_city_the_county_title_is_the_teacher_s_own_county_s() -> None:
    """JM-FAMOUS-CITY is JM's level chain for famous@city: a county famous title from another
    county is not the candidate's own county's -> review, naming the awarding county."""
    region = (excellent_teacher().title("T1", "backbone", "county", "2023-06-01")
              .title("T1", "famous", "county", "2024-06-01", org=OTHER_COUNTY))
    verdict = judge(region, "famous@city")
    assert (verdict.verdict, verdict.failed_rules) == (REVIEW, ("JM-FAMOUS-CITY",))
    assert "famous@county was awarded by 台山市 (C1-K2), not by 新会区 (C1-K1)" in \
        result_of(verdict, "JM-FAMOUS-CITY").reason


def test_jm_famous_city_without_county_famous_title_needs_review() -> None:
    """JM-FAMOUS-CITY is 原则上: missing it alone -> review."""
    region = excellent_teacher().title("T1", "backbone", "city", "2023-06-01")
    verdict = judge(region, "famous@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-FAMOUS-CITY",)
    check = result_of(verdict, "JM-FAMOUS-CITY")
    assert not check.hard
    assert check.reason == ("holds no famous title from the teacher's own county "
                            "(teacher/head_teacher track) valid on 2026-11-22")


def test_jm_famous_city_principal_track_title_does_not_count() -> None:
    region = (excellent_teacher().title("T1", "backbone", "city", "2023-06-01")
              .title("T1", "famous", "county", "2024-06-01", track="principal"))
    assert judge(region, "famous@city").failed_rules == ("JM-FAMOUS-CITY",)


def test_jm_famous_city_head_teacher_target_in_reference_policy() -> None:
    """JM-FAMOUS-CITY on the famous head-teacher track (reference policy)."""
    backbone = excellent_teacher().title("T1", "backbone", "city", "2023-06-01")
    region = backbone.title("T1", "famous", "county", "2024-06-01", track="head_teacher")
    verdict = judge(region, "famous@city", policy="reference", track="head_teacher")
    assert verdict.verdict is ELIGIBLE
    assert judge(excellent_teacher().title("T1", "backbone", "city", "2023-06-01"), "famous@city",
                 policy="reference", track="head_teacher").failed_rules == ("JM-FAMOUS-CITY",)


# --------------------------------------------------------------- JM-EDUCATOR

@pytest.mark.parametrize(("target", "level", "track", "ok"), [
    ("educator@city", "city", "teacher", True),
    ("educator@city", "province", "head_teacher", True),
    ("educator@city", "city", "head_teacher", True),
    ("educator@city", "county", "teacher", False),
    ("educator@city", "city", "principal", False),
    ("educator@province", "city", "teacher", True),   # from city-level famous teachers too
    ("educator@province", "county", "head_teacher", False),
])
def test_jm_educator_comes_from_city_or_province_famous(target: str, level: str, track: str,
                                                        ok: bool) -> None:
    """JM-EDUCATOR: educator-type candidates are province- or city-level famous teachers."""
    region = teacher().title("T1", "famous", level, "2023-06-01", track=track)
    verdict = judge(region, target)
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    if not ok:
        assert verdict.failed_rules == ("JM-EDUCATOR",)
        assert result_of(verdict, "JM-EDUCATOR").reason == (
            "holds no famous title at city level or higher (teacher/head_teacher track) "
            "valid on 2026-11-22")


# ------------------------------------------------------------------ JM-HOURS

def hours_candidate(entry: str = "2020-09-01") -> Region:
    """A backbone@school candidate (emerging title) with no training yet."""
    return Region().teacher("T1", entry=entry).title("T1", "emerging", "school", "2023-06-01")


@pytest.mark.parametrize(("hours", "expected"), [(89, INELIGIBLE), (90, ELIGIBLE), (150, ELIGIBLE)])
def test_jm_hours_threshold_90(hours: float, expected: VerdictKind) -> None:
    """JM-HOURS: >= 90 h in the last complete calendar year."""
    verdict = judge(hours_candidate().hours("T1", "2025-05-10", hours), "backbone@school")
    assert verdict.verdict is expected
    reason = result_of(verdict, "JM-HOURS").reason
    assert "needs >= 90 h in 2025" in reason
    assert reason.startswith(f"{hours} h in 2025")


def test_jm_hours_records_in_the_year_are_summed() -> None:
    region = (hours_candidate().hours("T1", "2025-01-01", 50, "school_based")
              .hours("T1", "2025-12-31", 40, "online"))
    assert judge(region, "backbone@school").verdict is ELIGIBLE


def test_jm_hours_other_years_do_not_count() -> None:
    """JM-HOURS: hours in the as-of year (2026) or earlier years do not make up 2025."""
    region = (hours_candidate().hours("T1", "2024-12-31", 200)
              .hours("T1", "2026-01-01", 200).hours("T1", "2025-06-01", 10))
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is INELIGIBLE
    assert result_of(verdict, "JM-HOURS").reason == "10 h in 2025, needs >= 90 h in 2025"


def test_jm_hours_not_due_for_teacher_who_entered_mid_year() -> None:
    """JM-HOURS: 2025 is not due for a teacher who entered on 2025-03-01."""
    verdict = judge(hours_candidate(entry="2025-03-01"), "backbone@school")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "JM-HOURS")
    assert check.passed and not check.unknown
    assert "not due" in check.reason and "needs >= 90 h in 2025" in check.reason


@pytest.mark.parametrize("entry", ["2024-09-01", "2025-01-01"])
def test_jm_hours_due_for_teacher_in_post_all_year(entry: str) -> None:
    """JM-HOURS: in post from 1 January (or before) -> the year is due."""
    verdict = judge(hours_candidate(entry=entry), "backbone@school")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-HOURS",)
    assert result_of(verdict, "JM-HOURS").reason == "0 h in 2025, needs >= 90 h in 2025"


def test_jm_hours_probation_hours_count_wz_new_is_wenzhou_s_rule() -> None:
    """JM-HOURS «确保每位教师每年接受培训累计不少于90学时» (JM normalised; seed: 确保每位先生每年采纳
    培训累计不少于90学时) counts every hour of training. Leaving out probation hours is WZ-NEW,
    Wenzhou's rule «新任教师在试用期内接受规定培训的时数,不列入教师周期内专业发展培训学时数»: the
    jiangmen policy does not apply it (it did)."""
    region = (hours_candidate().hours("T1", "2025-04-01", 60, probation=True)
              .hours("T1", "2025-05-01", 30))
    verdict = judge(region, "backbone@school")
    assert verdict.verdict is ELIGIBLE
    check = result_of(verdict, "JM-HOURS")
    assert check.reason == "90 h in 2025, needs >= 90 h in 2025"
    assert [e.detail for e in check.evidence] == ["60 h professional probation", "30 h professional"]


@pytest.mark.parametrize("policy", ["jiangmen", "reference"])
def test_jm_hours_no_policy_but_wenzhou_leaves_out_probation_hours(policy: str) -> None:
    """WZ-NEW is applied by the wenzhou policy alone: every hours check elsewhere counts
    probation hours."""
    loaded = load_policy(policy)
    for target in loaded.covers():
        for check in loaded.checks_for(target) or []:
            assert getattr(check, "include_probation", True), (policy, target, check.rule)


def test_jm_hours_applies_to_every_jiangmen_target() -> None:
    """JM-HOURS is on every target of the jiangmen policy; researchers' 90 h a year is
    JM-RESEARCHER-LADDER's own sentence (每位教研员每年接受培训累计不少于90学时)."""
    policy = load_policy("jiangmen")
    for target in policy.covers():
        rules = [c.rule for c in policy.checks_for(target) or [] if c.kind == "annual_hours"]
        expected = "JM-RESEARCHER-LADDER" if target.track.value == "researcher" else "JM-HOURS"
        assert rules == [expected], target


def test_jm_hours_without_entry_date_reason_reports_the_hours() -> None:
    """JM-HOURS: no entry date but 100 h in 2025 -> passes, and the reason says so."""
    region = (Region().teacher("T1", entry="").title("T1", "emerging", "school", "2023-06-01")
              .hours("T1", "2025-05-01", 100))
    check = result_of(judge(region, "backbone@school"), "JM-HOURS")
    assert check.passed
    assert "not in post" not in check.reason
    assert "100 h in 2025" in check.reason


# --------------------------------------------------- JM-PRINCIPAL-LADDER
#
# «市、县两级组织开展后备干部、新任校长任职资格培训、骨干校长培训、名校长培养、教育家型校长培养五阶段分层培训
# ……培养过程中表现优秀的人员可推荐进入名校长培养工程» (JM normalised; seed: 市、县两级结构展开后备干部、
# 新任校长任职资历培训、骨干校长培训、名校长教育、教授家型校长教育五阶段分层培训……教育进程中体现卓绝的职员可
# 推选进入名校长教育工程)

def head(roles: str | None = "principal") -> Region:
    return Region().teacher("T1", entry="2005-09-01", roles=roles).yearly_hours("T1", range(2019, 2026))


@pytest.mark.parametrize(("roles", "title", "ok"), [
    ("principal", None, True),                 # a principal in post
    (None, "new", True),                       # holds the new-principal qualification (持证上岗)
    ("subject_leader", None, False),           # not a principal
])
def test_jm_principal_ladder_backbone_principals_come_from_principals(
        roles: str | None, title: str | None, ok: bool) -> None:
    """JM-PRINCIPAL-LADDER «选取一批优秀中青年校长» (backbone principals; seed: 选取一批卓绝中青年校长):
    backbone principals are chosen from principals, in post or holding the qualification."""
    region = head(roles)
    if title:
        region.title("T1", title, "county", "2020-06-01", track="principal")
    for level in ("county", "city"):
        verdict = judge(region, f"backbone@{level}", track="principal")
        assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
        assert verdict.failed_rules == (() if ok else ("JM-PRINCIPAL-LADDER",))


@pytest.mark.parametrize(("target", "held", "ok"), [
    ("famous@county", ("backbone", "county"), True),
    ("famous@city", ("backbone", "county"), True),    # any level: the sentence names none
    ("famous@county", None, False),
    ("educator@city", ("famous", "county"), True),
    ("educator@province", ("famous", "city"), True),
    ("educator@city", ("backbone", "city"), False),
])
def test_jm_principal_ladder_each_step_draws_on_the_one_below(
        target: str, held: tuple[str, str] | None, ok: bool) -> None:
    """JM-PRINCIPAL-LADDER: famous principals from backbone principals (选取一批富有潜力的骨干校长),
    educator-type principals from the excellent famous principals (名校长……表现优秀的人员可推荐进入教育家型
    校长培养工程)."""
    region = head()
    if held:
        region.title("T1", *held, "2021-06-01", track="principal")
    verdict = judge(region, target, track="principal")
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    assert verdict.failed_rules == (() if ok else ("JM-PRINCIPAL-LADDER",))


def test_jm_principal_ladder_a_teacher_track_title_is_not_a_principal_title() -> None:
    region = head().title("T1", "backbone", "city", "2021-06-01")
    assert judge(region, "famous@county", track="principal").failed_rules == ("JM-PRINCIPAL-LADDER",)


# ------------------------------------------------- JM-RESEARCHER-LADDER
#
# «开展新任专(兼)职教研员、骨干教研员两项分级培训……每位教研员每年接受培训累计不少于90学时» (JM normalised;
# seed: 展开新任专(兼)职教研员、骨干教研员两项分级培训……每位教研员每年采纳培训累计不少于90学时)

@pytest.mark.parametrize(("roles", "title", "hours", "expected"), [
    ("researcher", None, 90, ELIGIBLE),
    (None, "new", 90, ELIGIBLE),               # holds the new-researcher title
    ("researcher", None, 89, INELIGIBLE),      # under 90 h a year
    ("principal", None, 90, INELIGIBLE),       # not a researcher
])
def test_jm_researcher_ladder_backbone_researchers(roles: str | None, title: str | None, hours: float,
                                                   expected: VerdictKind) -> None:
    """JM-RESEARCHER-LADDER: new researchers go on to backbone researchers, each taking at least
    90 hours a year."""
    region = Region().teacher("T1", entry="2010-09-01", roles=roles).hours("T1", "2025-05-01", hours)
    if title:
        region.title("T1", title, "county", "2020-06-01", track="researcher")
    verdict = judge(region, "backbone@county", track="researcher")
    assert verdict.verdict is expected
    assert set(verdict.failed_rules) <= {"JM-RESEARCHER-LADDER"}
