"""Writing roster bundles: CSV folders and .xlsx workbooks that read back losslessly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from talentgraph.bundle import write as bundle_write
from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.domain.tables import SPECS
from talentgraph.roster import Roster, arrow_schema
from tests.unit.bundle_helpers import MINIMAL, TODAY, VALID, write_csv_bundle


@pytest.fixture
def roster(tmp_path: Path) -> Roster:
    """The VALID bundle, with an extra column and text that needs quoting."""
    teachers = '''\
id,name,school_id,entry_date,stage,subject,head_teacher,roles,principal_since,status,备注
T1,张三,S1,2010-09-01,junior,math,true,principal,2018-09-01,active,"调入, 2019 ""优秀"""
T2,李四,S2,2015-09-01,primary,chinese,false,,,,
T3,王五,S1,2020-09-01,senior,physics,,subject_leader,,retired,"two
lines"
'''
    files = {**VALID, "teachers": teachers}
    return load_bundle(write_csv_bundle(tmp_path / "source", files), today=TODAY)


def _reload(path: Path) -> Roster:
    return load_bundle(path, today=TODAY)


def test_csv_round_trip_is_lossless(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out")
    again = _reload(tmp_path / "out")
    assert again.equals(roster)
    assert again.present == roster.present
    assert again["teachers"].column("备注").to_pylist()[0] == '调入, 2019 "优秀"'


def test_xlsx_round_trip_is_lossless(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out.xlsx")
    again = _reload(tmp_path / "out.xlsx")
    assert again.equals(roster)
    assert again.present == roster.present


def test_values_are_written_in_bundle_form(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out")
    lines = (tmp_path / "out" / "training.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "teacher_id,date,hours,kind,content,programme,level,probation,passed"
    # One cell holds a comma, so this file quotes its text cells (pyarrow quotes all or none).
    # Dates ISO, floats without a trailing .0, booleans true/false, null as an empty cell.
    assert lines[1] == '"T1","2023-03-01","90","centralized",,"市级骨干研修","city","false","true"'
    assert lines[2] == '"T2","2023-04-02","1.5","online",,"网络研修, 第二期",,"true","false"'


def test_spec_columns_in_spec_order_then_extras(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out")
    header = (tmp_path / "out" / "teachers.csv").read_text(encoding="utf-8").splitlines()[0]
    expected = [*SPECS["teachers"].column_names, "备注"]
    assert header.split(",") == expected


def test_cells_are_unquoted_when_none_needs_quotes(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out")
    text = (tmp_path / "out" / "orgs.csv").read_text(encoding="utf-8")
    assert '"' not in text


def test_writes_the_present_files_and_always_orgs_and_teachers(tmp_path: Path) -> None:
    roster = load_bundle(write_csv_bundle(tmp_path / "source", MINIMAL), today=TODAY)
    only_titles = Roster(dict(roster.tables), present=frozenset({"titles"}))
    write_bundle(only_titles, tmp_path / "out")
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == ["orgs.csv", "teachers.csv", "titles.csv"]
    assert (tmp_path / "out" / "titles.csv").read_text(encoding="utf-8").count("\n") == 1


def test_rewriting_a_folder_replaces_bundle_files_only(tmp_path: Path, roster: Roster) -> None:
    out = write_csv_bundle(tmp_path / "out", {"titles": VALID["titles"], "notes": "keep me\n"})
    smaller = load_bundle(write_csv_bundle(tmp_path / "source2", MINIMAL), today=TODAY)
    write_bundle(smaller, out)
    assert sorted(path.name for path in out.iterdir()) == ["notes.csv", "orgs.csv", "teachers.csv"]
    assert _reload(out).equals(smaller)


def test_a_failed_write_leaves_the_folder_as_it_was(
    tmp_path: Path, roster: Roster, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = write_csv_bundle(tmp_path / "out", MINIMAL)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    real_write = bundle_write._write_csv
    calls = []

    def crash_on_third_file(table: pa.Table, path: Path) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError("disk full")
        real_write(table, path)

    monkeypatch.setattr(bundle_write, "_write_csv", crash_on_third_file)
    with pytest.raises(OSError, match="disk full"):
        write_bundle(roster, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "source"]


def test_xlsx_sheets_have_typed_cells(tmp_path: Path, roster: Roster) -> None:
    write_bundle(roster, tmp_path / "out.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    assert workbook.sheetnames == [name for name in SPECS if name in roster.present]
    rows = list(workbook["training"].iter_rows(values_only=True))
    assert rows[1][:4] == ("T1", dt.datetime(2023, 3, 1), 90, "centralized")
    assert rows[2][-2:] == (True, False)
    workbook.close()


def test_xlsx_keeps_text_that_looks_like_a_formula(tmp_path: Path) -> None:
    orgs = VALID["orgs"].replace("第一中学", "=1+1")
    roster = load_bundle(
        write_csv_bundle(tmp_path / "source", {**MINIMAL, "orgs": orgs}), today=TODAY
    )
    write_bundle(roster, tmp_path / "out.xlsx")
    again = _reload(tmp_path / "out.xlsx")
    assert again["orgs"].column("name").to_pylist()[3] == "=1+1"
    assert again.equals(roster)


def _table(name: str, columns: dict[str, list[object]]) -> pa.Table:
    schema = arrow_schema(SPECS[name])
    full = {
        field.name: columns.get(field.name, [None] * len(next(iter(columns.values()))))
        for field in schema
    }
    return pa.table(full, schema=schema)


def test_a_roster_built_in_code_round_trips(tmp_path: Path) -> None:
    """Floats that need every digit survive, and a new nested folder is created."""
    roster = Roster(
        {
            "orgs": _table("orgs", {"id": ["S1"], "kind": ["school"], "rural": [True]}),
            "teachers": _table("teachers", {"id": ["T1"], "school_id": ["S1"], "status": ["left"]}),
            "training": _table(
                "training",
                {
                    "teacher_id": ["T1", "T1"],
                    "date": [dt.date(2020, 1, 1), dt.date(2020, 1, 2)],
                    "hours": [0.1 + 0.2, 1e-7],
                    "kind": ["online", None],
                    "content": [None, "ethics"],
                    "probation": [False, True],
                    "passed": [True, False],
                },
            ),
        }
    )
    write_bundle(roster, tmp_path / "a" / "b")
    text = (tmp_path / "a" / "b" / "training.csv").read_text(encoding="utf-8")
    assert ",0.30000000000000004," in text and ",1e-7," in text
    assert load_bundle(tmp_path / "a" / "b", today=TODAY).equals(roster)
