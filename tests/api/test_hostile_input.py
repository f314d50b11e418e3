"""Input a client may send on purpose or by accident: dates out of range, damaged zips, formula
text for spreadsheets; and lists that must not show ids outside a planner's scope."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.api.conftest import OTHER_SCHOOL, RURAL_SCHOOL, Api, Tokens, zipped


@pytest.mark.parametrize("path", [
    "/eligibility?target=backbone@county&as_of={}", "/eligibility/export?target=backbone@county&as_of={}",
    "/teachers/T1/explanation?target=backbone@county&as_of={}", "/orgs/C1/pipeline?as_of={}",
    "/teachers/T1/lineage?as_of={}", "/studios/SA/reach?as_of={}", "/teachers?tier=backbone&as_of={}"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_an_as_of_date_out_of_range_is_422_not_500(embedded_api: Api, tokens: Tokens, path: str,
                                                   as_of: str) -> None:
    client = embedded_api.as_(tokens.admin)
    answer = client.get(path.format(as_of))
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"][0]["field"] == "query.as_of"
    assert client.get(path.format("1900-01-01")).status_code == 200


def test_a_damaged_zip_is_422_not_500(embedded_api: Api, tokens: Tokens) -> None:
    data = bytearray(zipped({"orgs.csv": "id,kind,name,parent_id\n" + "C1,city,x,\n" * 200}))
    data[60:80] = bytes(20)  # the central directory is intact; the compressed data is not
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", bytes(data))})
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"][0]["file"] == "b.zip"
    assert embedded_api.client.get("/teachers/T1").status_code == 200  # nothing changed


def test_lists_leave_out_teachers_and_schools_outside_the_scope(api: Api, tokens: Tokens) -> None:
    """A planner of county A reading a county-A teacher's mentorships, or a county-A studio's members
    and links, does not learn county-B ids (as lineage and studio reach already leave them out)."""
    admin = api.as_(tokens.admin)
    for body in ({"mentor_id": "T5", "mentee_id": "T3", "kind": "subject", "start_date": "2024-01-01"},
                 {"mentor_id": "T1", "mentee_id": "T6", "kind": "subject", "start_date": "2024-01-01"}):
        assert admin.post("/mentorships", json=body).status_code == 201
    joined = admin.post("/studios/SA/members", json={"teacher_id": "T6", "joined_on": "2024-01-01"})
    assert joined.status_code == 201
    assert admin.post("/studios/SA/links", json={"school_id": OTHER_SCHOOL}).status_code == 201
    seen = {m["mentor_id"] for m in admin.get("/teachers/T3/mentorships").json()["items"]}
    assert seen == {"T1", "T5"}  # the admin sees everything

    planner = api.as_(tokens.planner_a)
    for path in ("/teachers/T3/mentorships", "/teachers/T1/mentorships", "/studios/SA/members",
                 "/studios/SA/links"):
        answer = planner.get(path)
        assert answer.status_code == 200, answer.text
        assert not [x for x in ("T5", "T6", OTHER_SCHOOL) if f'"{x}"' in answer.text], (path, answer.text)
    mentorships = planner.get("/teachers/T3/mentorships").json()
    assert [m["mentor_id"] for m in mentorships["items"]] == ["T1"] and mentorships["total"] == 1
    members = planner.get("/studios/SA/members").json()
    assert [m["teacher_id"] for m in members["items"]] == ["T3"] and members["total"] == 1
    assert [x["school_id"] for x in planner.get("/studios/SA/links").json()["items"]] == [RURAL_SCHOOL]


def test_xlsx_export_keeps_text_starting_with_equals_as_text(embedded_api: Api, tokens: Tokens) -> None:
    """A name written through the API must not become a live formula in the workbook someone opens."""
    client = embedded_api.as_(tokens.admin)
    assert client.patch("/teachers/T3", json={"name": '=HYPERLINK("http://x.test","x")'}).status_code == 200
    answer = client.get("/eligibility/export", params={"target": "backbone@county", "as_of": "2026-09-01",
                                                       "format": "xlsx"})
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content))["verdicts"]
    (cell,) = [row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "T3"]
    assert cell.value == '=HYPERLINK("http://x.test","x")' and cell.data_type == "s"


def test_explanations_name_no_mentor_outside_a_planners_scope(api: Api, tokens: Tokens) -> None:
    """A county-B mentor of a county-A teacher: the planner of A learns nothing of T5.

    XD-MENTOR is now the school's induction duty (an obligation reported beside a verdict), not a
    check of emerging@school, so no check's evidence cites a mentorship; the API does not show
    obligations yet. When it does, their evidence needs the same redaction as checks."""
    admin = api.as_(tokens.admin)
    body = {"mentor_id": "T5", "mentee_id": "T3", "kind": "head_teacher", "start_date": "2024-01-01"}
    assert admin.post("/mentorships", json=body).status_code == 201
    q = {"target": "emerging@school", "as_of": "2026-09-01"}
    assert admin.get("/teachers/T3/explanation", params=q).status_code == 200
    answer = api.as_(tokens.planner_a).get("/teachers/T3/explanation", params=q)
    assert answer.status_code == 200, answer.text
    assert "T5" not in answer.text
    for check in answer.json()["checks"]:
        assert "T5" not in check["reason"]


def test_csv_export_guards_cells_a_spreadsheet_would_run_as_formulas(api: Api, tokens: Tokens) -> None:
    """Names starting with = + - @ come out of the CSV export with a single quote in front."""
    client = api.as_(tokens.admin)
    names = {"T2": '=HYPERLINK("http://x.test","x")', "T3": "+1+1"}
    for teacher, name in names.items():
        assert client.patch(f"/teachers/{teacher}", json={"name": name}).status_code == 200
    answer = client.get("/eligibility/export", params={"target": "backbone@county", "as_of": "2026-09-01"})
    assert answer.status_code == 200
    rows = {row["teacher_id"]: row for row in csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))}
    assert {t: rows[t]["name"] for t in names} == {t: f"'{n}" for t, n in names.items()}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values())
