"""Pseudonyms for researchers in Python: the same keyed pseudonyms the API's researcher role sees.

The key is ``<TALENTGRAPH_HOME>/pseudonym.key`` (created on first use, as the
API server does), so a teacher is ``P-...`` in a notebook's table, in an
exported GraphML file and in an API answer alike. This module is the only
place the research layer reaches the server's keys (``talentgraph.keys``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Hide = Callable[[str], str]  # teacher id -> what a table or export shows


def researcher_pseudonyms(home: Path | None = None) -> Hide:
    """The researcher role's pseudonym function for ``home`` (default: the settings' TALENTGRAPH_HOME)."""
    from talentgraph.keys import Keys
    from talentgraph.settings import get_settings

    return Keys.of_home(home if home is not None else get_settings().home_dir).pseudonyms.hide


def shown(hide: Hide | None) -> Hide:
    """``hide``, or the identity when ids are shown as they are."""
    return hide if hide is not None else _same


def _same(teacher_id: str) -> str:
    return teacher_id
