"""Reading and validating roster bundles (dataset-format.md, bundle/spec.py).

Every problem must name its file, spreadsheet row (header = row 1), column
and reason, and a bad bundle reports all of its problems at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from talentgraph.bundle import read as read_module
from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.read import MAX_ROWS_PER_PROBLEM, read_bundle
from talentgraph.bundle.validate import validate
from talentgraph.domain.enums import Role
from talentgraph.domain.tables import SPECS
from talentgraph.eligibility.facts import code_of
from talentgraph.errors import BundleError, Problem
from talentgraph.roster import ENCODED, arrow_schema, plain
from talentgraph.store.roster_facts import facts_from_roster
from tests.unit.bundle_helpers import (
    MINIMAL,
    TODAY,
    VALID,
    problems_in,
    with_row,
    write_csv_bundle,
)

# --- reading ---------------------------------------------------------------------------------


def test_valid_bundle_loads_every_file_typed(tmp_path: Path) -> None:
    roster = load_bundle(write_csv_bundle(tmp_path, VALID), today=TODAY)
    assert roster.present == frozenset(VALID)
    assert roster.summary()["training"] == 3
    for name in VALID:
        assert plain(roster[name]).schema == arrow_schema(SPECS[name])
        held = {f.name for f in roster[name].schema if pa.types.is_dictionary(f.type)}
        assert held == ENCODED.get(name, frozenset()), name  # the repeated texts of big tables, once
    first = roster["teachers"].to_pylist()[0]
    assert first["entry_date"] == dt.date(2010, 9, 1)
    assert first["head_teacher"] is True
    assert first["roles"] == "principal;researcher"


def test_defaults_fill_empty_cells(tmp_path: Path) -> None:
    roster = load_bundle(write_csv_bundle(tmp_path, VALID), today=TODAY)
    assert roster["teachers"].column("status").to_pylist() == ["active", "active", "retired"]
    assert roster["titles"].column("track").to_pylist()[2] == "teacher"
    training = roster["training"].to_pylist()[2]
    assert (training["probation"], training["passed"]) == (False, True)


def test_values_are_typed(tmp_path: Path) -> None:
    training = load_bundle(write_csv_bundle(tmp_path, VALID), today=TODAY)["training"]
    assert training.column("hours").to_pylist() == [90.0, 1.5, 12.25]
    # Booleans are accepted in any letter case.
    assert training.column("probation").to_pylist() == [False, True, False]
    assert training.column("passed").to_pylist() == [True, False, True]
    reviews = load_bundle(tmp_path, today=TODAY)["reviews"]
    assert reviews.column("year").type == pa.int64()


def test_missing_optional_files_are_empty(tmp_path: Path) -> None:
    roster = load_bundle(write_csv_bundle(tmp_path, MINIMAL), today=TODAY)
    assert roster.present == {"orgs", "teachers"}
    assert roster.count("titles") == 0
    assert roster["titles"].schema == arrow_schema(SPECS["titles"])


def test_unknown_files_are_ignored(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "notes": "this,is\nnot,a bundle file\n"})
    (tmp_path / "README.txt").write_text("hello", encoding="utf-8")
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster.present == {"orgs", "teachers"}


def test_utf8_bom_quoted_commas_and_chinese_text(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    orgs = '\ufeffid,kind,name,parent_id\nX1,county,"某县, 教育局",\nS1,school,"一中 ""本部""",X1\n'
    (tmp_path / "orgs.csv").write_bytes(orgs.encode("utf-8"))
    (tmp_path / "teachers.csv").write_text("id,school_id\nT1,S1\n", encoding="utf-8")
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster["orgs"].column("id").to_pylist() == ["X1", "S1"]
    assert roster["orgs"].column("name").to_pylist() == ["某县, 教育局", '一中 "本部"']


