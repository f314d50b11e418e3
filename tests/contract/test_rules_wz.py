"""WZ rules (Wenzhou training hours) on the wenzhou policy.

WZ-CYCLE (360 h per rolling five-year cycle, 120 school-based, one centralized
programme of >= 90 h, pro rata for part cycles, probation excluded per WZ-NEW),
WZ-YEAR (48 h a year, normally: soft) and WZ-BACKBONE (an obligation of city and county
backbone teachers: 15 days at 8 h a day, WZ-DAY). As of
2026-11-22 the cycle runs from 2021-11-23 to 2026-11-22 inclusive: 1826 days
(5 x 365 + 29 February 2024). With probation hours excluded (WZ-NEW), the pro-rata
share is owed from one year (365 days) after entry, not from entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.engine import VERDICTS, sweep
from talentgraph.eligibility.obligations import duties
from talentgraph.errors import PolicyError
from talentgraph.policy.load import load_policy, parse_policy
from talentgraph.policy.schema import Policy
from tests.factories import AS_OF, Region
from tests.judging import (
    ELIGIBLE,
    INELIGIBLE,
    REVIEW,
    duty_of,
    region_facts,
    result_of,
    verdict_for,
    without,
)

PROGRAMME = "温州市骨干教师集中培训"


def judge(region: Region, target: str = "emerging@school", teacher: str = "T1", *,
          policy: str | Policy = "wenzhou", **options: Any) -> Verdict:
    return verdict_for(region, target, teacher, policy=policy, **options)


def cycle(*, entry: str = "2015-09-01", school_based: float = 30, professional: float = 150,
          centralized: tuple[tuple[str | None, float], ...] = ((PROGRAMME, 90),)) -> Region:
    """T1 in post for the whole cycle: 4 x school-based, the centralized records, and
    ``professional`` hours in 2025. The defaults total exactly 360 h (120 school-based)."""
    region = Region().teacher("T1", entry=entry)
    for year in (2022, 2023, 2024, 2025):
        region.hours("T1", f"{year}-03-15", school_based, "school_based")
    for i, (name, hours) in enumerate(centralized):
        region.hours("T1", f"2023-07-{10 + i:02d}", hours, "centralized", programme=name)
    return region.hours("T1", "2025-06-30", professional)


# ------------------------------------------------------------------ WZ-CYCLE

def test_wz_cycle_exactly_360_120_and_90_is_eligible() -> None:
    verdict = judge(cycle())
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "WZ-CYCLE").reason == (
        "360 h in the 5-year cycle to 2026-11-22, needs 360 h; school-based 120 h "
        "(needs 120 h); largest centralized programme 90 h (needs 90 h)")


def test_wz_cycle_359_hours_is_ineligible() -> None:
    verdict = judge(cycle(professional=149))
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("WZ-CYCLE",)
    assert result_of(verdict, "WZ-CYCLE").reason.startswith(
        "359 h in the 5-year cycle to 2026-11-22, needs 360 h;")


def test_wz_cycle_school_based_120_required() -> None:
    """WZ-CYCLE: within the 360 h, at least 120 school-based 校本."""
    verdict = judge(cycle(school_based=29.75, professional=151))
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("WZ-CYCLE",)
    assert "school-based 119 h (needs 120 h)" in result_of(verdict, "WZ-CYCLE").reason


@pytest.mark.parametrize(("centralized", "ok"), [
    (((PROGRAMME, 45), (PROGRAMME, 45)), True),              # one programme over two records
    (((PROGRAMME, 60), (PROGRAMME, 20), (PROGRAMME, 10)), True),
    (((PROGRAMME, 45), ("另一个培训项目", 45)), False),        # two programmes of 45 h
    (((None, 45), (None, 45)), False),                       # unnamed records stand alone
    (((PROGRAMME, 89), (None, 1)), False),
])
def test_wz_cycle_single_centralized_programme_summed_by_name(
        centralized: tuple[tuple[str | None, float], ...], ok: bool) -> None:
    """WZ-CYCLE: one single centralized programme of >= 90 h, summed over its records."""
    verdict = judge(cycle(centralized=centralized))
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    reason = result_of(verdict, "WZ-CYCLE").reason
    largest = max(sum(h for n, h in centralized if n == name) if name else h
                  for name, h in centralized)
    assert f"largest centralized programme {largest:g} h (needs 90 h)" in reason


def test_wz_cycle_same_programme_in_one_year_is_summed_across_dates() -> None:
    """One programme, one calendar year, records months apart: summed to 90 h."""
    region = (cycle(centralized=()).hours("T1", "2023-03-01", 45, "centralized", programme=PROGRAMME)
              .hours("T1", "2023-11-30", 45, "centralized", programme=PROGRAMME))
    verdict = judge(region)
    assert verdict.verdict is ELIGIBLE
    assert "largest centralized programme 90 h (needs 90 h)" in result_of(verdict, "WZ-CYCLE").reason


def test_wz_cycle_same_programme_name_in_two_years_is_two_programmes() -> None:
    """WZ-CYCLE: the single centralized programme is a (name, calendar year): the same name
    in 2022 and 2023 is two programmes of 45 h, not one of 90 h."""
    region = (cycle(centralized=()).hours("T1", "2022-07-10", 45, "centralized", programme=PROGRAMME)
              .hours("T1", "2023-07-10", 45, "centralized", programme=PROGRAMME))
    verdict = judge(region)
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("WZ-CYCLE",)
    reason = result_of(verdict, "WZ-CYCLE").reason
    assert reason.startswith("360 h in the 5-year cycle")
    assert "largest centralized programme 45 h (needs 90 h)" in reason


def test_wz_cycle_non_centralized_programme_does_not_make_the_single() -> None:
    region = cycle(centralized=((PROGRAMME, 60),)).hours(
        "T1", "2024-08-01", 30, "online", programme=PROGRAMME)
    verdict = judge(region)
    assert verdict.verdict is INELIGIBLE
    assert "largest centralized programme 60 h" in result_of(verdict, "WZ-CYCLE").reason


def test_wz_cycle_probation_hours_excluded() -> None:
    """WZ-NEW: probation hours do not count toward the five-year cycle."""
    region = cycle(professional=50).hours("T1", "2022-05-01", 100, probation=True)
    verdict = judge(region)
    assert verdict.verdict is INELIGIBLE
    assert result_of(verdict, "WZ-CYCLE").reason.startswith("260 h in the 5-year cycle")


def test_wz_cycle_probation_centralized_programme_is_not_the_single() -> None:
    region = cycle(centralized=()).hours(
        "T1", "2022-05-01", 90, "centralized", programme=PROGRAMME, probation=True)
    verdict = judge(region.hours("T1", "2024-05-01", 90))
    assert verdict.verdict is INELIGIBLE
    assert "largest centralized programme 0 h" in result_of(verdict, "WZ-CYCLE").reason


@pytest.mark.parametrize(("day", "ok"), [("2021-11-23", True), ("2021-11-22", False),
                                         ("2026-11-22", True), ("2026-11-23", False)])
def test_wz_cycle_rolling_window_edges(day: str, ok: bool) -> None:
    """WZ-CYCLE: the cycle is the five years ending on the as-of date."""
    region = cycle(professional=140).hours("T1", day, 10)
    verdict = judge(region)
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)


@pytest.mark.parametrize(("total", "ok"), [(73, True), (72, False)])
def test_wz_cycle_pro_rata_for_part_cycle(total: float, ok: bool) -> None:
    """WZ-CYCLE pro rata, probation excluded (WZ-NEW): entered 2024-11-22, so hours are owed
    from 2025-11-22 (entry + 365 days) to 2026-11-22: 366 of the cycle's 1826 days.
    Owed: 360 x 366/1826 = 72.16 h (shown 72.2; 72 h fails, 73 h passes), school-based
    120 x 366/1826 = 24.05 h (shown 24.1), and no single centralized programme (full
    cycles only)."""
    region = (Region().teacher("T1", entry="2024-11-22")
              .hours("T1", "2025-03-01", 50, "school_based")
              .hours("T1", "2025-09-01", total - 50))
    verdict = judge(region)
    assert verdict.verdict is (ELIGIBLE if ok else INELIGIBLE)
    reason = result_of(verdict, "WZ-CYCLE").reason
    assert "needs 72.2 h (pro rata: hours owed for 20% of the cycle)" in reason
    assert "school-based 50 h (needs 24.1 h)" in reason
    assert "largest centralized" not in reason


@pytest.mark.parametrize(("school_based", "ok"), [(24, False), (25, True)])
def test_wz_cycle_pro_rata_school_based_share(school_based: float, ok: bool) -> None:
    """School-based share owed: 120 x 366/1826 = 24.05 h, so 24 h fails and 25 h passes
    (the total, school_based + 150 h, is well above 72.16 h)."""
    region = (Region().teacher("T1", entry="2024-11-22")
              .hours("T1", "2025-03-01", school_based, "school_based")
              .hours("T1", "2025-09-01", 150))
    verdict = judge(region)
    assert verdict.failed_rules == (() if ok else ("WZ-CYCLE",))
    assert f"school-based {school_based} h (needs 24.1 h)" in result_of(verdict, "WZ-CYCLE").reason


def test_wz_cycle_probation_year_owes_nothing() -> None:
    """Entered 2026-01-10, under a year before the as-of date: the share owed starts on
    2027-01-10, after the cycle, so 0 h are owed (and WZ-YEAR's 2025 was not due)."""
    verdict = judge(Region().teacher("T1", entry="2026-01-10"))
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "WZ-CYCLE").reason == (
        "0 h in the 5-year cycle to 2026-11-22, needs 0 h (pro rata: hours owed for 0% of the cycle); "
        "school-based 0 h (needs 0 h)")


