"""The offline import files do not carry nomination rounds yet: a roster with rounds is refused,
in one line, before a file is written, rather than imported without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.errors import TalentGraphError
from talentgraph.store.neo4j_store.offline_import import write_import
from tests.factories import Region


def test_a_roster_with_rounds_is_refused_not_imported_without_them(tmp_path: Path) -> None:
    roster = Region().teacher("T1").round_trail("R0001", "T1").roster()
    with pytest.raises(TalentGraphError, match="does not carry nomination rounds") as refused:
        write_import(roster, tmp_path / "import")
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "import").exists()
    write_import(Region().teacher("T1").roster(), tmp_path / "plain")  # without rounds: as before
    assert (tmp_path / "plain" / "nodes-Teacher.csv").is_file()
