"""Every column of every table is written to Neo4j and read back by every read, on a real Bolt
server: a column added to the table schema but not to a Cypher read fails here."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest

from talentgraph.domain.tables import FILE_ORDER, ROUND_TABLES
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store import FACT_TABLES, Neo4jStore, canonical
from talentgraph.store.neo4j_store import reads as neo4j_module
from tests.every_column import every_column_roster

pytestmark = pytest.mark.integration


@pytest.fixture
def full(neo4j_store: Neo4jStore) -> Roster:
    roster = every_column_roster()
    neo4j_store.load(roster)
    return roster


def rows(table: pa.Table) -> list[dict[str, Any]]:
    return sorted(table.to_pylist(), key=repr)


def test_the_whole_graph_reads_back_every_column(neo4j_store: Neo4jStore, full: Roster) -> None:
    again = canonical(neo4j_store.roster())
    for name in FILE_ORDER:
        assert again[name].equals(canonical(full)[name]), name


def test_the_record_reads_give_every_column(neo4j_store: Neo4jStore, full: Roster) -> None:
    records = [n for n in FILE_ORDER if n != "orgs" and n not in ROUND_TABLES]  # rounds: round_rows
    of_teachers = neo4j_store.rows_of(["T1", "T2"], records)
    in_scope = neo4j_store.rows_in(None, records)
    for name in ("orgs", *records):
        assert rows(of_teachers[name]) == rows(full[name]), name
        assert rows(in_scope[name]) == rows(full[name]), name
    studios = neo4j_store.studio_rows(["S1"])
    for name in ("studios", "studio_members", "studio_links"):
        assert rows(studios[name]) == rows(full[name]), name
    assert rows(neo4j_store.mentored_by("T1")) == rows(full["mentorships"])
    for ids in (None, ["R0001"]):
        rounds = neo4j_store.round_rows(ids)
        for name in ROUND_TABLES:
            assert rows(rounds[name]) == rows(full[name]), name
    assert all(neo4j_store.round_rows(["R9"]).count(name) == 0 for name in ROUND_TABLES)


def test_one_teachers_facts_read_every_column(neo4j_store: Neo4jStore, full: Roster,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """facts_of reads one statement of its own (match_teacher_facts): the roster it builds the
    facts from holds rows of the full roster with every column."""
    seen: list[Roster] = []
    real = neo4j_module.facts_from_roster

    def keep(roster: Roster) -> Any:
        seen.append(roster)
        return real(roster)

    monkeypatch.setattr(neo4j_module, "facts_from_roster", keep)
    for teacher in ("T1", "T2"):
        neo4j_store.facts_of(teacher)
    for name in ("orgs", *FACT_TABLES):
        read = [row for roster in seen for row in roster[name].to_pylist()]
        assert read, name
        assert all(row in full[name].to_pylist() for row in read), name