@pytest.mark.parametrize(("entry", "full"), [
    ("2020-11-23", True),    # owes from 2021-11-23 (entry + 365 days), the cycle's first day
    ("2020-11-24", False),   # owes from 2021-11-24: 1825 of 1826 days, pro rata
])
def test_wz_cycle_full_cycle_starts_a_year_after_entry(entry: str, full: bool) -> None:
    """Only a full owed cycle needs the single centralized programme of 90 h."""
    verdict = judge(cycle(entry=entry, centralized=((PROGRAMME, 60),), professional=180))
    assert verdict.verdict is (INELIGIBLE if full else ELIGIBLE)
    reason = result_of(verdict, "WZ-CYCLE").reason
    assert ("largest centralized programme 60 h (needs 90 h)" in reason) is full
    if not full:
        # 360 x 1825/1826 = 359.8 h; 120 x 1825/1826 = 119.9 h
        assert "needs 359.8 h (pro rata: hours owed for 100% of the cycle)" in reason
        assert "school-based 120 h (needs 119.9 h)" in reason


CYCLE_POLICY = """
name = "cycle"
title = "Cycle"
[[target]]
tier = "emerging"
levels = ["school"]
  [[target.check]]
  rule = "WZ-CYCLE"
  kind = "cycle_hours"
  window = {window}
  years = 5
  min_total = 360
  min_school_based = 120
  min_single_centralized = 90
  include_probation = {include}
"""


