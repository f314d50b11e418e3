"""Starting the command line imports no heavy dependency a command may not use.

Every ``talentgraph`` command pays for what ``talentgraph.cli.main`` imports before it runs, so the
libraries only some commands need are imported where they are used: the Neo4j driver when a Bolt
store is opened (or ``cypher`` is asked), FastAPI and uvicorn only by ``serve``, openpyxl and
calamine when a workbook is read or written, networkx when a graph is built, pandas by the research
tables (and by pyarrow, the first time it converts Python values: never at import). A test of what
is imported, not of how long it takes (benchmarks time; tests do not).
"""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

HEAVY = ("pandas", "neo4j", "fastapi", "uvicorn", "openpyxl", "python_calamine", "networkx")


def imported_by(code: str) -> set[str]:
    """The top-level names of the modules a fresh interpreter holds after running ``code``."""
    shown = f"{code}; import sys; print(sorted(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", shown], capture_output=True, text=True, check=True)
    names: list[str] = ast.literal_eval(proc.stdout)
    return {name.split(".")[0] for name in names}


@pytest.fixture(scope="module")
def at_start() -> set[str]:
    return imported_by("import talentgraph.cli.main")


@pytest.mark.parametrize("library", HEAVY)
def test_the_command_line_starts_without(at_start: set[str], library: str) -> None:
    assert library not in at_start


def test_the_check_sees_what_is_imported() -> None:
    # The same probe finds a heavy library once something imports it: the test above can fail.
    assert "openpyxl" in imported_by("import talentgraph.cli.main, talentgraph.bundle.template")