def test_line_break_inside_a_quoted_cell(tmp_path: Path) -> None:
    teachers = 'id,name,school_id\nT1,"张\n三",S1\nT2,李四,S9\n'
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    # One record spans two lines; the next record is still spreadsheet row 3.
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 3, "school_id", "'S9' is not an id in orgs.csv")
    ]


def test_extra_columns_are_kept_as_strings_after_spec_columns(tmp_path: Path) -> None:
    teachers = "工号,id,school_id,note\n001,T1,S1,\n002,T2,S2,调入\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    table = load_bundle(tmp_path, today=TODAY)["teachers"]
    spec_names = list(SPECS["teachers"].column_names)
    assert table.column_names == [*spec_names, "工号", "note"]
    assert table.column("工号").to_pylist() == ["001", "002"]
    assert table.column("note").to_pylist() == [None, "调入"]


def test_optional_spec_columns_may_be_absent(tmp_path: Path) -> None:
    titles = "teacher_id,tier,level,awarded_on\nT1,new,school,2020-01-01\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "titles": titles})
    table = load_bundle(tmp_path, today=TODAY)["titles"]
    assert plain(table).schema == arrow_schema(SPECS["titles"])
    assert table.to_pylist()[0]["track"] == "teacher"
    assert table.to_pylist()[0]["org_id"] is None


def test_blank_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    teachers = "id,name,school_id\nT1,a,S1\n\n,,\nT2,b,S9\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 5, "school_id", "'S9' is not an id in orgs.csv")
    ]


def test_rows_with_the_wrong_number_of_cells(tmp_path: Path) -> None:
    teachers = "id,name,school_id\nT1,a,S1,extra\nT2,b\nT3,c,S9\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 2, None, "row has 4 cells but the header has 3"),
        Problem("teachers.csv", 3, None, "row has 2 cells but the header has 3"),
        Problem("teachers.csv", 4, "school_id", "'S9' is not an id in orgs.csv"),
    ]


def test_read_bundle_keeps_every_cell_as_text(tmp_path: Path) -> None:
    raw = read_bundle(write_csv_bundle(tmp_path, VALID))
    assert set(raw.files) == set(VALID)
    training = raw.files["training"].table
    # Text, ids as strings, every other column dictionary-encoded (its distinct texts once).
    assert training.schema.field("teacher_id").type == pa.string()
    assert all(pa.types.is_dictionary(field.type) and field.type.value_type == pa.string()
               for field in training.schema if field.name != "teacher_id")
    assert training.column("hours").to_pylist() == ["90", "1.5", "12.25"]
    assert training.column("level").to_pylist() == ["city", None, None]


def test_a_path_that_is_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(BundleError) as raised:
        read_bundle(tmp_path / "nowhere")
    assert raised.value.problems == [
        Problem("nowhere", None, None, "not a folder of CSV files or a workbook (.xlsx or .xls)")
    ]


def test_load_bundle_defaults_today_to_the_current_date(tmp_path: Path) -> None:
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    files = {**MINIMAL, "titles": f"teacher_id,tier,level,awarded_on\nT1,new,school,{future}\n"}
    with pytest.raises(BundleError) as raised:
        load_bundle(write_csv_bundle(tmp_path, files))
    assert [p.column for p in raised.value.problems] == ["awarded_on"]


# --- workbooks ---------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


ORG_ROWS: list[list[object]] = [
    ["id", "kind", "name", "parent_id", "rural"],
    ["X1", "county", "某县", None, None],
    ["S1", "school", "一中", "X1", True],
    ["S2", "school", "二中", "X1", False],
]