def cycle_policy(include: str = "false", window: str = '"rolling"') -> object:
    return parse_policy(CYCLE_POLICY.format(include=include, window=window))


@pytest.mark.parametrize(("include", "owed"), [
    ("true", "144.1"),   # owed from entry: 360 x 731/1826 = 144.12 h
    ("false", "72.2"),   # owed from entry + 365 days: 360 x 366/1826 = 72.16 h
])
def test_wz_cycle_share_starts_at_entry_when_probation_hours_count(include: str,
                                                                  owed: str) -> None:
    """The year's offset follows WZ-NEW: a policy that counts probation hours owes pro
    rata from entry (2024-11-22: 731 of 1826 days)."""
    region = (Region().teacher("T1", entry="2024-11-22")
              .hours("T1", "2025-03-01", 50, "school_based").hours("T1", "2025-09-01", 50))
    verdict = judge(region, policy=cycle_policy(include))  # type: ignore[arg-type]
    assert verdict.verdict is (INELIGIBLE if include == "true" else ELIGIBLE)
    assert f"needs {owed} h (pro rata" in result_of(verdict, "WZ-CYCLE").reason


def test_wz_cycle_fixed_the_wenzhou_policy_says_its_cycle_is_rolling() -> None:
    """WZ-CYCLE-FIXED «"十二五"期间……每位教师五年一周期内完成360学时专业发展培训»: the cycle was the fixed
    period 2011-2015; a policy may choose a fixed or a rolling cycle and must say which. Wenzhou
    says rolling on every cycle check (a cycle check without window is refused)."""
    policy = load_policy("wenzhou")
    windows = {c.window for t in policy.covers() for c in policy.checks_for(t) or []  # type: ignore[union-attr]
               if c.kind == "cycle_hours"}
    assert windows == {"rolling"}
    with pytest.raises(PolicyError, match=r"target\[0\]\.check\[0\]\.window: Field required"):
        parse_policy(CYCLE_POLICY.format(include="false", window='"rolling"').replace(
            '  window = "rolling"\n', ""))


