"""Nomination rounds in the web app over HTTP: open, nominate from the candidate list, decide with
a waiver, a refused approval past the quota (its reason in Chinese beside the service's English,
nothing changed), certify, the nomination list 推荐名单; and the overview's quota headroom
counting the approvals, and the candidates' ranking and readiness.

Over a small generated region on the embedded store (durable: the steps are kept), as a
planner of one county through the pages, with the CSRF token of each form.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.synth import generate_region
from tests.web.conftest import csrf_of, signed_in

AS_OF = "2026-09-01"
COUNTY, OTHER = "C01-K01", "C01-K02"


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A generated region, and teachers of COUNTY for a county backbone round: a candidate whose
    only failing gate rules are 原则上 ones (to approve with a waiver) and two eligible ones."""
    roster = generate_region(6000, seed=5, as_of=dt.date.fromisoformat(AS_OF))
    folder = tmp_path_factory.mktemp("rounds-web")
    store = EmbeddedStore(roster, folder / "region.snapshot")
    services = Services.over(store, policy=load_policy("reference"))
    found = services.questions.eligibility(Scope.everything(), Target.parse("backbone@county"),
                                           dt.date.fromisoformat(AS_OF), org_id=COUNTY)
    eligible = [v.teacher_id for v in found.only(VerdictKind.ELIGIBLE).window(0, 2)]
    soft = next(v for v in found.only(VerdictKind.REVIEW)
                if all(not c.hard and not c.unknown for c in v.checks if c.gate and not c.passed))
    outsider = next(t["id"] for t in roster["teachers"].to_pylist() if t["school_id"].startswith(OTHER))
    return {"roster": roster, "eligible": eligible, "soft": soft, "outsider": outsider}


@pytest.fixture
def app(region: dict[str, Any], tmp_path: Path) -> Iterator[TestClient]:
    home = tmp_path / "home"
    token = TokenRegistry(home).create(Role.PLANNER, COUNTY)[0]
    store = EmbeddedStore(region["roster"], tmp_path / "region.snapshot")
    with TestClient(api_app(store, home=home)) as client:
        yield signed_in(client, token)


def post(app: TestClient, form_page: str, action: str, data: dict[str, Any]) -> Any:
    return app.post(action, data={"csrf": csrf_of(app.get(form_page).text), **data}, follow_redirects=False)


def open_round(app: TestClient, quota: int) -> str:
    answer = post(app, "/app/rounds", "/app/rounds",
                  {"target": "backbone@county", "org_id": COUNTY, "quota": str(quota), "as_of": AS_OF})
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/app/rounds/(R\d+)", answer.headers["location"])
    assert found
    return found.group(1)


def test_a_round_from_opening_to_the_nomination_list(app: TestClient, region: dict[str, Any]) -> None:
    round_id = open_round(app, quota=2)
    page = app.get(f"/app/rounds/{round_id}").text
    assert "县级骨干教师" in page and "名额" in page and "reference" in page
    assert round_id in app.get("/app/rounds").text

    # Nominate from the candidate list of the round's title and date: a box per candidate.
    listed = app.get(f"/app/candidates?round={round_id}&verdict=eligible&sort=roster").text
    soft = region["soft"]
    first, second = region["eligible"]
    assert f'form="nominate" name="teacher_id" value="{first}"' in listed
    answer = app.post(f"/app/rounds/{round_id}/nominations", follow_redirects=False, data={
        "csrf": csrf_of(listed), "teacher_id": [soft.teacher_id, first, second]})
    assert answer.status_code == 303, answer.text

    # The decision form offers exactly the soft rules the verdict fails.
    page = app.get(f"/app/rounds/{round_id}").text
    failing = sorted({c.rule for c in soft.checks if c.gate and not c.passed})
    offered = re.findall(r'name="waive" value="([^"]+)"', page)
    assert sorted(set(offered)) == failing

    # Without the waiver the approval is refused, its reason in Chinese and in English.
    page_url = f"/app/rounds/{round_id}"
    refused = post(app, page_url, f"/app/rounds/{round_id}/decisions", {
        "teacher_id": soft.teacher_id, "outcome": "approve", "reason": "教研成果突出", "approver": "张局"})
    assert refused.status_code == 409
    assert "未作任何更改" in refused.text and "原则上" in refused.text and "--waive" in refused.text
    approved = post(app, page_url, f"/app/rounds/{round_id}/decisions", {
        "teacher_id": soft.teacher_id, "outcome": "approve", "waive": failing, "reason": "教研成果突出",
        "approver": "张局"})
    assert approved.status_code == 303, approved.text
    plain = post(app, page_url, f"/app/rounds/{round_id}/decisions", {
        "teacher_id": first, "outcome": "approve", "reason": "符合条件", "approver": "张局"})
    assert plain.status_code == 303

    # The quota is 2: a third approval is refused and changes nothing.
    before = app.get(page_url).text
    full = post(app, page_url, f"/app/rounds/{round_id}/decisions", {
        "teacher_id": second, "outcome": "approve", "reason": "符合条件", "approver": "张局"})
    assert full.status_code == 409 and "名额已满" in full.text and "is full" in full.text
    assert f'href="/app/rounds/{round_id}"' in full.text.split("<main", 1)[1]  # back to the round
    after = app.get(page_url).text
    assert re.findall(r'nomination-(\w+)"', before) == re.findall(r'nomination-(\w+)"', after)

    # The overview's headroom counts the two approvals.
    overview = app.get(f"/app/overview?as_of={AS_OF}").text
    county_row = re.search(r'<code class="rule">TX-RATIO</code></th><td>县级骨干教师</td>(.*?)</tr>',
                           overview, re.S)
    assert county_row, "no TX-RATIO row for county backbone teachers"
    cells = re.findall(r'<td class="n[^"]*">([^<]*)', county_row.group(1))
    holders, quota, approved, headroom = (int(c.replace(",", "")) for c in cells[-4:])
    assert approved == 2 and headroom == quota - holders - 2

    # Certify on today; the nomination list downloads with its Chinese headers.
    today = dt.date.today().isoformat()
    assert post(app, page_url, f"/app/rounds/{round_id}/certification", {"on": today}).status_code == 303
    assert "已认定" in app.get(page_url).text or "certified" in app.get(page_url).text
    book = app.get(f"/app/rounds/{round_id}/nomination-list")
    assert book.status_code == 200 and book.headers["content-type"].startswith("application/vnd.openxml")
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[1][:3] == ["序号", "教师编号", "姓名"] and len(rows) == 2 + 3
    again = post(app, page_url, f"/app/rounds/{round_id}/certification", {"on": today})
    assert again.status_code == 409 and "已认定" not in again.text.split("<main", 1)[0]


