"""The columns of format version 2 (docs/bundle-format.md): teachers.left_on, training.content
beside the delivery kind, programmes.type; and version 1 bundles, which still read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from talentgraph.bundle.load import load_bundle
from talentgraph.eligibility.days import OPEN_END, day_number
from talentgraph.store.roster_facts import facts_from_roster
from tests.unit.bundle_helpers import TODAY, VALID, problems_in, write_csv_bundle

TEACHERS_V2 = """\
id,name,school_id,entry_date,stage,subject,head_teacher,roles,principal_since,status,left_on
T1,张三,S1,2010-09-01,junior,math,true,principal;researcher,2018-09-01,active,
T2,李四,S2,2015-09-01,primary,chinese,false,,,left,2023-07-01
T3,王五,S1,2020-09-01,senior,physics,,subject_leader,,retired,2030-01-31
"""


def bundle(tmp_path: Path, **files: str) -> Path:
    return write_csv_bundle(tmp_path / "bundle", {**VALID, **files})


def teachers_with(row: str) -> str:
    return TEACHERS_V2 + row + "\n"


def test_leavers_with_a_left_on_date_load_without_notice(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path, teachers=TEACHERS_V2), today=TODAY)
    assert [str(d) if d else None for d in roster["teachers"]["left_on"].to_pylist()] == [
        None, "2023-07-01", "2030-01-31"]  # a date after the load: a planned departure
    assert roster.notices == ()


def test_a_leaver_without_left_on_is_a_notice_not_an_error(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path, teachers=teachers_with("T4,赵六,S1,2001-09-01,,,,,,retired,")),
                         today=TODAY)
    (notice,) = roster.notices
    assert str(notice) == ("teachers.csv [left_on]: status left or retired but no left_on: as-of questions "
                           "treat these teachers as gone on every date (1 row: 5)")


def test_a_version_1_teachers_file_reads_with_a_notice_for_its_leavers(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path), today=TODAY)  # VALID has no left_on; T3 is retired
    assert roster["teachers"]["left_on"].null_count == 3
    assert [n.reason.endswith("(1 row: 4)") for n in roster.notices] == [True]


def test_an_active_teacher_with_a_left_on_date_is_an_error(tmp_path: Path) -> None:
    rows = teachers_with("T4,赵六,S1,2001-09-01,,,,,,active,2024-01-31\n"
                         "T5,钱七,S1,2001-09-01,,,,,,,2024-02-01")
    found = [str(p) for p in problems_in(bundle(tmp_path, teachers=rows))]
    assert found == [
        "teachers.csv:5 [left_on]: status is active but left_on is 2024-01-31: set status to left or "
        "retired (a date after today is a planned departure), or clear left_on",
        "teachers.csv:6 [left_on]: status is empty (active) but left_on is 2024-02-01: set status to left "
        "or retired (a date after today is a planned departure), or clear left_on",
    ]


def test_left_on_may_not_precede_entry_date(tmp_path: Path) -> None:
    found = [str(p) for p in problems_in(bundle(tmp_path, teachers=teachers_with(
        "T4,赵六,S1,2001-09-01,,,,,,left,2000-01-31")))]
    assert found == ["teachers.csv:5 [left_on]: left_on 2000-01-31 is before entry_date 2001-09-01"]


def test_the_fact_index_carries_left_on(tmp_path: Path) -> None:
    facts = facts_from_roster(load_bundle(bundle(tmp_path, teachers=TEACHERS_V2), today=TODAY))
    left, planned = day_number(dt.date(2023, 7, 1)), day_number(dt.date(2030, 1, 31))
    assert facts.left_on.tolist() == [OPEN_END, left, planned]
    assert facts.one(1).left_on.tolist() == [left]