@pytest.mark.parametrize(("hours", "ok"), [(71, False), (72, True)])
def test_wz_cycle_fixed_cycles_judge_the_part_run_so_far(hours: float, ok: bool) -> None:
    """WZ-CYCLE-FIXED with window = "fixed", first_year = 2011: cycles 2011-2015, ..., 2026-2030.
    On 2026-12-31 one year of the 2026-2030 cycle has run: 365/1826 of 360 h = 72.0 h owed, and
    hours from before 2026 belong to the last cycle, not this one."""
    fixed = CYCLE_POLICY.format(include="false", window='"fixed"\n  first_year = 2011')
    region = (Region().teacher("T1", entry="2010-09-01").hours("T1", "2025-06-30", 300)
              .hours("T1", "2026-03-01", 30, "school_based").hours("T1", "2026-06-01", hours - 30))
    verdict = judge(region, policy=parse_policy(fixed), as_of=dt.date(2026, 12, 31))
    check = result_of(verdict, "WZ-CYCLE")
    assert check.passed is ok
    assert check.reason.startswith(f"{hours:g} h in the 2026-2030 cycle, to 2026-12-31, needs 72 h")


@pytest.mark.parametrize(("include", "hours", "ok", "owed"), [
    ("true", 36, False, "36.3"),   # owed from entry 2026-07-01: 360 x 184/1826 = 36.27 h
    ("true", 37, True, "36.3"),
    ("false", 0, True, "0"),       # WZ-NEW: owed from 2027-07-01, after the date: nothing yet
])
def test_wz_cycle_fixed_a_teacher_entering_mid_cycle_owes_the_part_since_entry(include: str, hours: float,
                                                                              ok: bool, owed: str) -> None:
    """WZ-CYCLE-FIXED and pro rata together: in the 2026-2030 cycle, judged on 2026-12-31, a
    teacher in post from 2026-07-01 owes the share of the days from entry (184 of 1826)."""
    fixed = CYCLE_POLICY.format(include=include, window='"fixed"\n  first_year = 2011')
    region = Region().teacher("T1", entry="2026-07-01")
    if hours:
        region.hours("T1", "2026-09-01", 30, "school_based").hours("T1", "2026-10-01", hours - 30)
    check = result_of(judge(region, policy=parse_policy(fixed), as_of=dt.date(2026, 12, 31)), "WZ-CYCLE")
    assert check.passed is ok
    assert f"needs {owed} h (pro rata" in check.reason


