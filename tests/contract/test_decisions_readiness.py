"""Readiness on both stores: the earliest date a candidate would pass on current data.

Every date found is checked the other way too: ``explain`` on that date says eligible, and on the
day before it does not. The default as-of date is 2026-11-22.
"""

from __future__ import annotations

import datetime as dt

from talentgraph.domain.target import Target
from talentgraph.eligibility.readiness import Readiness, readiness
from talentgraph.policy.load import load_policy
from tests.factories import AS_OF, Region
from tests.judging import ELIGIBLE, FULL, region_facts, verdict_for, without


def ready(region: Region, target: str, policy: str, teacher: str = "T1",
          present: tuple[str, ...] = FULL) -> Readiness:
    facts = region_facts(region, present)
    row = facts.index_of(teacher)
    assert row is not None
    return readiness(facts, load_policy(policy), Target.parse(target), AS_OF, row)


def assert_first_passing_day(region: Region, target: str, policy: str, day: dt.date) -> None:
    """Eligible on ``day`` and not the day before: the date is the engine's, not arithmetic's."""
    assert verdict_for(region, target, policy=policy, as_of=day).verdict is ELIGIBLE
    before = day - dt.timedelta(days=1)
    assert verdict_for(region, target, policy=policy, as_of=before).verdict is not ELIGIBLE


def banned(failed_on: str) -> Region:
    return (Region().teacher("T1", roles="subject_leader")
            .programme("T1", "backbone", "county", "fail", enrolled="2022-09-01", completed=failed_on,
                       type="certification"))


def test_readiness_tx_training_ban_ready_when_the_ban_ends() -> None:
    """TX-TRAINING-BAN «对考核不合格的参训教师,五年内不得申报骨干教师认定培训»: a failed certification
    assessment on 2023-03-10 bars until 2028-03-10; on that day the teacher passes."""
    region = banned("2023-03-10")
    got = ready(region, "backbone@county", "tongxin")
    assert (got.status, got.on, got.missing, got.assumption) == (
        "ready on", dt.date(2028, 3, 10), ("TX-TRAINING-BAN",), None)
    assert got.text == "ready on 2028-03-10 (missing: TX-TRAINING-BAN)"
    assert_first_passing_day(region, "backbone@county", "tongxin", dt.date(2028, 3, 10))


def test_readiness_ban_from_29_february_ends_on_1_march() -> None:
    """TX-TRAINING-BAN: five years from 29 February 2024 end on 1 March 2029 (no 29 February)."""
    region = banned("2024-02-29")
    got = ready(region, "backbone@county", "tongxin")
    assert got.on == dt.date(2029, 3, 1)
    assert_first_passing_day(region, "backbone@county", "tongxin", dt.date(2029, 3, 1))


def test_readiness_jm_emerging_window_opens_on_the_third_anniversary() -> None:
    """JM-EMERGING-WINDOW «将入职3至5年的优秀青年教师纳入新锐教师培养队伍»: entered 2024-09-01, the
    window opens on 2027-09-01; JM-HOURS' 2026 is on record already, so no assumption is needed."""
    region = Region().teacher("T1", entry="2024-09-01").yearly_hours("T1", range(2024, 2027), 100)
    got = ready(region, "emerging@school", "jiangmen")
    assert (got.status, got.on, got.assumption) == ("ready on", dt.date(2027, 9, 1), None)
    assert got.missing == ("JM-EMERGING-WINDOW", "JM-NEW-EMERGING")
    assert_first_passing_day(region, "emerging@school", "jiangmen", dt.date(2027, 9, 1))


def test_readiness_assumes_hours_continue_and_says_so() -> None:
    """JM-HOURS «确保每位教师每年接受培训累计不少于90学时»: the window opens 2028-03-01, when 2027's hours
    will be judged; none are on record, so the date rests on the assumption that the last 12
    months' training (100 h) goes on, and the answer says so."""
    region = Region().teacher("T1", entry="2025-03-01").yearly_hours("T1", range(2025, 2027), 100)
    got = ready(region, "emerging@school", "jiangmen")
    assert (got.status, got.on) == ("ready on", dt.date(2028, 3, 1))
    assert got.assumption is not None and "100 h a year" in got.assumption
    # Without the assumption it would not pass on that date: 2027 has no hours on record.
    assert verdict_for(region, "emerging@school", policy="jiangmen", as_of=dt.date(2028, 3, 1)).verdict \
        is not ELIGIBLE


def test_readiness_title_awarded_for_a_later_date() -> None:
    """TX-CITY-BACKBONE «面向县级名师和骨干教师……开展为期1年的市级培训»: the county title is recorded
    as awarded on 2027-01-15; the teacher passes from that day."""
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2027-01-15")
              .programme("T1", "backbone", "city", "pass", completed="2026-07-01", type="certification"))
    got = ready(region, "backbone@city", "tongxin")
    assert (got.status, got.on, got.missing) == ("ready on", dt.date(2027, 1, 15), ("TX-CITY-BACKBONE",))
    assert_first_passing_day(region, "backbone@city", "tongxin", dt.date(2027, 1, 15))


def test_readiness_not_on_current_data_names_what_is_missing() -> None:
    """TX-CITY-BACKBONE: without a county title no date passes; the rule still missing is named."""
    region = Region().teacher("T1").programme("T1", "backbone", "city", "pass", completed="2026-07-01",
                                              type="certification")
    got = ready(region, "backbone@city", "tongxin")
    assert (got.status, got.on, got.missing) == ("not on current data", None, ("TX-CITY-BACKBONE",))
    assert got.text.startswith("not on current data (missing: TX-CITY-BACKBONE)")


def test_readiness_ready_now_for_an_eligible_candidate() -> None:
    """TX-COUNTY-BACKBONE «面向学科带头人、优秀班主任、名师工作室成员»: a subject leader with no ban is
    ready now."""
    got = ready(Region().teacher("T1", roles="subject_leader"), "backbone@county", "tongxin")
    assert (got.status, got.on, got.missing, got.text) == ("ready now", None, (), "ready now")


def test_readiness_without_the_data_says_no_data() -> None:
    """JM-HOURS «确保每位教师每年接受培训累计不少于90学时»: with no training file the hours are unknown;
    no date can fix that until the data is recorded, and the answer says which rule lacks data."""
    region = Region().teacher("T1", entry="2022-09-01")
    got = ready(region, "emerging@school", "jiangmen", present=without("training"))
    assert (got.status, got.no_data) == ("not on current data", ("JM-HOURS",))
    assert "no data for JM-HOURS" in got.text
