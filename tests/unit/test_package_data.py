"""Every file the web app and the i18n layer read at run time ships in the installed package:
pyproject's package-data globs cover each template, static file and compiled catalogue (a wheel
built from this checkout holds them; the assets are the project's own, none fetched or built)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "talentgraph"


def test_package_data_covers_templates_static_files_and_catalogues() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = setuptools["package-data"]["talentgraph"]
    needed = [p for folder in ("web/templates", "web/static", "locale") for p in (PACKAGE / folder).rglob("*")
              if p.is_file() and p.suffix != ".pot"]
    assert any(p.suffix == ".mo" for p in needed) and any(p.suffix == ".html" for p in needed)
    uncovered = [str(p.relative_to(PACKAGE)) for p in needed
                 if not any(fnmatch(str(p.relative_to(PACKAGE)), g) and
                            str(p.relative_to(PACKAGE)).count("/") == g.count("/") for g in globs)]
    assert uncovered == []