def test_wz_cycle_a_programme_across_new_year_is_two_programmes() -> None:
    """A course run 2022-12-20 to 2023-01-10, credited in two records: each calendar year's part
    is its own programme (check_hours._largest_programme), so neither reaches 90 h."""
    region = (cycle(centralized=()).hours("T1", "2022-12-31", 60, "centralized", programme=PROGRAMME)
              .hours("T1", "2023-01-01", 30, "centralized", programme=PROGRAMME))
    reason = result_of(judge(region), "WZ-CYCLE").reason
    assert "largest centralized programme 60 h (needs 90 h)" in reason


def test_wz_cycle_without_entry_date_and_short_hours_needs_review() -> None:
    """WZ-CYCLE: without an entry date the pro-rata share is unknown -> review."""
    verdict = judge(cycle(entry="", professional=50))
    assert verdict.verdict is REVIEW
    assert (verdict.failed_rules, verdict.unknown_rules) == ((), ("WZ-CYCLE",))
    check = result_of(verdict, "WZ-CYCLE")
    assert check.unknown
    assert check.reason.startswith("unknown: 260 h in the 5-year cycle")


def test_wz_cycle_without_training_file_needs_review() -> None:
    no_training = without("training")
    verdict = judge(Region().teacher("T1", entry="2015-09-01"), present=no_training)
    assert verdict.verdict is REVIEW
    assert all(c.unknown for c in verdict.checks)
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("WZ-CYCLE", "WZ-YEAR", "WZ-YEAR")


def test_wz_cycle_evidence_lists_records_in_the_cycle() -> None:
    region = cycle().hours("T1", "2020-05-01", 40)    # before the cycle
    evidence = result_of(judge(region), "WZ-CYCLE").evidence
    assert len(evidence) == 6
    assert f"90 h centralized {PROGRAMME}" in [e.detail for e in evidence]


# ------------------------------------------------------------------- WZ-YEAR

@pytest.mark.parametrize(("hours", "ok"), [(47, False), (48, True)])
def test_wz_year_48_hours_in_the_last_year_is_soft(hours: float, ok: bool) -> None:
    """WZ-YEAR «每人每年培训时间一般不少于48学时,其中包括校本培训24学时。»: 一般 "normally", so a
    short year asks for review, not ineligible (30 h school-based here, so that part passes)."""
    region = (cycle(school_based=30, professional=0).hours("T1", "2024-06-30", 150)
              .hours("T1", "2025-06-30", hours - 30))
    verdict = judge(region)
    assert verdict.verdict is (ELIGIBLE if ok else REVIEW)
    year = result_of(verdict, "WZ-YEAR", nth=0)
    assert not year.hard
    assert f"{hours} h in 2025" in year.reason and "needs >= 48 h in 2025" in year.reason
    assert result_of(verdict, "WZ-YEAR", nth=1).passed


@pytest.mark.parametrize(("school_based", "ok"), [(23, False), (24, True)])
def test_wz_year_24_school_based_hours_in_the_last_year(school_based: float, ok: bool) -> None:
    """WZ-YEAR «……其中包括校本培训24学时»: of the 48 h a year, normally >= 24 school-based (soft)."""
    region = (cycle(school_based=30, professional=0).hours("T1", "2024-06-30", 150)
              .hours("T1", "2025-06-30", 100 - school_based))
    region.rows["training"] = [r for r in region.rows["training"]
                               if not (r["kind"] == "school_based" and r["date"].year == 2025)]
    region.hours("T1", "2025-03-15", school_based, "school_based")
    verdict = judge(region)
    school = result_of(verdict, "WZ-YEAR", nth=1)
    assert school.passed is ok and not school.hard
    assert f"{school_based} h in 2025" in school.reason and "of school_based" in school.reason
    assert ("WZ-YEAR" in verdict.failed_rules) is not ok


def test_wz_year_is_soft_on_every_wenzhou_target() -> None:
    """WZ-YEAR is 一般 "normally" wherever the wenzhou policy checks it."""
    policy = load_policy("wenzhou")
    checks = [c for t in policy.covers() for c in policy.checks_for(t) or [] if c.rule == "WZ-YEAR"]
    assert checks and not any(c.hard for c in checks)