def test_workbook_with_typed_cells_reads_like_csv(tmp_path: Path) -> None:
    teachers: list[list[object]] = [
        ["id", "name", "school_id", "entry_date", "head_teacher", "工号"],
        ["T1", "张三", "S1", dt.datetime(2010, 9, 1), True, 1001],
        ["T2", "李四", "S2", dt.date(2015, 9, 1), "FALSE", None],
    ]
    training: list[list[object]] = [
        ["teacher_id", "date", "hours", "kind"],
        ["T1", dt.datetime(2023, 3, 1), 90, "online"],
        ["T2", "2023-03-02", 1.5, "online"],
    ]
    unknown_sheet: list[list[object]] = [["x"]]
    sheets = {"orgs": ORG_ROWS, "teachers": teachers, "training": training, "Sheet9": unknown_sheet}
    roster = load_bundle(_workbook(tmp_path / "b.xlsx", sheets), today=TODAY)
    assert roster.present == {"orgs", "teachers", "training"}
    first = roster["teachers"].to_pylist()[0]
    assert (first["entry_date"], first["head_teacher"], first["工号"]) == (
        dt.date(2010, 9, 1),
        True,
        "1001",
    )
    assert roster["training"].column("hours").to_pylist() == [90.0, 1.5]


def test_workbook_problems_use_sheet_rows(tmp_path: Path) -> None:
    teachers: list[list[object]] = [
        ["id", "school_id", "entry_date"],
        ["T1", "S1", dt.datetime(2010, 9, 1, 8, 30)],
        [None, None, None],
        ["T2", "S7", None],
    ]
    path = _workbook(tmp_path / "b.xlsx", {"orgs": ORG_ROWS, "teachers": teachers})
    assert problems_in(path) == [
        Problem(
            "teachers.csv",
            2,
            "entry_date",
            "'2010-09-01 08:30:00' is not a date: expected a date such as 2025-08-20, 2025/8/20 or "
            "2025年8月20日",
        ),
        Problem("teachers.csv", 4, "school_id", "'S7' is not an id in orgs.csv"),
    ]


def test_workbook_values_beyond_the_header(tmp_path: Path) -> None:
    teachers: list[list[object]] = [["id", "school_id"], ["T1", "S1", "stray"]]
    path = _workbook(tmp_path / "b.xlsx", {"orgs": ORG_ROWS, "teachers": teachers})
    assert problems_in(path) == [
        Problem("teachers.csv", 1, None, "column 3 has values but no header")
    ]


def test_workbook_without_required_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "b.xlsx", {"orgs": ORG_ROWS})
    assert problems_in(path) == [Problem("teachers.csv", None, None, "required file is missing")]


# --- file and header problems -----------------------------------------------------------------


def test_missing_required_files(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {"titles": VALID["titles"]})
    assert problems_in(tmp_path)[:2] == [
        Problem("orgs.csv", None, None, "required file is missing"),
        Problem("teachers.csv", None, None, "required file is missing"),
    ]


def test_missing_required_column(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,name\nT1,a\n"})
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 1, "school_id", "required column is missing (headers found: 'id', 'name')")
    ]


def test_repeated_spec_column(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,school_id,id\nT1,S1,T2\n"})
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 1, "id", "column appears more than once")
    ]


def test_unnamed_columns(tmp_path: Path) -> None:
    # An empty trailing column (Excel export) is fine; one holding values is not.
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,school_id,,\nT1,S1,,x\n"})
    assert problems_in(tmp_path) == [
        Problem("teachers.csv", 1, None, "column 4 has values but no header")
    ]


def test_empty_file(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "titles": ""})
    assert problems_in(tmp_path) == [
        Problem("titles.csv", None, None, "file is empty: expected a header row")
    ]


