"""Load a roster bundle: read it, validate it, return the typed ``Roster``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from talentgraph.bundle.read import LOCAL_LIMITS, ReadLimits, read_bundle
from talentgraph.bundle.validate import validate
from talentgraph.roster import Roster


def load_bundle(path: Path, *, today: date | None = None, strict: bool = False,
                limits: ReadLimits = LOCAL_LIMITS) -> Roster:
    """Read and validate a bundle folder or .xlsx workbook; raises ``BundleError``.

    ``today`` is the day of the load (records dated after it are problems); it
    defaults to the current date. ``strict``: a file, sheet or column that is not
    read is a problem, not a warning. ``limits`` bound what the bundle may hold.
    """
    return validate(read_bundle(path, limits), today=today or date.today(), strict=strict)
