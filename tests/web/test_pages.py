"""The web app over HTTP: sessions, CSRF, languages, the pages' answers, exports and uploads.

The app is the one ``talentgraph serve`` runs (bootstrap.api_app: the API with the pages mounted
beside it) over the small two-county region of tests/api/conftest.py on the embedded store.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app, store_from_roster
from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from tests.api.conftest import A, B, bundle_files, region, zipped
from tests.web.conftest import csrf_of, signed_in
from tests.web.test_page_leaks import web_of

AS_OF = "2026-09-01"


@pytest.fixture
def roster() -> Roster:
    return region().roster()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def app(roster: Roster, home: Path, tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(api_app(EmbeddedStore(roster, tmp_path / "region.snapshot"), home=home)) as client:
        yield client


def token(home: Path, role: Role, org: str | None = None) -> str:
    return TokenRegistry(home).create(role, org)[0]


def test_pages_need_a_session_and_sign_in_leads_back(app: TestClient, home: Path) -> None:
    answer = app.get("/app/teachers/T1", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/app/signin?next=")
    assert app.get("/", follow_redirects=False).headers["location"] == "/app/"
    form = app.get(answer.headers["location"])
    signed = app.post("/app/signin", data={"csrf": csrf_of(form.text), "token": token(home, Role.PLANNER, A),
                                           "next": "/app/teachers/T1"}, follow_redirects=False)
    assert signed.status_code == 303 and signed.headers["location"] == "/app/teachers/T1"
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/" in cookie
    assert app.get("/app/teachers/T1").status_code == 200


def test_sign_in_refuses_a_bad_token_a_missing_csrf_and_a_foreign_next(app: TestClient, home: Path) -> None:
    form = app.get("/app/signin")
    bad = app.post("/app/signin", data={"csrf": csrf_of(form.text), "token": "tg_nope"})
    assert bad.status_code == 401 and 'role="alert"' in bad.text
    good = token(home, Role.PLANNER, A)
    assert app.post("/app/signin", data={"token": good}).status_code == 403
    away = app.post("/app/signin", data={"csrf": csrf_of(app.get("/app/signin").text), "token": good,
                                         "next": "https://example.org/"}, follow_redirects=False)
    assert away.headers["location"] == "/app/overview"


def test_a_forged_cookie_is_no_session(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.ADMIN))
    session = app.cookies["tg_session"]
    app.cookies.set("tg_session", session[:-2] + ("AA" if session[-2:] != "AA" else "BB"))
    assert app.get("/app/overview", follow_redirects=False).status_code == 303


def test_every_post_needs_its_sessions_csrf_token(app: TestClient, home: Path) -> None:
    """Every POST route of the web app (from its route table) refuses a form without the token."""
    signed_in(app, token(home, Role.ADMIN))
    web = web_of(app.app)  # type: ignore[arg-type]
    posts = [path for path, spec in web.openapi()["paths"].items() if "post" in spec]
    assert set(posts) >= {"/signin", "/signout", "/upload", "/upload/store"}
    for path in posts:
        refused = app.post("/app" + path, data={"csrf": "not-the-token"},
                           files={"file": ("x.xlsx", b"PK")} if path == "/upload" else None)
        assert refused.status_code == 403, path
    assert app.get("/app/overview").status_code == 200  # still signed in: sign-out was refused


def test_sign_out_ends_the_session_on_the_server(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    kept = app.cookies["tg_session"]
    page = app.get("/app/overview")
    out = app.post("/app/signout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    app.cookies.set("tg_session", kept)  # a copy of the cookie is worth nothing now
    assert app.get("/app/overview", follow_redirects=False).status_code == 303


def test_a_revoked_token_ends_its_sessions(app: TestClient, home: Path) -> None:
    registry = TokenRegistry(home)
    secret, info = registry.create(Role.PLANNER, A)
    signed_in(app, secret)
    assert app.get("/app/overview").status_code == 200
    registry.revoke(info.id)
    assert app.get("/app/overview", follow_redirects=False).status_code == 303


def test_chinese_first_english_by_a_switch(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    assert "候选人" in app.get("/app/candidates").text  # no preference: Chinese
    assert "Candidates" in app.get("/app/candidates", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    english = app.get("/app/candidates?lang=en", headers={"Accept-Language": "zh-CN"})
    assert 'lang="en"' in english.text and "Candidates" in english.text
    assert "候选人" not in english.text.split("<main", 1)[1]
    assert "Candidates" in app.get("/app/overview").text  # the switch is remembered (a cookie)
    assert "概览" in app.get("/app/overview?lang=zh_CN").text


def test_overview_shows_the_funnel_quotas_and_coverage(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    page = app.get(f"/app/overview?as_of={AS_OF}").text
    assert page.count("<svg") >= 3 and "县级骨干教师" in page and "TX-RATIO" in page and "XD-COVERAGE" in page
    assert app.get(f"/app/overview?org_id={B}").status_code == 404


def test_candidates_filter_page_and_export(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    every = app.get(f"/app/candidates?target=backbone@county&as_of={AS_OF}").text
    rows = re.findall(r'href="/app/teachers/(T\d+)\?as_of=', every)
    assert rows and set(rows) <= {"T1", "T2", "T3", "T4"}
    primary = app.get(f"/app/candidates?target=backbone@county&as_of={AS_OF}&stage=primary").text
    assert set(re.findall(r'href="/app/teachers/(T\d+)\?as_of=', primary)) == {"T2"}
    assert app.get(f"/app/candidates?school=C1-K2-S1&as_of={AS_OF}").status_code == 404
    assert app.get("/app/candidates?target=nonsense").status_code == 422
    assert app.get("/app/candidates?as_of=0").status_code == 422
    xlsx = app.get(f"/app/candidates/export?target=backbone@county&as_of={AS_OF}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(exported) == sorted(set(rows))
    # Styled as every export: a bold frozen header with a filter, widths, the date a date cell.
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet.auto_filter.ref
    assert sheet.column_dimensions["B"].width and sheet.column_dimensions["B"].width > 8
    header = [cell.value for cell in sheet[1]]
    (as_of_column,) = [i for i, title in enumerate(header) if title in ("as_of", "审核日期", "截至日期")]
    assert isinstance(sheet.cell(row=2, column=as_of_column + 1).value, dt.datetime)
    csv = app.get(f"/app/candidates/export?target=backbone@county&as_of={AS_OF}&format=csv")
    assert csv.content.startswith("\ufeff".encode()) and "attachment" in csv.headers["content-disposition"]


def test_a_researcher_sees_pseudonyms(app: TestClient, home: Path, roster: Roster) -> None:
    signed_in(app, token(home, Role.RESEARCHER))
    page = app.get(f"/app/candidates?target=backbone@county&as_of={AS_OF}").text
    names = set(roster["teachers"]["name"].to_pylist())
    assert re.findall(r"/app/teachers/(P-[a-z0-9]+)", page)
    assert not re.findall(r"/app/teachers/T\d", page) and not any(n in page for n in names if n)
    assert app.get("/app/teachers/T1").status_code == 404


def test_teacher_explanation_studio_and_policy_pages(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    teacher = app.get(f"/app/teachers/T1?as_of={AS_OF}").text
    assert "T2" in teacher and teacher.count("<svg") >= 3  # a mentee in the lineage drawing; 3 charts
    assert app.get("/app/teachers/T5").status_code == 404
    assert app.get("/app/teachers/T5").content == app.get("/app/teachers/T9999").content
    records = app.get(f"/app/teachers/T3?as_of={AS_OF}").text  # training content, programme type
    assert "<td>专业科目</td>" in records and "<td>培养</td>" in records
    why = app.get(f"/app/teachers/T3/explanation?target=backbone@county&as_of={AS_OF}").text
    assert "JM-LEVEL" in why and "原则上" in why
    studio = app.get(f"/app/studios/SA?as_of={AS_OF}").text
    assert "<svg" in studio and "C1-K1-S2" in studio  # the rural school it supports
    assert app.get("/app/studios/SB").status_code == 404
    policy = app.get("/app/policy?name=jiangmen").text
    assert "JM-HOURS" in policy and "annual_hours" in policy


def _bad_workbook() -> bytes:
    """A teachers sheet with a school that does not exist and a 13th month (and no orgs sheet)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "teachers"
    sheet.append(["id", "name", "school_id", "entry_date", "stage", "subject", "head_teacher", "roles",
                  "principal_since", "status"])
    sheet.append(["T1", "甲", "NO-SUCH-SCHOOL", "2020-13-01", "primary", "math", "true", "", "", "active"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_upload_reports_every_problem_and_stores_nothing(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.ADMIN))
    form = app.get("/app/upload")
    report = app.post("/app/upload", data={"csrf": csrf_of(form.text)},
                      files={"file": ("roster.xlsx", _bad_workbook(), "application/octet-stream")})
    assert report.status_code == 422
    # the reasons in the page's language, the column by its Chinese header
    assert "入职日期" in report.text and "不是日期" in report.text and "存储" in report.text
    assert "is not a date" not in report.text
    assert "T1" in app.get("/app/teachers/T1").text  # nothing changed


def test_an_admin_checks_then_stores_the_same_file(roster: Roster, home: Path, tmp_path: Path) -> None:
    packed = zipped(bundle_files(roster, tmp_path / "bundle"))
    store = EmbeddedStore(roster, tmp_path / "region.snapshot")
    with TestClient(api_app(store, home=home)) as app:
        signed_in(app, token(home, Role.ADMIN))
        checked = app.post("/app/upload", data={"csrf": csrf_of(app.get("/app/upload").text)},
                           files={"file": ("region.zip", packed, "application/zip")})
        assert checked.status_code == 200, checked.text
        assert "值得留意" in checked.text and "但没有离职日期" in checked.text  # T4 left, undated: a notice
        upload_id = re.search(r'name="upload_id" value="([^"]+)"', checked.text)
        assert upload_id
        form = {"csrf": csrf_of(checked.text), "upload_id": upload_id[1]}
        stored = app.post("/app/upload/store", data=form)
        assert stored.status_code == 200 and "已存储" in stored.text and "但没有离职日期" in stored.text
        again = app.post("/app/upload/store", data=form)
        assert again.status_code == 410  # the checked file is used once


def test_a_planner_checks_but_cannot_store(app: TestClient, home: Path) -> None:
    signed_in(app, token(home, Role.PLANNER, A))
    page = app.get("/app/upload")
    assert "只有管理员" in page.text
    refused = app.post("/app/upload/store", data={"csrf": csrf_of(page.text), "upload_id": "x"})
    assert refused.status_code == 403


def test_a_read_only_server_says_so(roster: Roster, home: Path) -> None:
    with TestClient(api_app(store_from_roster(roster), home=home)) as app:
        signed_in(app, token(home, Role.ADMIN))
        page = app.get("/app/upload")
        assert "只读" in page.text and "talentgraph load DIR --store PATH" in page.text
        refused = app.post("/app/upload/store", data={"csrf": csrf_of(page.text), "upload_id": "x"})
        assert refused.status_code == 405
