"""Rosters as Chinese bureaus keep them (issue 12, points 1 and 2): GB18030 text, office dates and
booleans, Chinese and upper-case headers, file and sheet names in any case, and nothing ignored
without a word (a warning naming the nearest known name; --strict refuses)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from talentgraph.bundle.load import load_bundle
from talentgraph.domain.headers import COLUMN_NAMES, TABLE_NAMES, column_names, markdown_table
from talentgraph.domain.tables import SPECS
from talentgraph.errors import BundleError, Problem
from tests.unit.bundle_helpers import MINIMAL, TODAY, VALID, problems_in, write_csv_bundle

ROOT = Path(__file__).resolve().parents[2]


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _rows(text: str) -> list[list[object]]:
    return [[cell or None for cell in line.split(",")] for line in text.strip().splitlines()]


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_a_gb18030_or_gbk_csv_reads_and_the_encoding_is_named(tmp_path: Path, codec: str) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    teachers = "编号,姓名,学校编号\nT1,张三,S1\nT2,欧阳修,S2\nT3,䶮,S1\n" if codec == "gb18030" else \
        "编号,姓名,学校编号\nT1,张三,S1\nT2,欧阳修,S2\n"
    (tmp_path / "teachers.csv").write_bytes(teachers.encode(codec))
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster["teachers"].column("name").to_pylist()[:2] == ["张三", "欧阳修"]
    assert Problem("teachers.csv", None, None,
                   "read as GB18030 text (not UTF-8; detected by charset-normalizer)") in roster.notices


def test_utf8_with_and_without_bom_needs_no_notice(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    (tmp_path / "teachers.csv").write_bytes("\ufeff编号,姓名,学校编号\nT1,张三,S1\n".encode())
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster["teachers"].column("id").to_pylist() == ["T1"]
    assert not [n for n in roster.notices if "UTF-8" in n.reason]


def test_a_bad_gbk_row_is_reported_with_its_row(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    good = "id,name,school_id\nT1,张三,S1\nT2,李四,S2\n".encode("gbk") * 40
    rows = good.replace(b"T2,", b"T2,\x80\xff", 1)  # 0x80 0xFF is no GB18030 character
    (tmp_path / "teachers.csv").write_bytes(rows.split(b"\n", 1)[0] + b"\n" + b"\n".join(
        line for line in rows.split(b"\n")[1:] if not line.startswith(b"id,")))
    [problem] = problems_in(tmp_path)
    assert (problem.file, problem.row) == ("teachers.csv", 3)
    assert "not GB18030 text" in problem.reason


def test_a_bad_utf8_row_far_down_is_reported_with_its_row(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    lines = ["id,name,school_id"] + [f"T{i},张三,S1" for i in range(1, 30_000)]
    data = ("\n".join(lines) + "\n").encode()
    data = data.replace(b"T29000,\xe5\xbc\xa0", b"T29000,\xe5\xbc\x41", 1)  # a cut UTF-8 character
    (tmp_path / "teachers.csv").write_bytes(data)
    [problem] = problems_in(tmp_path)
    assert (problem.file, problem.row) == ("teachers.csv", 29001)
    assert "not UTF-8 text" in problem.reason


# --- dates, booleans, enum words ---------------------------------------------------------------


def test_office_dates_and_booleans_in_csv(tmp_path: Path) -> None:
    teachers = ("id,name,school_id,entry_date,head_teacher,principal_since\n"
                "T1,a,S1,2025/8/20,是,2025年8月1日\n"
                "T2,b,S1,2025-8-2,否,\n"
                "T3,c,S2, 2010年9月1日 ,Y,\n"
                "T4,d,S2,2010-09-01,n,\n"
                "T5,e,S2,2010.9.1,1,\n"
                "T6,f,S2,,0,\n"
                "T7,g,S2,2010/9/1 0:00,0,\n")
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    table = load_bundle(tmp_path, today=dt.date(2026, 1, 1))["teachers"]
    assert table.column("entry_date").to_pylist() == [
        dt.date(2025, 8, 20), dt.date(2025, 8, 2), dt.date(2010, 9, 1), dt.date(2010, 9, 1),
        dt.date(2010, 9, 1), None, dt.date(2010, 9, 1)]
    assert table.column("principal_since").to_pylist()[0] == dt.date(2025, 8, 1)
    assert table.column("head_teacher").to_pylist() == [True, False, True, False, True, False, False]


def test_a_number_is_no_date_in_csv_but_a_date_cell_in_a_workbook(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path / "csv", {**MINIMAL, "teachers": "id,school_id,entry_date\nT1,S1,45889\n"})
    assert [p.column for p in problems_in(tmp_path / "csv")] == ["entry_date"]
    orgs = _rows(VALID["orgs"])
    teachers: list[list[object]] = [["id", "school_id", "entry_date", "left_on", "status"],
                                    ["T1", "S1", 45889, None, None],  # 2025-08-20, a cell without its format
                                    ["T2", "S1", dt.datetime(2010, 9, 1), dt.date(2020, 1, 2), "left"],
                                    ["T3", "S1", "2025年8月20日", None, None]]
    table = load_bundle(_workbook(tmp_path / "b.xlsx", {"orgs": orgs, "teachers": teachers}),
                        today=dt.date(2026, 1, 1))["teachers"]
    assert table.column("entry_date").to_pylist() == [dt.date(2025, 8, 20), dt.date(2010, 9, 1),
                                                      dt.date(2025, 8, 20)]
    assert table.column("left_on").to_pylist()[1] == dt.date(2020, 1, 2)


def test_a_year_in_a_workbook_date_column_is_not_read_as_a_day_of_1905(tmp_path: Path) -> None:
    teachers: list[list[object]] = [["id", "school_id", "entry_date"], ["T1", "S1", 2025]]
    path = _workbook(tmp_path / "b.xlsx", {"orgs": _rows(VALID["orgs"]), "teachers": teachers})
    [problem] = problems_in(path)
    assert (problem.row, problem.column) == (2, "entry_date") and "'2025' is not a date" in problem.reason


def test_chinese_enum_words_and_any_case_read_as_codes(tmp_path: Path) -> None:
    titles = ("教师编号,等次,级别,认定日期\n"
              "T1,骨干,县级,2020/1/1\nT2,骨干教师,市级,2020/1/1\nT3,Famous,City,2021-01-01\n")
    reviews = ("教师编号,年度,考核类型,考核结果\n"
               "T1,2023,师德考核,合格\nT1,2023,年度考核,合格\nT2,2023,annual,不合格\n")
    write_csv_bundle(tmp_path, {**MINIMAL, "titles": titles, "reviews": reviews})
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster["titles"].column("tier").to_pylist() == ["backbone", "backbone", "famous"]
    assert roster["titles"].column("level").to_pylist() == ["county", "city", "city"]
    assert [(r["kind"], r["result"]) for r in roster["reviews"].to_pylist()] == [
        ("ethics", "pass"), ("annual", "qualified"), ("annual", "unqualified")]


# --- names of columns, files and sheets --------------------------------------------------------


def test_chinese_and_upper_case_headers(tmp_path: Path) -> None:
    teachers = "ID,Name,School ID,entry date,学段,班主任,状态\nT1,张三,S1,2010-09-01,初中,是,在岗\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    roster = load_bundle(tmp_path, today=TODAY)
    row = roster["teachers"].to_pylist()[0]
    assert (row["id"], row["school_id"], row["entry_date"], row["stage"], row["head_teacher"],
            row["status"]) == ("T1", "S1", dt.date(2010, 9, 1), "junior", True, "active")
    assert roster.warnings == ()


def test_a_missing_required_column_lists_the_headers_found(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "ID,姓名,school\nT1,张三,S1\n"})
    problems = problems_in(tmp_path)
    assert Problem("teachers.csv", 1, "school_id",
                   "required column is missing (headers found: 'ID', '姓名', 'school')") in problems


def test_two_headers_naming_one_column(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,编号,school_id\nT1,T1,S1\n"})
    assert problems_in(tmp_path) == [Problem("teachers.csv", 1, "id",
                                             "column appears more than once ('id' and '编号' both name id)")]


def test_the_misspellings_of_the_issue_each_show_up(tmp_path: Path) -> None:
    """`pass` for `passed` and stray files are warnings naming the nearest name; `Training.csv` and
    `entry date` are read; --strict refuses the bundle."""
    training = "teacher_id,date,hours,kind,pass\nT1,2023-03-01,90,centralized,false\n"
    files = {**MINIMAL, "teachers": VALID["teachers"].replace("entry_date", "entry date")}
    write_csv_bundle(tmp_path, files)
    (tmp_path / "Training.csv").write_text(training, encoding="utf-8")
    (tmp_path / "reveiws.csv").write_text("teacher_id,year,kind,result\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster.count("training") == 1
    assert roster["teachers"].column("entry_date").to_pylist()[0] == dt.date(2010, 9, 1)
    assert roster["training"].column("passed").to_pylist() == [True]  # `pass` was not read ...
    warnings = {(w.file, w.column): w.reason for w in roster.warnings}  # ... and says so
    assert "did you mean 'passed'?" in warnings[("training.csv", "pass")]
    assert "did you mean reviews.csv?" in warnings[("reveiws.csv", None)]
    assert "not a bundle file" in warnings[("notes.txt", None)]
    assert Problem("Training.csv", None, None, "read as training.csv") in roster.notices
    with pytest.raises(BundleError) as raised:
        load_bundle(tmp_path, today=TODAY, strict=True)
    assert {(p.file, p.column) for p in raised.value.problems} == set(warnings)


def test_sheets_by_any_name_and_every_extra_sheet_reported(tmp_path: Path) -> None:
    training: list[list[object]] = [["Teacher ID", "Date", "Hours", "Kind"],
                                    ["T1", "2023/3/1", 90, "集中培训"]]
    sheets = {"说明": [["填写说明"]], "Orgs": _rows(VALID["orgs"]), "教师": _rows(VALID["teachers"]),
              "Training": training, "Sheet1": [[None]], "titels": _rows(VALID["titles"])}
    roster = load_bundle(_workbook(tmp_path / "b.xlsx", sheets), today=TODAY)
    assert roster["training"].column("kind").to_pylist() == ["centralized"]
    warnings = {w.file: w.reason for w in roster.warnings}
    assert set(warnings) == {"Sheet1", "titels"}
    assert "did you mean titles?" in warnings["titels"]
    notices = {n.file: n.reason for n in roster.notices}
    assert notices["说明"] == "sheet of instructions: not read as data"
    assert notices["Training"] == "read as training"
    assert "教师" not in notices and "Orgs" in notices  # a Chinese name of the format is no news
    with pytest.raises(BundleError) as raised:
        load_bundle(tmp_path / "b.xlsx", today=TODAY, strict=True)
    assert {p.file for p in raised.value.problems} == {"Sheet1", "titels"}


def test_two_files_for_one_table_are_a_problem(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    (tmp_path / "Teachers.csv").write_text(VALID["teachers"], encoding="utf-8")
    problems = problems_in(tmp_path)
    assert Problem("teachers.csv", None, None,
                   "'Teachers.csv' and 'teachers.csv' are both teachers.csv: keep one") in problems


# --- the header table: one place in the code, printed in the docs ------------------------------


def test_every_column_and_table_has_chinese_names_and_no_name_means_two_things() -> None:
    # The tables planners fill in have Chinese names (round tables are talentgraph's own); a
    # column added to one of them needs its Chinese names here, or this fails.
    assert set(COLUMN_NAMES) == set(TABLE_NAMES) <= set(SPECS)
    assert {"orgs", "teachers", "titles", "programmes", "training", "reviews"} <= set(COLUMN_NAMES)
    for spec in (SPECS[name] for name in COLUMN_NAMES):
        assert set(COLUMN_NAMES[spec.name]) == set(spec.column_names), spec.name
        names = column_names(spec)
        said: dict[str, str] = {}
        for column in spec.column_names:
            for name in (column, *COLUMN_NAMES[spec.name][column]):
                assert names.find(name) == column, (spec.name, name)
                assert said.setdefault(name, column) == column, (spec.name, name)


def test_the_docs_print_the_header_table_of_the_code() -> None:
    page = (ROOT / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    assert markdown_table() in page


def test_a_damaged_header_line_is_named_too(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, MINIMAL)
    rows = "".join(f"T{i},张三,S1\n" for i in range(50)).encode()
    (tmp_path / "teachers.csv").write_bytes(b"id,n\xe5\x41me,school_id\n" + rows)
    [problem] = problems_in(tmp_path)
    assert (problem.file, problem.row) == ("teachers.csv", 1) and "not UTF-8 text" in problem.reason


def test_an_unknown_column_twice_is_kept_once_and_said(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,school_id,备注,备注\nT1,S1,a,b\n"})
    roster = load_bundle(tmp_path, today=TODAY)
    assert roster["teachers"].column("备注").to_pylist() == ["a"]
    assert [w.reason for w in roster.warnings][-1].endswith("there twice: only the first is kept")
