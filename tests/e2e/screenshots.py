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


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/web"))
