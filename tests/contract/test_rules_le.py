"""LE rules (Luoerling whole-staff training) on the luoerling policy.

LE-HOURS «每人年度参训不少于90学时(其中专业知识不少于60学时,公需知识30学时)», counted per school year
(LE-SCHOOL-YEAR «培训时间 2024年8月-2025年6月»), split by content whatever the delivery (LE-CONTENT),
with the provincial-training exemption (LE-PROVINCIAL-EXEMPT «参加2024年度省培的……教师,在完成60学时的
培训任务后,可免于参加本年度全员培训的专业知识培训»). As of 2026-11-22 the last complete school year is
2025-08-01 to 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.obligations import duties
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, Region
from tests.judging import ELIGIBLE, INELIGIBLE, REVIEW, duty_of, region_facts, result_of, verdict_for


def judge(region: Region, target: str = "backbone@school", **options: Any) -> Verdict:
    return verdict_for(region, target, "T1", policy="luoerling", **options)


def year(professional: float = 60, public: float = 30, *, kind: str = "online") -> Region:
    """T1 in post since 2015 with the given hours in the 2025-2026 school year, by content."""
    region = Region().teacher("T1", entry="2015-09-01")
    if professional:
        region.hours("T1", "2025-10-15", professional, kind, content="professional")
    if public:
        region.hours("T1", "2026-03-15", public, "school_based", content="public_need")
    return region


@pytest.mark.parametrize(("professional", "public", "expected"), [
    (60, 30, ELIGIBLE),
    (59, 31, INELIGIBLE),   # 90 in all, but under 60 professional
    (70, 29, INELIGIBLE),   # under 30 public-need
    (100, 0, INELIGIBLE),
])
def test_le_hours_60_professional_and_30_public_need(professional: float, public: float,
                                                     expected: object) -> None:
    """LE-HOURS «每人年度参训不少于90学时(其中专业知识不少于60学时,公需知识30学时)»."""
    verdict = judge(year(professional, public))
    assert verdict.verdict is expected
    check = result_of(verdict, "LE-HOURS")
    assert check.reason.startswith(f"{professional:g} h professional, {public:g} h public-need in the "
                                   "2025-2026 school year (2025-08-01 to 2026-06-30)")
    assert check.reason.endswith("(needs 60 h professional + 30 h public-need, 90 h in all)")


@pytest.mark.parametrize(("day", "counts"), [
    ("2025-08-01", True),    # the first day of the school year
    ("2026-06-30", True),    # the last
    ("2025-07-31", False),   # July belongs to no school year (the plan runs August to June)
    ("2026-07-01", False),
])
def test_le_school_year_runs_august_to_june(day: str, counts: bool) -> None:
    """LE-SCHOOL-YEAR «培训时间 2024年8月-2025年6月»: hours are counted per school year, August to June,
    not per calendar year."""
    region = year(professional=0).hours("T1", day, 60, "centralized", content="professional")
    assert (judge(region).verdict is ELIGIBLE) is counts


def test_le_school_year_the_last_complete_one_is_judged() -> None:
    """On 2026-06-29 the 2025-2026 school year is not over: the 2024-2025 one is judged."""
    region = year()
    verdict = judge(region, as_of=dt.date(2026, 6, 29))
    assert verdict.verdict is INELIGIBLE
    assert "2024-2025 school year" in result_of(verdict, "LE-HOURS").reason
    assert judge(region, as_of=dt.date(2026, 6, 30)).verdict is ELIGIBLE


@pytest.mark.parametrize("kind", ["centralized", "online", "school_based", None])
def test_le_content_the_split_is_by_content_whatever_the_delivery(kind: str | None) -> None:
    """LE-CONTENT «推行"集中培训(送培送教)+网络研修+校本研修"混合式培训»: delivery is how; the 60 + 30 is
    by what was studied (content), so any delivery counts."""
    assert judge(year(kind=kind)).verdict is ELIGIBLE  # type: ignore[arg-type]


def test_le_content_ethics_study_counts_as_professional() -> None:
    """LE's professional knowledge modules include 思想政治和师德师风: ethics content is professional."""
    region = year(professional=0).hours("T1", "2025-11-01", 60, "centralized", content="ethics")
    assert judge(region).verdict is ELIGIBLE


def test_le_content_records_without_a_content_make_a_shortfall_unknown() -> None:
    """A delivery-only record (content not on record) might be either part: review, not ineligible."""
    region = year(professional=30).hours("T1", "2025-11-01", 30, "centralized")
    verdict = judge(region)
    assert verdict.verdict is REVIEW
    assert result_of(verdict, "LE-HOURS").reason.endswith("30 h of records whose content is not on record")


@pytest.mark.parametrize(("provincial", "expected"), [(60, ELIGIBLE), (59, INELIGIBLE)])
def test_le_provincial_exempt_60_hours_of_provincial_training(provincial: float, expected: object) -> None:
    """LE-PROVINCIAL-EXEMPT «参加2024年度省培的……教师,在完成60学时的培训任务后,可免于参加本年度全员培训的
    专业知识培训»: 60 h of provincial training that year waive the professional part; the 30 h of
    public-need remain. (Provincial hours are professional too: 59 h fall 1 h short of 60.)"""
    region = year(professional=0).hours("T1", "2025-05-10", provincial, "centralized",
                                        content="professional", level="province")
    verdict = judge(region)
    assert verdict.verdict is expected
    if expected is ELIGIBLE:
        assert "exempt from the professional part after 60 h of provincial training" in \
            result_of(verdict, "LE-HOURS").reason


def test_le_provincial_exempt_does_not_waive_public_need() -> None:
    region = year(professional=0, public=20).hours("T1", "2025-09-10", 60, "centralized",
                                                   content="professional", level="province")
    assert judge(region).verdict is INELIGIBLE


def test_le_hours_not_due_for_a_teacher_who_joined_during_the_school_year() -> None:
    region = Region().teacher("T1", entry="2025-09-01")
    verdict = judge(region)
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "LE-HOURS").reason.startswith("not in post for the whole of the 2025-2026")


def test_le_hours_is_every_teacher_s_obligation() -> None:
    """LE-HOURS is owed by every teacher in post (全员培训), whatever they are proposed for."""
    region = year(professional=40).teacher("T2", entry="2010-09-01")
    assert not duty_of(judge(region), "LE-HOURS").passed
    (duty,) = duties(region_facts(region), load_policy("luoerling"), AS_OF)
    assert duty.counts() == {"owed": 2, "met": 0, "unknown": 0, "unmet": 2}