# --------------------------------------------------------------- WZ-BACKBONE
#
# «市、县两级骨干教师集中培训不少于120学时。» A duty of those who hold the city or county
# backbone title, not a condition of becoming one: reported as an obligation.

def backbone_holder(second: float, level: str = "county") -> Region:
    """T1 holds backbone@``level``; centralized 90 h + ``second`` h in the cycle."""
    return (cycle(centralized=((PROGRAMME, 90), ("班主任专项培训", second)),
                  professional=150 - second)
            .title("T1", "backbone", level, "2022-06-01"))


@pytest.mark.parametrize(("second", "met"), [(30, True), (29, False)])
def test_wz_backbone_is_an_obligation_of_holders_15_days_is_120_hours(second: float,
                                                                       met: bool) -> None:
    """WZ-BACKBONE «市、县两级骨干教师集中培训不少于120学时»: >= 120 h centralized, written as 15 days
    at 8 h a day (WZ-DAY «每天以8学时认定培训学时»). Owed by the holder of county backbone, shown
    beside any verdict about them (here famous@county), never part of it."""
    verdict = judge(backbone_holder(second), "famous@county")
    assert "WZ-BACKBONE" not in verdict.failed_rules
    duty = duty_of(verdict, "WZ-BACKBONE")
    assert duty.passed is met and duty.effect == "obligation"
    assert duty.reason == (
        f"{90 + second:g} h centralized in the last 5 years (needs 120 h (15 days at 8 h a day))")
    assert duty.note is not None and duty.note.startswith("city and county backbone teachers")


def test_wz_backbone_is_not_a_condition_of_backbone_or_famous() -> None:
    """WZ-BACKBONE: a backbone@county candidate with only 90 h centralized is not barred (it
    was ineligible when the duty was read as an entry gate)."""
    region = backbone_holder(0.5, level="school")
    verdict = judge(region, "backbone@county")
    assert verdict.verdict is ELIGIBLE
    assert verdict.obligations == ()   # backbone@school is not named: 市、县两级
    policy = load_policy("wenzhou")
    assert not [t for t in policy.covers() for c in policy.checks_for(t) or [] if "WZ-BACKBONE" in c.cites()]


@pytest.mark.parametrize(("days", "met"), [(15, True), (14, False)])
def test_wz_backbone_training_days_of_8_hours(days: int, met: bool) -> None:
    """WZ-DAY: one-day centralized sessions credit 8 h each; 15 of them meet WZ-BACKBONE."""
    region = cycle(centralized=()).title("T1", "backbone", "city", "2022-06-01")
    for day in range(1, days + 1):
        region.hours("T1", f"2024-10-{day:02d}", 8, "centralized", programme=PROGRAMME)
    duty = duty_of(judge(region, "famous@city"), "WZ-BACKBONE")
    assert duty.passed is met
    assert duty.reason.startswith(f"{8 * days} h centralized in the last 5 years")
    assert len(duty.evidence) == days


def test_wz_backbone_centralized_before_the_five_years_does_not_count() -> None:
    region = backbone_holder(0.5).hours("T1", "2021-06-01", 40, "centralized")
    assert not duty_of(judge(region, "famous@county"), "WZ-BACKBONE").passed


def test_wz_backbone_holders_counted_in_the_pipeline() -> None:
    """The pipeline reports how many county and city backbone teachers owe WZ-BACKBONE and
    have met it."""
    region = backbone_holder(30).teacher("T2").title("T2", "backbone", "city", "2020-01-01")
    region.teacher("T3").title("T3", "backbone", "school", "2020-01-01")
    (duty,) = [d for d in duties(region_facts(region), load_policy("wenzhou"), AS_OF)
               if d.obligation.rule == "WZ-BACKBONE"]
    assert duty.counts() == {"owed": 2, "met": 1, "unknown": 0, "unmet": 1}


