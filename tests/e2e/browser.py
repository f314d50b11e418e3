"""A real browser for the end-to-end tests and the screenshots: Debian's Chromium, driven by
Playwright (``executable_path``: Playwright's own browser downloads are not used), and the app
served by uvicorn on a loopback port of the kernel's choosing, stopped when the block ends.

Without Chromium the browser tests skip, saying why, unless TALENTGRAPH_REQUIRE_BROWSER=1
(``.ci/run`` sets it after installing Chromium), when they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from talentgraph.bootstrap import api_app
from talentgraph.store.protocol import TalentStore

CHROMIUM = os.environ.get("TALENTGRAPH_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("TALENTGRAPH_REQUIRE_BROWSER") == "1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_S = 30.0


def missing_browser() -> str | None:
    """Why no browser test can run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set TALENTGRAPH_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@contextmanager
def serving(store: TalentStore, home: Path) -> Iterator[str]:
    """The app (API and pages) on 127.0.0.1 at a free port, in a thread; stopped after the block."""
    config = uvicorn.Config(api_app(store, home=home), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium(locale: str = "zh-CN", width: int = 1366, height: int = 768) -> Iterator[Any]:
    """A fresh headless Chromium context (its own profile folder, removed after)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="talentgraph-chromium-")
    try:
        with sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=[*ARGS, f"--lang={locale}"],
                locale=locale, viewport={"width": width, "height": height}, timeout=60_000)
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def sign_in(page: Any, base: str, token: str) -> None:
    page.goto(f"{base}/app/overview")
    page.fill("#token", token)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/app/overview.*"))


def bad_workbook(path: Path) -> Path:
    """A roster workbook with mistakes an office makes: an impossible date, a school that is not
    in the roster, a stage that is not one, a missing name (and no orgs sheet at all); and a
    sheet that is no bundle table (a warning, shown with the problems)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "teachers"
    sheet.append(["id", "name", "school_id", "entry_date", "stage", "subject", "status"])
    sheet.append(["T0000001", "李明", "C01-K01-S0001", "2021-02-30", "primary", "math", "active"])
    sheet.append(["T0000002", "王芳", "C01-K01-S9999", "2019-09-01", "primary", "chinese", "active"])
    sheet.append(["T0000003", "", "C01-K01-S0001", "2018-09-01", "middle", "math", "active"])
    book.create_sheet("Sheet1").append(["备用"])
    book.save(path)
    return path
