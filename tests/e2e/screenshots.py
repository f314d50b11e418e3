"""Screenshots of the main pages, in Chinese, for docs/web.md: a generated region served on a
loopback port and photographed by headless Chromium at 1366x768.

    python -m tests.e2e.screenshots docs/web          # writes docs/web/*.png
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from talentgraph.access import Role, TokenRegistry
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.synth import generate_region
from tests.e2e.browser import bad_workbook, chromium, serving, sign_in

AS_OF = "2026-09-01"
COUNTY = "C01-K02"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    roster = generate_region(12000, seed=7, as_of=dt.date.fromisoformat(AS_OF))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        token = TokenRegistry(home).create(Role.PLANNER, COUNTY)[0]
        store = EmbeddedStore(roster, Path(tmp) / "region.snapshot")
        with serving(store, home) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, token)
            shots = {
                "overview": f"/app/overview?as_of={AS_OF}",
                "candidates": f"/app/candidates?target=backbone@city&as_of={AS_OF}&verdict=review",
            }
            for name, path in shots.items():
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            page.goto(base + shots["candidates"])
            page.locator("table.list tbody tr").first.get_by_role("link", name="查看原因").click()
            page.screenshot(path=str(out / "explanation.png"), full_page=False)
            page.goto(f"{base}/app/studios?as_of={AS_OF}")
            page.locator("table.list tbody tr th a").first.click()
            page.screenshot(path=str(out / "studio.png"), full_page=True)
            page.locator(".columns table").first.locator("tbody tr th a").first.click()  # the lead
            page.screenshot(path=str(out / "teacher.png"), full_page=True)
            page.goto(f"{base}/app/policy")
            page.screenshot(path=str(out / "policy.png"), full_page=False)
            page.goto(f"{base}/app/upload")
            page.set_input_files("#file", str(bad_workbook(Path(tmp) / "花名册.xlsx")))
            page.click("form[enctype] button[type=submit]")
            page.locator("section.report").wait_for()
            page.screenshot(path=str(out / "upload.png"), full_page=False)
            round_id, waiting = _a_round(Services.over(store, policy=load_policy("reference")))
            page.goto(f"{base}/app/overview?as_of={AS_OF}")
            page.locator("#headroom-h").scroll_into_view_if_needed()
            page.screenshot(path=str(out / "headroom.png"), full_page=False)
            page.locator("#coverage-h").scroll_into_view_if_needed()
            page.screenshot(path=str(out / "coverage.png"), full_page=False)
            page.goto(f"{base}/app/rounds")
            page.screenshot(path=str(out / "rounds.png"), full_page=False)
            page.goto(f"{base}/app/rounds/{round_id}")
            page.screenshot(path=str(out / "round.png"), full_page=True)
            page.goto(f"{base}/app/candidates?round={round_id}&readiness=1")
            page.screenshot(path=str(out / "nominate.png"), full_page=False)
            page.goto(f"{base}/app/rounds/{round_id}")
            row = page.locator("#nominations tbody tr", has_text=waiting)
            row.locator("input[name=reason]").fill("符合条件")
            row.locator("input[name=approver]").fill("区教育局 李")
            row.get_by_role("button", name="提交审批").click()
            page.wait_for_load_state()
            page.screenshot(path=str(out / "refused.png"), full_page=False)


def _a_round(services: Services) -> tuple[str, str]:
    """A county backbone round of the county's planner with a quota of two: a review candidate
    approved with a waiver of the 原则上 rules it fails, an eligible one approved, one rejected
    and one still waiting (approving it is refused: the quota is used)."""
    scope = Scope(Role.PLANNER, COUNTY, services.keys)
    target, on = Target.parse("backbone@county"), dt.date.fromisoformat(AS_OF)
    found = services.questions.eligibility(scope, target, on)
    soft = next(v for v in found.only(VerdictKind.REVIEW)
                if all(not c.hard and not c.unknown for c in v.checks if c.gate and not c.passed))
    first, second, third = (v.teacher_id for v in services.decisions.ranked(found).verdicts.window(0, 3))
    view = services.rounds.open(scope, target, COUNTY, 2, as_of=on)
    services.rounds.nominate(scope, view.id, [soft.teacher_id, first, second, third])
    waive = sorted({c.rule for c in soft.checks if c.gate and not c.passed})
    services.rounds.decide(scope, view.id, soft.teacher_id, approve=True, waive=waive,
                           reason="教研成果突出，经局务会研究同意", by="区教育局 李")
    services.rounds.decide(scope, view.id, first, approve=True, reason="综合排名第一", by="区教育局 李")
    services.rounds.decide(scope, view.id, second, approve=False, reason="本轮名额有限", by="区教育局 李")
    return view.id, third


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/web"))