def test_wz_jm_level_soft_failure_needs_review() -> None:
    """JM-LEVEL (原则上) in the wenzhou policy: no backbone@school title -> review."""
    region = cycle(centralized=((PROGRAMME, 90), ("班主任专项培训", 30)), professional=120)
    verdict = judge(region, "backbone@county")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)


def test_wz_backbone_not_required_at_school_level() -> None:
    verdict = judge(cycle(), "backbone@school")
    assert verdict.verdict is ELIGIBLE
    assert "WZ-BACKBONE" not in [c.rule for c in verdict.checks]
    assert verdict.obligations == ()


def test_wz_cycle_teacher_not_yet_in_post_is_not_eligible() -> None:
    """WZ-CYCLE as of 2024-06-30 for a teacher hired on 2025-09-01."""
    region = Region().teacher("T1", entry="2025-09-01")
    as_of = dt.date(2024, 6, 30)
    facts = region_facts(region)
    found = sweep(facts, load_policy("wenzhou"), Target.parse("emerging@school"), as_of)
    assert all(VERDICTS[v] is not ELIGIBLE for v in found.verdict)


# ------------------------------------------------------------------ WZ-NEW

@pytest.mark.parametrize(("total", "practice", "met"), [(180, 60, True), (179, 60, False),
                                                       (200, 59, False)])
def test_wz_new_probation_hours_are_an_obligation_of_the_new_teacher(total: float, practice: float,
                                                                     met: bool) -> None:
    """WZ-NEW «新录用的、教龄在一年以内的新任教师,在试用期内须参加不少于180学时的培训,其中实践培训不少于
    60学时»: checked once the probation year is over, as an obligation beside any verdict."""
    region = (Region().teacher("T1", entry="2025-09-01")
              .hours("T1", "2025-12-01", practice, "practice", probation=True)
              .hours("T1", "2026-05-01", total - practice, "centralized", probation=True))
    duty = duty_of(judge(region), "WZ-NEW")
    assert duty.passed is met
    assert duty.reason == (f"{total:g} h of probation training by 2026-11-22, {practice:g} h of practice "
                           "(needs 180 h, 60 h of practice)")


# ------------------------------------------------ WZ-HEADTEACHER-HOURS, WZ-PRINCIPAL-HOURS

@pytest.mark.parametrize(("hours", "content", "met"), [(30, "head_teacher", True),
                                                      (29, "head_teacher", False),
                                                      (40, "professional", False)])
def test_wz_headteacher_hours_30_hours_of_head_teacher_training(hours: float, content: str,
                                                                met: bool) -> None:
    """WZ-HEADTEACHER-HOURS «班主任参加不少于30学时的专题培训»: an obligation of head-teachers, in the
    (rolling) five-year cycle, of head-teacher content whatever the delivery."""
    region = (Region().teacher("T1", head_teacher=True)
              .hours("T1", "2024-03-01", hours, "online", content=content))
    duty = duty_of(judge(region), "WZ-HEADTEACHER-HOURS")
    assert duty.passed is met
    counted = hours if content == "head_teacher" else 0
    assert duty.reason == f"{counted:g} h of head_teacher content in the 5 years to 2026-11-22 (needs 30 h)"


def test_wz_headteacher_hours_owed_by_head_teachers_only() -> None:
    assert all(c.rule != "WZ-HEADTEACHER-HOURS" for c in judge(Region().teacher("T1")).obligations)


@pytest.mark.parametrize(("kind", "content", "met"), [("centralized", "management", True),
                                                      ("online", "management", False),
                                                      ("centralized", "professional", False)])
def test_wz_principal_hours_120_centralized_hours_of_management(kind: str, content: str, met: bool) -> None:
    """WZ-PRINCIPAL-HOURS «校长参加不少于120学时的学校管理类集中培训»: centralized (集中) training of
    school-management content (学校管理类), 120 h in the cycle: an obligation of principals."""
    region = (Region().teacher("T1", roles="principal", principal_since="2015-09-01")
              .hours("T1", "2023-07-10", 120, kind, content=content))
    assert duty_of(judge(region), "WZ-PRINCIPAL-HOURS").passed is met
