"""The columns of format version 2 (docs/bundle-format.md): teachers.left_on, training.content
beside the delivery kind, programmes.type; and version 1 bundles, which still read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from talentgraph.bundle.load import load_bundle
from talentgraph.eligibility.check_hours import _training_evidence
from talentgraph.eligibility.days import OPEN_END, day_number
from talentgraph.roster import Roster
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


TRAINING_V2 = """\
teacher_id,date,hours,kind,content,programme,level,probation,passed
T1,2023-03-01,90,centralized,professional,市级骨干研修,city,false,true
T2,2023-04-02,12,online,it,网络研修,,,
T3,2023-05-03,6,,ethics,,,,
"""
TRAINING_V1 = """\
teacher_id,date,hours,kind,programme,level,probation,passed
T1,2023-03-01,90,centralized,市级骨干研修,city,false,true
T1,2023-04-01,24,public_need,,,,
T2,2023-04-02,12,professional,,,,
T3,2023-05-03,6,ethics,,,,
"""


def column(roster: Roster, table: str, name: str) -> list[object]:
    return roster[table][name].to_pylist()


def test_training_gives_delivery_in_kind_and_what_was_studied_in_content(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path, training=TRAINING_V2), today=TODAY)
    assert column(roster, "training", "kind") == ["centralized", "online", None]
    assert column(roster, "training", "content") == ["professional", "it", "ethics"]
    facts = facts_from_roster(roster)
    assert facts.training["kind"].tolist() == [0, 2, -1]  # TrainingDelivery codes, -1 unknown
    assert facts.training["content"].tolist() == [0, 5, 2]  # TrainingContent codes


def test_a_version_1_training_file_reads_its_contents_out_of_kind_with_a_notice(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path, training=TRAINING_V1), today=TODAY)
    assert column(roster, "training", "kind") == ["centralized", None, None, None]
    assert column(roster, "training", "content") == [None, "public_need", "professional", "ethics"]
    assert [str(n) for n in roster.notices if n.file == "training.csv"] == [
        "training.csv [kind]: give public_need/professional/ethics as kind, as format version 1 did: "
        "read as content, delivery unknown (3 rows: 3, 4, 5)"]


def test_a_content_in_kind_that_contradicts_content_is_an_error(tmp_path: Path) -> None:
    rows = TRAINING_V2 + "T1,2023-06-01,8,ethics,ethics,,,,\nT1,2023-06-02,8,ethics,professional,,,,\n"
    found = [str(p) for p in problems_in(bundle(tmp_path, training=rows))]
    assert found == ["training.csv:6 [kind]: 'ethics' is a content, which format version 1 put in kind, "
                     "but content is 'professional': give the delivery in kind (centralized, school_based, "
                     "online, practice)"]


def test_kind_and_content_take_only_their_own_values(tmp_path: Path) -> None:
    rows = TRAINING_V2 + "T1,2023-06-01,8,lecture,ethics,,,,\nT1,2023-06-02,8,online,moral,,,,\n"
    found = [p.reason for p in problems_in(bundle(tmp_path, training=rows))]
    assert found == [
        "'lecture' is not a valid kind: expected centralized, school_based, online, practice",
        "'moral' is not a valid content: expected professional, public_need, ethics, management, "
        "head_teacher, it, other"]


def test_programme_type_defaults_to_cultivation(tmp_path: Path) -> None:
    programmes = """\
teacher_id,tier,level,org_id,enrolled_on,completed_on,result,type
T1,famous,city,C1,2020-09-01,2021-07-01,pass,certification
T2,backbone,county,X1,2023-09-01,,in_progress,
T2,backbone,county,X1,2022-09-01,2023-07-01,pass,improvement
"""
    roster = load_bundle(bundle(tmp_path, programmes=programmes), today=TODAY)
    assert column(roster, "programmes", "type") == ["certification", "cultivation", "improvement"]
    assert facts_from_roster(roster).programmes["type"].tolist() == [1, 0, 2]
    version_1 = load_bundle(bundle(tmp_path / "v1"), today=TODAY)
    assert set(column(version_1, "programmes", "type")) == {"cultivation"}


def test_training_evidence_names_delivery_and_content_when_known(tmp_path: Path) -> None:
    roster = load_bundle(bundle(tmp_path, training=TRAINING_V2 + "T3,2023-05-04,7,practice,,,,,\n"),
                         today=TODAY)
    facts = facts_from_roster(roster)
    evidence = [e.detail for i in range(3) for e in _training_evidence(facts.one(i), np.arange(
        facts.training.one(i).size))]
    assert evidence == ["90 h centralized professional 市级骨干研修", "12 h online it 网络研修",
                        "6 h ethics", "7 h practice"]
