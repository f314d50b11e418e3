"""Load a roster bundle: read it, validate it, return the typed ``Roster``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from talentgraph.bundle.read import read_bundle
from talentgraph.bundle.validate import validate
from talentgraph.roster import Roster


def load_bundle(path: Path, *, today: date | None = None) -> Roster:
    """Read and validate a bundle folder or .xlsx workbook; raises ``BundleError``.

    ``today`` is the day of the load (records dated after it are problems); it
    defaults to the current date.
    """
    return validate(read_bundle(path), today=today or date.today())
