"""Uploads as offices make them and as attackers make them (issue 12, points 2 and 3): what is not
read comes back as ``warnings`` (strict: 422); hostile zips are refused within the upload limits;
a refused upload changes nothing."""

from __future__ import annotations

import io
import zipfile
from contextlib import nullcontext
from pathlib import Path

import pytest

from talentgraph.bundle.read import UPLOAD_LIMITS, ReadLimits
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.services import bundles
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import canonical
from tests.api.conftest import Api, Tokens, two_teachers, zipped
from tests.factories import Region


def _unchanged(embedded: EmbeddedStore, roster: Roster) -> bool:
    return bool(canonical(embedded.roster()).equals(canonical(roster)))


def test_what_is_not_read_comes_back_as_warnings(embedded_api: Api, tokens: Tokens, tmp_path: Path) -> None:
    files = two_teachers(tmp_path / "b")
    files["Training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    files["说明.txt"] = "填写说明"
    files["old/notes.csv"] = "a,b\n"
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["rows"]["training"] == 1
    warnings = {(w["file"], w["column"]): w["reason"] for w in body["warnings"]}
    assert "did you mean 'passed'?" in warnings[("training.csv", "pass")]
    assert "not read" in warnings[("old/notes.csv", None)]
    assert "not a bundle file" in warnings[("说明.txt", None)]


def test_strict_refuses_them_and_changes_nothing(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                                 roster: Roster, tmp_path: Path) -> None:
    files = two_teachers(tmp_path / "b")
    files["training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    upload = {"file": ("b.zip", zipped(files))}
    answer = embedded_api.as_(tokens.admin).post("/bundle?strict=true", files=upload)
    assert answer.status_code == 422, answer.text
    assert [(p["file"], p["column"]) for p in answer.json()["problems"]] == [("training.csv", "pass")]
    assert _unchanged(embedded, roster)


@pytest.mark.parametrize("second", ["teachers.csv", "Teachers.csv", "TEACHERS.CSV"])
def test_a_name_twice_in_the_zip_is_refused(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                            roster: Roster, tmp_path: Path, second: str) -> None:
    files = two_teachers(tmp_path / "b")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name") if second == "teachers.csv" else nullcontext():
            archive.writestr(second, "id,name,school_id\n")
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", out.getvalue())})
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["problems"]
    assert problem["file"] == "b.zip" and "one name twice" in problem["reason"]
    assert _unchanged(embedded, roster)


def test_ten_thousand_entries_are_refused_unread(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                                 roster: Roster, tmp_path: Path) -> None:
    files = two_teachers(tmp_path / "b")
    files.update({f"x/{i}.csv": "" for i in range(10_000)})
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 422
    assert f"{len(files):,} files, more than a bundle may (200)" in answer.json()["problems"][0]["reason"]
    assert _unchanged(embedded, roster)


def test_a_zip_of_blank_lines_is_refused_before_it_is_parsed(embedded_api: Api, tokens: Tokens,
                                                              embedded: EmbeddedStore, roster: Roster,
                                                              tmp_path: Path) -> None:
    files = two_teachers(tmp_path / "b")
    files["training.csv"] = b"teacher_id,date,hours\n" + b"\n" * (UPLOAD_LIMITS.max_rows + 10)
    packed = zipped(files)
    assert len(packed) < 50_000  # a few kilobytes that unpack to five million rows
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", packed)})
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert problem["file"] == "training.csv" and "5,000,010 lines after the header" in problem["reason"]
    assert _unchanged(embedded, roster)


def test_a_zip_unpacking_past_the_budget_is_refused(
        embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore, roster: Roster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundles, "LIMITS", ReadLimits(max_total_bytes=1 << 20, max_file_bytes=1 << 20))
    files = two_teachers(tmp_path / "b")
    files["postings.csv"] = b"teacher_id,school_id,start_date\n" + b" " * (2 << 20)
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 422
    assert "the zip unpacks to more than 1 MB" in answer.json()["problems"][0]["reason"]
    assert _unchanged(embedded, roster)


def test_the_count_of_problems_is_the_true_total(embedded_api: Api, tokens: Tokens, tmp_path: Path) -> None:
    files = two_teachers(tmp_path / "b")
    files["training.csv"] = "teacher_id,date,hours\n" + "NOBODY,2024-01-01,1\n" * 300
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("300 problem(s); nothing was written")
    assert len(answer.json()["problems"]) == 51


def test_a_problem_in_a_workbook_names_its_sheet(api: Api, tokens: Tokens, tmp_path: Path) -> None:
    """The planner's sheet 教师 comes back as ``place``; ``file`` stays the bundle's name."""
    import openpyxl

    write_bundle(Region().teacher("N1").roster(), tmp_path / "b.xlsx")
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    sheet = book["teachers"]
    sheet.title = "教师"
    column = [cell.value for cell in sheet[1]].index("entry_date") + 1
    sheet.cell(2, column).value = "明年"
    buffer = io.BytesIO()
    book.save(buffer)
    answer = api.as_(tokens.admin).post("/bundle", files={"file": ("名册.xlsx", buffer.getvalue())},
                                        headers={"Accept-Language": "zh-CN"})
    assert answer.status_code == 422, answer.text
    [found] = answer.json()["problems"]
    assert (found["file"], found["place"], found["row"], found["column"]) == (
        "teachers.csv", "教师", 2, "entry_date")
    assert "不是日期" in found["reason"]
