"""The web app in a real browser (headless Chromium): a county planner's session, start to end.

Signs in as a planner of one county of a generated region, opens the overview (the funnel, the
quota headroom), filters the candidates (by verdict; by readiness), opens an explanation, runs
a nomination round (opens it, nominates from the candidate list, approves with a waiver of a
原则上 rule, sees an approval past the quota refused, certifies, downloads the nomination list),
uploads a bad workbook and reads its report, switches to English and back, works the page with
the keyboard, and finds a teacher of the other county answering 404. The app is served on a
loopback port and stops when the module's tests end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentgraph.access import Role, TokenRegistry
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.readiness import ReadyWhen
from talentgraph.keys import Keys
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.synth import generate_region
from tests.e2e.browser import REQUIRED, bad_workbook, chromium, missing_browser, serving, sign_in

AS_OF = "2026-09-01"
COUNTY, OTHER = "C01-K01", "C01-K02"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = missing_browser()
    if reason:
        if REQUIRED:
            pytest.fail(f"TALENTGRAPH_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("e2e")
    roster = generate_region(6000, seed=5, as_of=dt.date.fromisoformat(AS_OF))
    teachers = roster["teachers"].to_pylist()
    outsider = next(t["id"] for t in teachers if t["school_id"].startswith(OTHER))
    token = TokenRegistry(folder / "home").create(Role.PLANNER, COUNTY)[0]
    store = EmbeddedStore(roster, folder / "region.snapshot")
    with serving(store, folder / "home") as base, chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base, token)
        services = Services.over(store, policy=load_policy("reference"))
        yield {"base": base, "page": page, "outsider": outsider, "folder": folder, "services": services,
               "token": token,
               **_nominees(services)}


def _nominees(services: Services) -> dict[str, Any]:
    """For the round: a county backbone candidate whose only failing gate rules are 原则上 ones
    (approved with a waiver) and an eligible one (refused once the quota of one is used)."""
    found = services.questions.eligibility(Scope.everything(), Target.parse("backbone@county"),
                                           dt.date.fromisoformat(AS_OF), org_id=COUNTY)
    soft = next(v for v in found.only(VerdictKind.REVIEW)
                if all(not c.hard and not c.unknown for c in v.checks if c.gate and not c.passed))
    eligible = found.only(VerdictKind.ELIGIBLE).window(0, 1)[0]
    return {"soft": soft, "eligible": eligible}


def test_signed_in_the_overview_draws_the_funnel(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/overview?as_of={AS_OF}")
    assert page.locator("h2#funnel-h").inner_text() == "梯队漏斗"
    assert page.locator("svg.chart").count() >= 3
    assert "C01-K01" in page.locator("header .role").inner_text()
    assert page.locator("svg.chart text", has_text="县级骨干教师").count() >= 1


def test_the_overview_shows_quota_headroom(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/overview?as_of={AS_OF}")
    assert page.locator("h2#headroom-h").inner_text() == "各层级、各级别剩余名额"
    table = page.locator("section[aria-labelledby=headroom-h] table").inner_text()
    assert "TX-RATIO" in table and "剩余名额" in table
    assert page.locator("section[aria-labelledby=headroom-h] svg.chart text", has_text="剩余").count() >= 1


def test_a_nomination_round_from_opening_to_the_list(site: dict[str, Any]) -> None:
    page, base = site["page"], site["base"]
    soft, eligible = site["soft"], site["eligible"]
    page.goto(f"{base}/app/rounds")
    page.select_option("#round-target", "backbone@county")
    page.select_option("#round-org", COUNTY)
    page.fill("#round-quota", "1")
    page.fill("#round-as-of", AS_OF)
    page.get_by_role("button", name="发起轮次").click()
    page.wait_for_url(re.compile(r".*/app/rounds/R\d+$"))
    round_url = page.url
    assert "县级骨干教师" in page.locator("h1").inner_text()

    # Nominate from the candidate list: the round's link, then a school's list, tick, send.
    for teacher, verdict in ((soft, "review"), (eligible, "eligible")):
        page.goto(round_url)
        page.get_by_role("link", name="从候选人名单中推荐").click()
        page.wait_for_url(re.compile(r".*/app/candidates\?round=.*"))
        page.select_option("#school", teacher.school_id)
        page.select_option("#verdict", verdict)
        page.select_option("#sort", "roster")
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(r".*school=.*"))
        page.check(f"#pick-{teacher.teacher_id}")
        page.get_by_role("button", name="推荐已勾选的教师").click()
        page.wait_for_url(re.compile(r".*/app/rounds/R\d+.*"))
    rows = page.locator("#nominations tbody tr")
    assert rows.count() == 2
    unlabelled = page.evaluate("""[...document.querySelectorAll('select, input:not([type=hidden])')]
        .filter(e => !(e.labels && e.labels.length)).map(e => e.name)""")
    assert unlabelled == []  # every decision control has its label (keyboard and screen readers)

    # Approve the soft candidate, waiving every 原则上 rule the form offers (only those it fails).
    row = rows.filter(has_text=soft.teacher_id)
    offered = row.locator("input[name=waive]")
    failing = sorted({c.rule for c in soft.checks if c.gate and not c.passed})
    assert sorted(offered.evaluate_all("els => els.map(e => e.value)")) == failing
    for k in range(offered.count()):
        offered.nth(k).check()
    row.locator("input[name=reason]").fill("教研成果突出，经集体研究同意")
    row.locator("input[name=approver]").fill("县教育局 张")
    row.get_by_role("button", name="提交审批").click()
    page.wait_for_url(re.compile(r".*#nominations$"))
    assert "已批准" in page.locator("#nominations tbody tr", has_text=soft.teacher_id).inner_text()

    # The quota is one: approving the other is refused, in Chinese and English, and nothing changes.
    row = page.locator("#nominations tbody tr", has_text=eligible.teacher_id)
    row.locator("input[name=reason]").fill("符合条件")
    row.locator("input[name=approver]").fill("县教育局 张")
    row.get_by_role("button", name="提交审批").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "操作被拒绝：未作任何更改"
    assert "名额已满" in page.locator("p.refusal").inner_text()
    assert "is full" in page.locator("p.original").inner_text()
    page.goto(round_url)
    assert "已推荐" in page.locator("#nominations tbody tr", has_text=eligible.teacher_id).inner_text()

    # Certify today, and download the nomination list 推荐名单.
    page.fill("#certify-on", dt.date.today().isoformat())
    page.get_by_role("button", name="认定", exact=True).click()
    page.wait_for_load_state()
    assert "已认定" in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载推荐名单（XLSX）").click()
    saved = Path(site["folder"]) / "list.xlsx"
    download.value.save_as(saved)
    import openpyxl

    rows_ = [[c.value for c in r] for r in openpyxl.load_workbook(saved).active.iter_rows()]
    assert rows_[1][:3] == ["序号", "教师编号", "姓名"]
    assert {r[1] for r in rows_[2:]} == {soft.teacher_id, eligible.teacher_id}

    # The same round in English.
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text().startswith("Round")
    page.get_by_role("link", name="中文").click()


def test_round_forms_are_the_steps_the_caller_may_take(site: dict[str, Any]) -> None:
    """A county round seen by the county's planner offers the decision and certification forms; seen
    by the planner of one of its schools, only nominating (its own teachers), never a decision."""
    page, base, eligible = site["page"], site["base"], site["eligible"]
    page.goto(f"{base}/app/rounds")
    page.select_option("#round-target", "backbone@county")
    page.select_option("#round-org", COUNTY)
    page.fill("#round-quota", "2")
    page.fill("#round-as-of", AS_OF)
    page.get_by_role("button", name="发起轮次").click()
    page.wait_for_url(re.compile(r".*/app/rounds/R\d+$"))
    round_url, round_id = page.url, page.url.rsplit("/", 1)[1]
    county = Scope(Role.PLANNER, COUNTY, Keys.ephemeral())
    site["services"].rounds.nominate(county, round_id, [eligible.teacher_id])
    page.goto(round_url)
    assert page.locator("form.decide").count() == 1 and page.locator("#certify-h").count() == 1

    token = TokenRegistry(Path(site["folder"]) / "home").create(Role.PLANNER, eligible.school_id)[0]
    page.context.clear_cookies()  # a new visitor: the school's planner
    try:
        sign_in(page, base, token)
        page.goto(round_url)
        assert round_id in page.locator("h1").inner_text()
        assert eligible.teacher_id in page.locator("#nominations tbody").inner_text()
        assert page.locator("form.decide").count() == 0 and page.locator("#certify-h").count() == 0
        assert page.get_by_role("link", name="从候选人名单中推荐").count() == 1
    finally:  # the county's planner again, for the tests after this one
        page.context.clear_cookies()
        sign_in(page, base, site["token"])


def test_filter_the_candidates(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/candidates?as_of={AS_OF}")
    page.select_option("#target", "backbone@city")
    page.select_option("#verdict", "review")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*verdict=review.*"))
    badges = page.locator("table.list tbody .badge").all_inner_texts()
    assert badges and set(badges) == {"待审核"}
    assert page.locator("h1").inner_text().endswith("市级骨干教师")


def test_filter_the_candidates_by_readiness(site: dict[str, Any]) -> None:
    """One school's candidates, ready now and then not on current data: the list is the service's
    answer for each (``Decisions.ready``), each row with its readiness in Chinese."""
    page, services = site["page"], site["services"]
    school = site["eligible"].school_id
    found = services.questions.eligibility(Scope.everything(), Target.parse("backbone@county"),
                                           dt.date.fromisoformat(AS_OF), org_id=school)
    for when, badge in ((ReadyWhen.NOW, "当前即可"), (ReadyWhen.NOT, "按现有数据无法达标")):
        expected = {v.teacher_id for v in services.decisions.ready(found, when).verdicts}
        page.goto(f"{site['base']}/app/candidates?target=backbone@county&as_of={AS_OF}")
        page.select_option("#school", school)
        page.select_option("#ready", when.value)
        page.click("form.filters button[type=submit]")
        page.wait_for_url(re.compile(rf".*ready={when.value}.*"))
        assert page.locator("#ready option:checked").inner_text() == {"now": "当前即可", "not": badge}[when]
        rows = page.locator("table.list tbody tr")
        shown = {r.split()[0] for r in rows.locator("th small").all_inner_texts()}
        assert expected and shown == expected
        badges = rows.locator(".badge[class*=ready-]").all_inner_texts()
        assert len(badges) == len(expected) and {b.split()[0] for b in badges} == {badge}


def test_open_an_explanation(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/candidates?target=backbone@city&verdict=review&as_of={AS_OF}")
    page.locator("table.list tbody tr").first.get_by_role("link", name=re.compile("查看原因")).click()
    page.wait_for_url(re.compile(r".*/explanation\?.*"))
    rules = page.locator("li.check code.rule").all_inner_texts()
    assert "JM-LEVEL" in rules and page.locator("li.check.fail, li.check.unknown").count() >= 1
    assert page.locator("h1").inner_text().endswith("待审核")


def test_upload_a_bad_workbook_and_read_its_report(site: dict[str, Any]) -> None:
    page = site["page"]
    path = bad_workbook(Path(site["folder"]) / "bad.xlsx")
    page.goto(f"{site['base']}/app/upload")
    page.set_input_files("#file", str(path))
    page.click("form[enctype] button[type=submit]")
    report = page.locator("section.report.bad")
    report.wait_for()
    assert "未存储任何内容" in report.locator("h2").inner_text()
    rows = report.locator("tbody tr").all_inner_texts()
    assert any("入职日期" in r and "不是日期" in r for r in rows), rows  # the column by its Chinese header
    warnings = report.locator("table.warnings tbody tr").all_inner_texts()  # below the problems
    assert any("Sheet1" in r for r in warnings), warnings


def test_switch_language_and_back(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/overview?as_of={AS_OF}")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r".*lang=en.*"))
    assert page.locator("h2#funnel-h").inner_text() == "Pipeline funnel"
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(f"{site['base']}/app/candidates")  # remembered
    assert page.locator("nav a[aria-current=page]").inner_text() == "Candidates"
    page.get_by_role("link", name="中文").click()
    assert page.locator("nav a[aria-current=page]").inner_text() == "候选人"


def test_keyboard_skip_link_and_labelled_controls(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/candidates?as_of={AS_OF}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    unlabelled = page.evaluate("""[...document.querySelectorAll('select, input:not([type=hidden])')]
        .filter(e => !(e.labels && e.labels.length)).map(e => e.name)""")
    assert unlabelled == []
    page.keyboard.press("Enter")
    for _ in range(3):  # from the content, Tab reaches the filters in order
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") in {"target", "org_id", "school"}


def test_a_teacher_of_another_county_is_not_found(site: dict[str, Any]) -> None:
    page = site["page"]
    answer = page.goto(f"{site['base']}/app/teachers/{site['outsider']}")
    assert answer is not None and answer.status == 404
    assert page.locator("h1").inner_text() == "未找到"
    missing = page.goto(f"{site['base']}/app/teachers/T9999999")
    assert missing is not None and missing.status == 404