def test_file_that_is_neither_utf8_nor_gb18030(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    (tmp_path / "teachers.csv").write_bytes("id,name,school_id\nT1,Ærø Ødegård,S1\n".encode("utf-16"))
    [problem] = problems_in(tmp_path)
    assert (problem.file, problem.row, problem.column) == ("teachers.csv", None, None)
    assert "not UTF-8 or GB18030 text" in problem.reason and "save it as CSV UTF-8" in problem.reason


# --- one bad value, one problem -----------------------------------------------------------------

CASES: list[tuple[str, str, str, Problem]] = [
    # (file, extra row, test id, the one problem expected); the new row is row 5 of teachers
    # (4 of titles/training/reviews, ...), counting the header as row 1.
    (
        "teachers",
        "T9,x,,,,,,,,",
        "required",
        Problem("teachers.csv", 5, "school_id", "required value is empty"),
    ),
    (
        "teachers",
        "T9,x,S1,,college,,,,,",
        "enum",
        Problem(
            "teachers.csv",
            5,
            "stage",
            "'college' is not a valid stage: expected kindergarten, primary, junior, senior, "
            "vocational, special",
        ),
    ),
    (
        "teachers",
        "T9,x,S1,,,,,principal;boss,,",
        "enum list",
        Problem(
            "teachers.csv",
            5,
            "roles",
            "not a valid roles value: 'boss' (expected ';'-separated principal, researcher, "
            "subject_leader)",
        ),
    ),
    (
        "teachers",
        "T9,x,S1,2021-02-29,,,,,,",
        "date",
        Problem("teachers.csv", 5, "entry_date",
                "'2021-02-29' is not a date: expected a date such as 2025-08-20, 2025/8/20 or 2025年8月20日"),
    ),
    (
        "teachers",
        "T9,x,S1,2021/2/30,,,,,,",
        "office date that is no day",
        Problem("teachers.csv", 5, "entry_date",
                "'2021/2/30' is not a date: expected a date such as 2025-08-20, 2025/8/20 or 2025年8月20日"),
    ),
    (
        "teachers",
        "T9,x,S1,,,,maybe,,,",
        "bool",
        Problem(
            "teachers.csv", 5, "head_teacher",
            "'maybe' is not a boolean: expected true or false (also 是/否, 1/0, Y/N, √/×)"
        ),
    ),
    (
        "training",
        "T1,2023-01-01,ten,online,,,,",
        "number",
        Problem("training.csv", 5, "hours", "'ten' is not a number"),
    ),
    (
        "training",
        "T1,2023-01-01,nan,online,,,,",
        "nan",
        Problem("training.csv", 5, "hours", "'nan' is not a number"),
    ),
    (
        "reviews",
        "T3,2023.0,annual,basic",
        "int",
        Problem("reviews.csv", 5, "year", "'2023.0' is not a whole number"),
    ),
    (
        "teachers",
        "T2,x,S1,,,,,,,",
        "duplicate key",
        Problem("teachers.csv", 5, "id", "duplicate id 'T2': already on row 3"),
    ),
    (
        "reviews",
        "T1,2023,ethics,fail",
        "duplicate compound key",
        Problem(
            "reviews.csv",
            5,
            "teacher_id, year, kind",
            "duplicate teacher_id, year, kind 'T1', '2023', 'ethics': already on row 2",
        ),
    ),
    (
        "teachers",
        "T9,x,S9,,,,,,,",
        "unknown org",
        Problem("teachers.csv", 5, "school_id", "'S9' is not an id in orgs.csv"),
    ),
    (
        "teachers",
        "T9,x,X1,,,,,,,",
        "org kind",
        Problem("teachers.csv", 5, "school_id", "org 'X1' is a county, expected a school"),
    ),
    (
        "orgs",
        "S3,school,三中,C1,",
        "parent kind",
        Problem(
            "orgs.csv", 7, "parent_id", "a school's parent must be a county, but 'C1' is a city"
        ),
    ),
    (
        "orgs",
        "P2,province,邻省,P1,",
        "province parent",
        Problem("orgs.csv", 7, "parent_id", "a province has no parent org, but parent_id is 'P1'"),
    ),
    (
        "titles",
        "T2,new,school,X1,2020-01-01,,",
        "title org kind",
        Problem("titles.csv", 5, "org_id", "level is school but org 'X1' is a county"),
    ),
    (
        "programmes",
        "T2,new,city,S1,2020-01-01,,",
        "programme org kind",
        Problem("programmes.csv", 4, "org_id", "level is city but org 'S1' is a school"),
    ),
    (
        "titles",
        "T2,new,school,S1,2024-07-01,,",
        "award in the future",
        Problem("titles.csv", 5, "awarded_on", "awarded_on 2024-07-01 is after today (2024-06-30)"),
    ),
    (
        "training",
        "T1,2030-01-01,2,online,,,,",
        "training in the future",
        Problem("training.csv", 5, "date", "date 2030-01-01 is after today (2024-06-30)"),
    ),
    (
        "programmes",
        "T3,new,school,S1,2024-07-01,,",
        "enrolment in the future",
        Problem(
            "programmes.csv", 4, "enrolled_on", "enrolled_on 2024-07-01 is after today (2024-06-30)"
        ),
    ),
    (
        "reviews",
        "T3,2025,annual,basic",
        "review year in the future",
        Problem("reviews.csv", 5, "year", "year 2025 is after this year (2024)"),
    ),
    (
        "titles",
        "T2,new,school,S1,2020-01-01,2019-01-01,",
        "expiry before award",
        Problem(
            "titles.csv", 5, "valid_until", "valid_until 2019-01-01 is before awarded_on 2020-01-01"
        ),
    ),
    (
        "programmes",
        "T3,new,school,S1,2020-01-01,2019-12-31,pass",
        "completion before enrolment",
        Problem(
            "programmes.csv",
            4,
            "completed_on",
            "completed_on 2019-12-31 is before enrolled_on 2020-01-01",
        ),
    ),
    (
        "programmes",
        "T3,new,school,S1,2020-01-01,,excellent",
        "finished without date",
        Problem("programmes.csv", 4, "completed_on", "result excellent needs a completed_on date"),
    ),
    (
        "programmes",
        "T3,new,school,S1,2020-01-01,2021-01-01,",
        "in progress with date",
        Problem(
            "programmes.csv",
            4,
            "completed_on",
            "an in_progress programme has no completed_on, got 2021-01-01",
        ),
    ),
    (
        "training",
        "T1,2023-01-01,0,online,,,,",
        "zero hours",
        Problem("training.csv", 5, "hours", "hours must be positive, got 0"),
    ),
    (
        "training",
        "T1,2023-01-01,-2.5,online,,,,",
        "negative hours",
        Problem("training.csv", 5, "hours", "hours must be positive, got -2.5"),
    ),
    (
        "reviews",
        "T3,2023,annual,pass",
        "annual result",
        Problem(
            "reviews.csv",
            5,
            "result",
            "'pass' is not a result of an annual review: "
            "expected excellent, qualified, basic, unqualified",
        ),
    ),
    (
        "reviews",
        "T3,2023,ethics,basic",
        "ethics result",
        Problem(
            "reviews.csv",
            5,
            "result",
            "'basic' is not a result of an ethics review: expected pass, fail",
        ),
    ),
    (
        "mentorships",
        "T2,T2,subject,2020-01-01,",
        "self mentoring",
        Problem("mentorships.csv", 4, "mentee_id", "a teacher cannot mentor themselves"),
    ),
    (
        "mentorships",
        "T1,T9,subject,2020-01-01,",
        "unknown teacher",
        Problem("mentorships.csv", 4, "mentee_id", "'T9' is not an id in teachers.csv"),
    ),
    (
        "mentorships",
        "T1,T2,subject,2020-01-01,2019-01-01",
        "mentorship ends before it starts",
        Problem(
            "mentorships.csv", 4, "end_date", "end_date 2019-01-01 is before start_date 2020-01-01"
        ),
    ),
    (
        "postings",
        "T3,S2,2020-01-01,2019-01-01,exchange",
        "posting ends before it starts",
        Problem(
            "postings.csv", 4, "end_date", "end_date 2019-01-01 is before start_date 2020-01-01"
        ),
    ),
    (
        "studio_members",
        "ST1,T1,2022-01-01,2021-01-01",
        "member leaves before joining",
        Problem(
            "studio_members.csv", 4, "left_on", "left_on 2021-01-01 is before joined_on 2022-01-01"
        ),
    ),
    (
        "studios",
        "ST2,x,county,T9,X1,,,",
        "studio lead",
        Problem("studios.csv", 3, "lead_id", "'T9' is not an id in teachers.csv"),
    ),
    (
        "studio_links",
        "ST9,S1,",
        "unknown studio",
        Problem("studio_links.csv", 3, "studio_id", "'ST9' is not an id in studios.csv"),
    ),
]


@pytest.mark.parametrize(
    ("file", "row", "expected"),
    [pytest.param(file, row, expected, id=case) for file, row, case, expected in CASES],
)
def test_each_problem_is_reported_with_file_row_column_and_reason(
    tmp_path: Path, file: str, row: str, expected: Problem
) -> None:
    write_csv_bundle(tmp_path, with_row(VALID, file, row))
    assert problems_in(tmp_path) == [expected]


def test_duplicate_key_with_a_date(tmp_path: Path) -> None:
    files = with_row(VALID, "studio_members", "ST1,T3,2021-03-01,2022-01-01")
    assert problems_in(write_csv_bundle(tmp_path, files)) == [
        Problem(
            "studio_members.csv",
            4,
            "studio_id, teacher_id, joined_on",
            "duplicate studio_id, teacher_id, joined_on 'ST1', 'T3', '2021-03-01': "
            "already on row 3",
        )
    ]


def test_national_titles_need_no_awarding_org(tmp_path: Path) -> None:
    files = with_row(VALID, "titles", "T3,new,national,,2020-01-01,,")
    assert load_bundle(write_csv_bundle(tmp_path, files), today=TODAY).count("titles") == 4


def test_references_into_an_absent_optional_file(tmp_path: Path) -> None:
    files = {**MINIMAL, "studio_members": "studio_id,teacher_id,joined_on\nST1,T1,2020-01-01\n"}
    assert problems_in(write_csv_bundle(tmp_path, files)) == [
        Problem("studio_members.csv", 2, "studio_id", "'ST1' is not an id in studios.csv")
    ]


def test_cycle_in_the_org_tree(tmp_path: Path) -> None:
    orgs = "id,kind,parent_id\nA,county,B\nB,county,C\nC,county,A\nS1,school,A\nS2,school,A\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "orgs": orgs})
    problems = problems_in(tmp_path)
    cycle = Problem("orgs.csv", 2, "parent_id", "the org tree has a cycle: A -> B -> C -> A")
    assert cycle in problems
    assert [p for p in problems if "cycle" in p.reason] == [cycle]


def test_invalid_values_are_not_reported_twice(tmp_path: Path) -> None:
    # A bad kind is one problem, not also a wrong-parent problem.
    files = with_row(VALID, "orgs", "S3,academy,三中,X1,")
    assert [p.column for p in problems_in(write_csv_bundle(tmp_path, files))] == ["kind"]


# --- many problems ----------------------------------------------------------------------------


def test_every_problem_in_a_bundle_is_reported_together(tmp_path: Path) -> None:
    files = with_row(VALID, "teachers", "T9,x,S9,,,,,,,")
    files = with_row(files, "training", "T1,2023-01-01,-1,online,,,,")
    files = with_row(files, "reviews", "T1,2099,ethics,pass")
    files["titles"] = ""
    problems = problems_in(write_csv_bundle(tmp_path, files))
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("teachers.csv", 5, "school_id"),
        ("titles.csv", None, None),
        ("training.csv", 5, "hours"),
        ("reviews.csv", 5, "year"),
    ]


