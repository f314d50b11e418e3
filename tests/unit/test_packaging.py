"""pyproject.toml lists its packages by hand (talentgraph.cypher lives outside src/): every package
of src/ and api/ must be there, and cypher/ must map onto talentgraph.cypher."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

from talentgraph.store.cypher import PACKAGE, names

REPO = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_package_is_listed() -> None:
    found = {".".join(init.parent.relative_to(root).parts)
             for root in (REPO / "src", REPO / "api") for init in root.rglob("__init__.py")}
    assert set(CONFIG["packages"]) == found | {PACKAGE}


def test_cypher_is_mapped_into_the_package() -> None:
    assert CONFIG["package-dir"][PACKAGE] == "cypher"
    assert "*.cypher" in CONFIG["package-data"][PACKAGE]


def test_the_statements_read_are_the_repositorys() -> None:
    """In this (editable) install the package's files are cypher/ itself."""
    assert names() == sorted(p.stem for p in (REPO / "cypher").glob("*.cypher"))
    installed = (files(PACKAGE) / "merge_orgs.cypher").read_text()
    assert installed == (REPO / "cypher" / "merge_orgs.cypher").read_text()
