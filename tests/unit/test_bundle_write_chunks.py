"""A table whose first chunk is empty (as a node row updated in place leaves one) is written as
its rows: pyarrow's CSV writer alone writes NUL bytes for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from tests.factories import Region


def test_a_table_with_an_empty_first_chunk_is_written_as_its_rows(tmp_path: Path) -> None:
    roster = Region().teacher("T1").teacher("T2").roster()
    teachers = roster["teachers"]
    chunked = pa.concat_tables([teachers.slice(0, 0), teachers.slice(0, 1), teachers.slice(1)])
    assert chunked.column(0).num_chunks == 3
    write_bundle(Roster({**roster.tables, "teachers": chunked}, roster.present), tmp_path / "b")
    text = (tmp_path / "b" / "teachers.csv").read_bytes()
    assert b"\x00" not in text
    again = load_bundle(tmp_path / "b", today=dt.date(2026, 11, 27))
    assert again["teachers"]["id"].to_pylist() == ["T1", "T2"]
