"""The upload page shows what would not be read (a misspelt column, a stray sheet) with the nearest
known name, before anything is stored; storing the checked file keeps them in the report."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.bundle.write import write_bundle
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import canonical
from tests.api.conftest import region
from tests.web.conftest import csrf_of, signed_in


def _workbook_with_a_stray_sheet_and_column(tmp_path: Path, *, bad_date: bool = False) -> bytes:
    """The region with a stray sheet and a misspelt column (warnings); ``bad_date``: and one
    teacher's entry date impossible (a problem: refused)."""
    write_bundle(region().roster(), tmp_path / "region.xlsx")
    book = openpyxl.load_workbook(tmp_path / "region.xlsx")
    book.create_sheet("Sheet1").append(["x"])
    teachers = book["teachers"]
    teachers.cell(row=1, column=teachers.max_column + 1, value="statsu")
    if bad_date:
        entry_date = next(c.column for c in teachers[1] if c.value == "entry_date")
        teachers.cell(row=2, column=entry_date, value="2021-02-30")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_warnings_are_shown_before_anything_is_stored(tmp_path: Path) -> None:
    home = tmp_path / "home"
    roster = region().roster()
    store = EmbeddedStore(roster, tmp_path / "region.snapshot")
    with TestClient(api_app(store, home=home)) as app:
        signed_in(app, TokenRegistry(home).create(Role.ADMIN, None)[0])
        data = _workbook_with_a_stray_sheet_and_column(tmp_path)
        checked = app.post("/app/upload", data={"csrf": csrf_of(app.get("/app/upload").text)},
                           files={"file": ("region.xlsx", data, "application/octet-stream")})
        assert checked.status_code == 200, checked.text
        warnings = checked.text[checked.text.index('class="list warnings"'):]
        assert "Sheet1" in warnings and "statsu" in warnings and "您是否指 &#39;状态&#39;？" in warnings
        assert canonical(store.roster()).equals(canonical(roster))  # checked, not stored
        upload_id = re.search(r'name="upload_id" value="([^"]+)"', checked.text)
        assert upload_id
        form = {"csrf": csrf_of(checked.text), "upload_id": upload_id[1]}
        stored = app.post("/app/upload/store", data=form)
        assert stored.status_code == 200 and 'class="list warnings"' in stored.text


def test_a_refused_workbook_shows_its_warnings_and_notices_below_its_problems(tmp_path: Path) -> None:
    """Not only the problems: what would not have been read and what is worth a look, in one
    report, so the planner mends everything before checking again."""
    home = tmp_path / "home"
    roster = region().roster()
    store = EmbeddedStore(roster, tmp_path / "region.snapshot")
    data = _workbook_with_a_stray_sheet_and_column(tmp_path, bad_date=True)
    with TestClient(api_app(store, home=home)) as app:
        signed_in(app, TokenRegistry(home).create(Role.ADMIN, None)[0])
        for lang, problem, misspelt, notice in (
                ("zh", "不是日期", "您是否指 &#39;状态&#39;？", "但没有离职日期"),
                ("en", "is not a date", "did you mean &#39;status&#39;?", "but no left_on")):
            page = app.get(f"/app/upload?lang={lang}").text
            refused = app.post(f"/app/upload?lang={lang}", data={"csrf": csrf_of(page)},
                               files={"file": ("region.xlsx", data, "application/octet-stream")})
            assert refused.status_code == 422, refused.text
            text = refused.text
            report = text[text.index('class="card report bad"'):text.index("</section>")]
            problems, warnings = report.index(problem), report.index('class="list warnings"')
            assert problems < warnings < report.index(notice, warnings)
            assert "Sheet1" in report[warnings:] and misspelt in report[warnings:]
            assert "upload_id" not in refused.text  # nothing to store
        assert canonical(store.roster()).equals(canonical(roster))
