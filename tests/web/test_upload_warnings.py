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


def _workbook_with_a_stray_sheet_and_column(tmp_path: Path) -> bytes:
    write_bundle(region().roster(), tmp_path / "region.xlsx")
    book = openpyxl.load_workbook(tmp_path / "region.xlsx")
    book.create_sheet("Sheet1").append(["x"])
    teachers = book["teachers"]
    teachers.cell(row=1, column=teachers.max_column + 1, value="statsu")
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
        assert "Sheet1" in warnings and "statsu" in warnings and "did you mean &#39;status&#39;?" in warnings
        assert canonical(store.roster()).equals(canonical(roster))  # checked, not stored
        upload_id = re.search(r'name="upload_id" value="([^"]+)"', checked.text)
        assert upload_id
        form = {"csrf": csrf_of(checked.text), "upload_id": upload_id[1]}
        stored = app.post("/app/upload/store", data=form)
        assert stored.status_code == 200 and 'class="list warnings"' in stored.text
