"""The web app in a real browser (headless Chromium): a county planner's session, start to end.

Signs in as a planner of one county of a generated region, opens the overview, filters the
candidates, opens an explanation, uploads a bad workbook and reads its report, switches to
English and back, works the page with the keyboard, and finds a teacher of the other county
answering 404. The app is served on a loopback port and stops when the module's tests end.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talentgraph.access import Role, TokenRegistry
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
    with serving(EmbeddedStore(roster, folder / "region.snapshot"), folder / "home") as base, \
            chromium() as browser:
        page = browser.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base, token)
        yield {"base": base, "page": page, "outsider": outsider, "folder": folder}


def test_signed_in_the_overview_draws_the_funnel(site: dict[str, Any]) -> None:
    page = site["page"]
    page.goto(f"{site['base']}/app/overview?as_of={AS_OF}")
    assert page.locator("h2#funnel-h").inner_text() == "梯队漏斗"
    assert page.locator("svg.chart").count() >= 3
    assert "C01-K01" in page.locator("header .role").inner_text()
    assert page.locator("svg.chart text", has_text="县级骨干教师").count() >= 1


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
    assert any("entry_date" in r for r in rows), rows


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