def test_round_steps_need_their_csrf_and_refuse_an_outsider(app: TestClient, region: dict[str, Any]) -> None:
    round_id = open_round(app, quota=1)
    assert app.post(f"/app/rounds/{round_id}/nominations",
                    data={"teacher_id": region["eligible"][0]}).status_code == 403
    outside = post(app, f"/app/rounds/{round_id}", f"/app/rounds/{round_id}/nominations",
                   {"teacher_id": region["outsider"]})
    assert outside.status_code == 404  # a teacher of the other county reads as missing
    assert app.get("/app/rounds/R9999").status_code == 404


def test_candidates_rank_with_breakdown_and_readiness_on_demand(app: TestClient) -> None:
    page = app.get(f"/app/candidates?target=backbone@county&verdict=eligible&readiness=1&as_of={AS_OF}").text
    assert "排名" in page and "XD-DIMENSIONS" in page and "当前即可" in page
    export = app.get(f"/app/candidates/export?target=backbone@county&verdict=eligible&readiness=1"
                     f"&as_of={AS_OF}&format=csv")
    header = export.content.decode("utf-8-sig").splitlines()[0].split(",")
    # In the page's language, as the flat columns before them (the CLI's --rank --readiness columns)
    assert header[-8:] == ["排名", "得分", "得分（条款 数值×权重 = 分值）", "何时可达标", "可达标日期",
                           "尚未满足的条款", "缺少数据的条款", "推算假设"]
    rows = [line.split(",") for line in export.content.decode("utf-8-sig").splitlines()[1:]]
    assert rows and all(row[-5] == "当前即可" for row in rows)  # streamed, each with its readiness
    ready_now = app.get(f"/app/candidates/export?target=backbone@county&ready=now&as_of={AS_OF}&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(ready_now.content)).active
    assert sheet is not None and sheet.max_row == len(rows) + 1  # ready now: the eligible ones
    rank = [cell.value for cell in sheet[1]].index("排名") + 1
    assert all(isinstance(sheet.cell(r, rank).value, int) for r in range(2, sheet.max_row + 1))
    by_id = app.get(f"/app/candidates?target=backbone@county&sort=roster&as_of={AS_OF}").text
    assert "排名" not in by_id.split("<table", 1)[1]


def test_a_round_offers_only_the_steps_the_caller_may_take(app: TestClient, region: dict[str, Any],
                                                            tmp_path: Path) -> None:
    """The county's planner is offered decisions and certification on a county round; the planner
    of one of its schools sees the round and its own teacher's nomination, may nominate, and is
    offered no decision or certification (the service would refuse them: 403)."""
    round_id = open_round(app, quota=2)
    teacher = region["eligible"][0]
    assert post(app, f"/app/rounds/{round_id}", f"/app/rounds/{round_id}/nominations",
                {"teacher_id": teacher}).status_code == 303
    county_page = app.get(f"/app/rounds/{round_id}").text
    assert 'class="decide"' in county_page and 'id="certify-h"' in county_page
    school = next(t["school_id"] for t in region["roster"]["teachers"].to_pylist() if t["id"] == teacher)
    home = tmp_path / "home"  # the app's own token registry
    token = TokenRegistry(home).create(Role.PLANNER, school)[0]
    with TestClient(app.app) as client:
        school_client = signed_in(client, token)
        page = school_client.get(f"/app/rounds/{round_id}").text
        assert teacher in page and f"round={round_id}" in page  # may nominate from the list
        assert 'class="decide"' not in page and 'id="certify-h"' not in page
        refused = post(school_client, f"/app/rounds/{round_id}", f"/app/rounds/{round_id}/decisions",
                       {"teacher_id": teacher, "outcome": "approve", "reason": "r", "approver": "a"})
        assert refused.status_code == 403
