"""The Neo4j store package is layered: each module imports only the modules before it in LAYERS
(so there is no cycle), and none imports the package itself (its __init__ only re-exports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = "talentgraph.store.neo4j_store"
FOLDER = Path(__file__).resolve().parents[2] / "src" / "talentgraph" / "store" / "neo4j_store"
LAYERS = ("statements", "transactions", "rows", "keys", "loads", "reads", "sweep_hours_forms",
          "sweep_statement", "sweeps", "pipeline_counts", "records", "migrations", "offline_import", "rounds",
          "store")


def imported(module: str) -> set[str]:
    """The package's modules that ``module`` imports."""
    tree = ast.parse((FOLDER / f"{module}.py").read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            found.add(node.module.removeprefix(PACKAGE).lstrip(".") or "<package>")
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix(PACKAGE).lstrip(".") or "<package>"
                         for a in node.names if a.name.startswith(PACKAGE))
    return found


def test_every_module_is_in_a_layer() -> None:
    assert {p.stem for p in FOLDER.glob("*.py")} - {"__init__"} == set(LAYERS)


@pytest.mark.parametrize("module", LAYERS)
def test_a_module_imports_only_modules_before_it(module: str) -> None:
    before = set(LAYERS[:LAYERS.index(module)])
    assert imported(module) <= before