def test_repeated_problems_are_capped_with_a_summary(tmp_path: Path) -> None:
    bad_rows = "".join("T1,2023-01-01,0,online,,,,\n" for _ in range(MAX_ROWS_PER_PROBLEM + 10))
    files = {**VALID, "training": VALID["training"] + bad_rows}
    problems = problems_in(write_csv_bundle(tmp_path, files))
    assert len(problems) == MAX_ROWS_PER_PROBLEM + 1
    assert problems[0] == Problem("training.csv", 5, "hours", "hours must be positive, got 0")
    assert problems[-1] == Problem(
        "training.csv", None, "hours", "... and 10 more rows: hours not positive"
    )


def test_bundle_error_message_lists_problems(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, with_row(VALID, "teachers", "T9,x,S9,,,,,,,"))
    with pytest.raises(BundleError, match=r"teachers\.csv:5 \[school_id\]: 'S9' is not an id"):
        load_bundle(tmp_path, today=TODAY)


def test_validate_accepts_a_raw_bundle_directly(tmp_path: Path) -> None:
    raw = read_bundle(write_csv_bundle(tmp_path, MINIMAL))
    assert validate(raw, today=TODAY).count("teachers") == 3


def test_roles_with_spaces_and_a_trailing_separator_load(tmp_path: Path) -> None:
    """Spreadsheets write 'principal; subject_leader;' - that is two valid roles."""
    folder = tmp_path / "b"
    folder.mkdir()
    orgs = "id,kind,name,parent_id\nK1,county,县,\nS1,school,校,K1\n"
    (folder / "orgs.csv").write_text(orgs, encoding="utf-8")
    (folder / "teachers.csv").write_text(
        'id,name,school_id,roles\nT1,王,S1,"principal; subject_leader;"\n', encoding="utf-8")
    roster = load_bundle(folder, today=TODAY)
    assert roster["teachers"]["roles"].to_pylist() == ["principal; subject_leader;"]  # kept as written
    bits = int(facts_from_roster(roster).roles[0])
    assert bits == (1 << code_of(Role.PRINCIPAL)) | (1 << code_of(Role.SUBJECT_LEADER))


