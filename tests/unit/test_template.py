"""``talentgraph template`` (issue 12, point 4): a workbook with every sheet, its headers (Chinese
under zh), an instructions sheet and a drop-down on every enumerated or yes/no column; filled in
with the drop-downs' own values, it loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.template import PLANNER_TABLES, choices, sheet_name
from talentgraph.cli.main import cli
from talentgraph.domain.columns import ColType
from talentgraph.domain.headers import COLUMN_NAMES, header
from talentgraph.domain.tables import SPECS

TODAY = dt.date(2026, 9, 1)


def _template(tmp_path: Path, lang: str) -> Path:
    path = tmp_path / f"roster-{lang}.xlsx"
    result = CliRunner().invoke(cli, ["template", "--lang", lang, "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _pick(book: openpyxl.Workbook, table: str, column: str, chinese: bool, index: int = 0) -> str:
    """A value from the column's drop-down in the saved workbook, as a planner would pick it."""
    sheet = book[sheet_name(SPECS[table], chinese)]
    position = SPECS[table].column_names.index(column) + 1
    letter = openpyxl.utils.get_column_letter(position)
    (validation,) = [v for v in sheet.data_validations.dataValidation if f"{letter}2" in v.sqref]
    offered = validation.formula1.strip('"').split(",")
    return offered[index]


def _fill(book: openpyxl.Workbook, table: str, chinese: bool, row: dict[str, object]) -> None:
    spec = SPECS[table]
    sheet = book[sheet_name(spec, chinese)]
    sheet.append([row.get(column) for column in spec.column_names])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sheet_has_its_headers_and_every_fixed_column_a_drop_down(tmp_path: Path, lang: str) -> None:
    chinese = lang == "zh"
    book = openpyxl.load_workbook(_template(tmp_path, lang))
    assert book.sheetnames[0] == ("说明" if chinese else "instructions")
    assert len(book.sheetnames) == 1 + len(PLANNER_TABLES)
    assert {spec.name for spec in PLANNER_TABLES} == set(COLUMN_NAMES)
    for spec in PLANNER_TABLES:
        sheet = book[sheet_name(spec, chinese)]
        headers = [cell.value for cell in sheet[1]]
        assert headers == [header(spec, c, chinese) for c in spec.column_names]
        if chinese:
            assert headers == [COLUMN_NAMES[spec.name][c][0] for c in spec.column_names]
        assert sheet.freeze_panes == "A2"
        validated = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
        for position, column in enumerate(spec.columns, start=1):
            letter = openpyxl.utils.get_column_letter(position)
            fixed = column.type in (ColType.ENUM, ColType.ENUM_LIST, ColType.BOOL)
            assert (f"{letter}2" in validated) == fixed, (spec.name, column.name)
            if fixed:
                assert validated[f"{letter}2"].type == "list"
                assert validated[f"{letter}2"].formula1 == '"' + ",".join(choices(column, chinese)) + '"'


def test_the_chinese_drop_downs_are_as_bureaus_write_them() -> None:
    tiers = ["新教师", "新锐教师", "骨干教师", "名教师", "教育家型教师"]
    assert choices(SPECS["titles"].column("tier"), True) == tiers
    assert choices(SPECS["titles"].column("level"), True) == ["校级", "县级", "市级", "省级", "国家级"]
    assert choices(SPECS["training"].column("passed"), True) == ["是", "否"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filled_in_template_loads(tmp_path: Path, lang: str) -> None:
    chinese = lang == "zh"
    path = _template(tmp_path, lang)
    book = openpyxl.load_workbook(path)

    def pick(table: str, column: str, index: int = 0) -> str:
        return _pick(book, table, column, chinese, index)

    _fill(book, "orgs", chinese, {"id": "X1", "kind": pick("orgs", "kind", 1), "name": "某县"})
    _fill(book, "orgs", chinese, {"id": "S1", "kind": pick("orgs", "kind", 0), "name": "一中",
                                  "parent_id": "X1", "rural": pick("orgs", "rural", 0)})
    _fill(book, "teachers", chinese, {
        "id": "T1", "name": "张三", "school_id": "S1", "entry_date": "2010/9/1",
        "stage": pick("teachers", "stage", 2), "head_teacher": pick("teachers", "head_teacher", 1),
        "status": pick("teachers", "status", 0),
        "roles": pick("teachers", "roles", 0) + ";researcher"})
    _fill(book, "titles", chinese, {
        "teacher_id": "T1", "tier": pick("titles", "tier", 2), "level": pick("titles", "level", 1),
        "org_id": "X1", "awarded_on": dt.datetime(2020, 5, 1), "track": pick("titles", "track", 0)})
    _fill(book, "training", chinese, {
        "teacher_id": "T1", "date": "2024年3月1日", "hours": 24, "kind": pick("training", "kind", 0),
        "content": pick("training", "content", 0), "passed": pick("training", "passed", 1)})
    _fill(book, "reviews", chinese, {"teacher_id": "T1", "year": 2024, "kind": pick("reviews", "kind", 1),
                                     "result": pick("reviews", "result", 2)})
    book.save(path)
    roster = load_bundle(path, today=TODAY, strict=True)  # nothing unread: the 说明 sheet is a notice
    teacher = roster["teachers"].to_pylist()[0]
    assert (teacher["stage"], teacher["head_teacher"]) == ("junior", False)
    assert teacher["entry_date"] == dt.date(2010, 9, 1) and teacher["roles"] == "principal;researcher"
    title = roster["titles"].to_pylist()[0]
    assert (title["tier"], title["level"], title["track"]) == ("backbone", "county", "teacher")
    training = roster["training"].to_pylist()[0]
    assert (training["kind"], training["content"]) == ("centralized", "professional")
    assert training["passed"] is False
    review = roster["reviews"].to_pylist()[0]
    assert (review["kind"], review["result"]) == ("annual", "excellent")
    assert roster["orgs"].to_pylist()[1]["rural"] is True


def test_the_command_will_not_overwrite_without_force(tmp_path: Path) -> None:
    path = _template(tmp_path, "zh")
    again = CliRunner().invoke(cli, ["template", "--output", str(path)])
    assert again.exit_code != 0 and "--force" in again.output
    assert CliRunner().invoke(cli, ["template", "--output", str(path), "--force"]).exit_code == 0
