"""Verdict exports as a planner opens them in Excel or WPS: a BOM on the CSV; a bold, frozen,
filtered header, readable widths, date cells and the school's and org's names in the XLSX;
Chinese headers and values in Chinese; rows written as they are made."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from talentgraph import exports
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.i18n import CHINESE, ENGLISH, Words
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from tests.factories import COUNTY, RURAL_SCHOOL, SCHOOL, Region

AS_OF = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def services() -> Services:
    region = (Region().teacher("T1").teacher("T2", school=RURAL_SCHOOL).teacher("T3")
              .title("T3", "emerging", "county", "2024-01-01"))
    return Services.over(EmbeddedStore(region.roster()), policy=load_policy("reference"))


def _verdicts(services: Services) -> list[Verdict]:
    return list(services.questions.eligibility(Scope.everything(), Target.parse("backbone@county"), AS_OF))


def _orgs(services: Services) -> dict[str, object]:
    return {o.id: o for o in services.records.orgs(Scope.everything())}


def test_a_csv_for_spreadsheets_starts_with_a_bom_and_names_schools_and_orgs(services: Services) -> None:
    buf = io.StringIO()
    exports.write_csv(_verdicts(services), buf, Words.of(ENGLISH), _orgs(services))  # type: ignore[arg-type]
    text = buf.getvalue()
    assert text.startswith("\ufeffteacher_id,name,school_id,school,org_id,org,target,as_of")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    by_id = {r["teacher_id"]: r for r in rows}
    assert by_id["T1"]["school"] == "新会第一中学" and by_id["T1"]["org_id"] == COUNTY
    assert by_id["T1"]["org"] == "新会区" and by_id["T1"]["school_id"] == SCHOOL
    assert {r["verdict"] for r in rows} <= {"eligible", "review", "ineligible"}


def test_chinese_exports_have_chinese_headers_and_values(services: Services, tmp_path: Path) -> None:
    zh = Words.of(CHINESE)
    path = tmp_path / "v.xlsx"
    exports.write_xlsx(_verdicts(services), path, zh, _orgs(services))  # type: ignore[arg-type]
    book = openpyxl.load_workbook(path)
    sheet = book.active
    assert sheet is not None and sheet.title == "审核结果"
    header = [c.value for c in sheet[1]]
    assert header[:10] == ["教师编号", "姓名", "学校编号", "学校", "上级单位编号", "上级单位", "目标",
                           "截至日期", "政策", "结论"]
    assert "英文释义" not in header  # the English gloss is for English readers; the seed's sentence stays
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert {r["目标"] for r in rows} == {"县级骨干教师"}
    assert {r["结论"] for r in rows} <= {"符合", "待审核", "不符合"}
    assert all(r["原因"] and "«" not in r["原因"] for r in rows)
    assert all(r["原因"] == "全部条件满足" or r["未满足条款"] or r["缺少数据的条款"] for r in rows)


def test_the_workbook_is_made_for_reading(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "v.xlsx"
    verdicts = _verdicts(services)
    exports.write_xlsx(verdicts, path, Words.of(ENGLISH), _orgs(services))  # type: ignore[arg-type]
    sheet = openpyxl.load_workbook(path)["verdicts"]
    assert all(c.font.bold for c in sheet[1]) and not any(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{len(verdicts) + 1}"
    widths = {sheet.cell(1, i).value: sheet.column_dimensions[sheet.cell(1, i).column_letter].width
              for i in range(1, sheet.max_column + 1)}
    assert widths["reasons"] > widths["teacher_id"] >= 10 and widths["school"] > widths["verdict"]
    header = [c.value for c in sheet[1]]
    as_of = sheet.cell(2, header.index("as_of") + 1)
    assert as_of.is_date and as_of.value.date() == AS_OF and as_of.number_format == "yyyy-mm-dd"
    names = {sheet.cell(r, header.index("school") + 1).value for r in range(2, sheet.max_row + 1)}
    assert names == {"新会第一中学", "新会第二小学"} or "新会第一中学" in names


def test_exports_take_their_rows_one_at_a_time(services: Services) -> None:
    """The CSV download sends its first lines before the verdicts are all made: rows stream."""
    verdicts = _verdicts(services)
    made: list[str] = []

    def lazily() -> Iterator[Verdict]:
        for _ in range(400):
            for v in verdicts:
                made.append(v.teacher_id)
                yield v

    chunks = exports.csv_chunks(lazily(), Words.of(ENGLISH), _orgs(services), rows_per_chunk=100)  # type: ignore[arg-type]
    first = next(chunks)
    assert first.startswith("\ufeff".encode()) and len(made) <= 101
    rest = b"".join(chunks)
    assert (first + rest).decode("utf-8-sig").count("\r\n") == 400 * len(verdicts) + 1


def test_an_iterator_is_enough_for_the_workbook(services: Services, tmp_path: Path) -> None:
    verdicts = _verdicts(services)
    exports.write_xlsx(iter(verdicts), tmp_path / "v.xlsx", Words.of(ENGLISH), _orgs(services))  # type: ignore[arg-type]
    assert openpyxl.load_workbook(tmp_path / "v.xlsx")["verdicts"].max_row == len(verdicts) + 1


@pytest.mark.parametrize("lang", [ENGLISH, CHINESE])
def test_json_written_a_record_at_a_time_is_the_same_text(services: Services, lang: str) -> None:
    verdicts = _verdicts(services)
    for some in (verdicts, verdicts[:1], []):
        buf = io.StringIO()
        exports.write_json(iter(some), buf, Words.of(lang))
        assert buf.getvalue() == exports.json_text(some, Words.of(lang))
