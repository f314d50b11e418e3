"""Every notebook in notebooks/ runs top to bottom, and none is committed with outputs.

Executed with nbclient on the ``python3`` kernel that ipykernel installs into
the environment (the ``test`` extra); an error in any cell fails the test.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_says_its_data_is_synthetic_and_what_is_today(path: Path) -> None:
    first = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    assert "**Synthetic data.**" in first.source and "**Today's values:**" in first.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook without code"
    stale = [i for i, c in enumerate(code) if c.outputs or c.execution_count is not None]
    assert not stale, f"code cells {stale} carry outputs: strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "every notebook tells its story with at least one plot"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    # Plots are labelled with ids and pinyin: a CJK label would render as boxes on this font.
    assert "missing from font" not in text and "Glyph" not in text, text