def test_texts_read_in_many_blocks_are_checked_once_and_named_at_every_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every column but ids is read dictionary-encoded, a dictionary per block of the file: a bad
    text is converted once and still named at each row holding it, in row order, as when the file
    is read in one block; programme names past 127 distinct widen the codes."""
    header, *_ = VALID["training"].splitlines()
    rows = [f"T1,2023-0{1 + i % 9}-1{i % 10},{1 + i % 7},{'nowhere' if i % 40 == 7 else 'online'},"
            f"第{i}期研修,city,false,true" for i in range(400)]
    files = {**VALID, "training": "\n".join([header, *rows]) + "\n"}
    one_block = load_problems(write_csv_bundle(tmp_path / "one", files))
    monkeypatch.setattr(read_module, "_CSV_BLOCK_SIZE", 512)
    many = read_bundle(write_csv_bundle(tmp_path / "many", files))
    assert many.files["training"].table.column("kind").num_chunks > 10
    assert load_problems(tmp_path / "many") == one_block
    assert [p.row for p in one_block if p.column == "kind"] == [i + 2 for i in range(400) if i % 40 == 7]
    fine = {**files, "training": files["training"].replace("nowhere", "online")}
    whole, blocks = (load_bundle(write_csv_bundle(tmp_path / name, fine), today=TODAY) for name in ("w", "b"))
    monkeypatch.undo()
    assert blocks.equals(load_bundle(tmp_path / "w", today=TODAY)) and whole.equals(blocks)
    programme = blocks["training"]["programme"]
    assert programme.type == pa.dictionary(pa.int16(), pa.string())
    assert all(chunk.dictionary.equals(programme.chunk(0).dictionary) for chunk in programme.chunks)
    assert programme.to_pylist() == [f"第{i}期研修" for i in range(400)]
    facts = facts_from_roster(blocks)
    assert facts.programme_names.tolist() == [f"第{i}期研修" for i in range(400)]


def load_problems(folder: Path) -> list[Problem]:
    with pytest.raises(BundleError) as raised:
        load_bundle(folder, today=TODAY)
    return list(raised.value.problems)
