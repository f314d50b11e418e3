"""``talentgraph export --neo4j-import``: the files and command of Neo4j's offline import, run with
Neo4j's own import tool (from the same Maven artifacts as the test server). The imported database
holds the same graph as a driver load of the same roster (every node, relationship and property),
and the Neo4j store reads it back as the roster and answers as the embedded store."""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from neo4j import Driver, GraphDatabase

from talentgraph.bundle.write import write_bundle
from talentgraph.domain.graph_schema import Label
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store import Neo4jStore, canonical
from talentgraph.store.neo4j_store.offline_import import write_import
from talentgraph.synth import generate_region
from tests.integration import neo4j_launcher
from tests.integration.bolt_server import BoltTarget

pytestmark = [pytest.mark.integration, pytest.mark.skipif(
    not neo4j_launcher.available(), reason="needs Java and Maven (Neo4j's import tool)")]

LABELS = "|".join(label.value for label in Label)


def awkward(roster: Roster) -> Roster:
    """Names that need quoting (a comma, a quote, a line break, an empty string), an extra column,
    and titles certified by a nomination round (schema version 3's source columns on the holding,
    a verdict in JSON with commas and quotes)."""
    tables = dict(roster.tables)
    titles = tables["titles"].to_pylist()
    for i, row in enumerate(titles[:3]):
        row |= {"source": "round", "nomination_id": f"N{i}", "policy": "jiangmen", "policy_hash": "f00d",
                "verdict": '{"verdict": "eligible", "checks": ["JM-LEVEL", "JM-YEARS"]}'}
    tables["titles"] = pa.Table.from_pylist(titles, schema=tables["titles"].schema)
    teachers = tables["teachers"]
    names = teachers["name"].to_pylist()
    names[:4] = ['王, "小" 明', "两行\n名字", "", None]
    teachers = teachers.set_column(teachers.column_names.index("name"), "name", pa.array(names, pa.string()))
    notes = pa.array(["note, one" if i % 3 == 0 else None for i in range(teachers.num_rows)], pa.string())
    tables["teachers"] = teachers.append_column("note", notes)
    return Roster(tables, roster.present)


@pytest.fixture(scope="module")
def roster() -> Roster:
    return awkward(generate_region(300, seed=9))


@pytest.fixture(scope="module")
def imported(roster: Roster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[neo4j_launcher.Running]:
    """The import files of ``roster``; the command written beside them runs Neo4j's import tool
    into an empty DBMS home; a Neo4j server then opens that home."""
    root = tmp_path_factory.mktemp("neo4j-import")
    files = write_import(roster, root / "import")
    command = script_command(root / "import")
    assert command == files.command
    assert "--multiline-fields=true" in command  # a name has a line break
    home = root / "home"
    ran = neo4j_launcher.admin(home, command[1:], cwd=root / "import")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "IMPORT DONE" in ran.stdout
    with neo4j_launcher.neo4j_server(home=home) as running:
        yield running


def script_command(folder: Path) -> list[str]:
    """The neo4j-admin command import.sh runs (after its cd)."""
    last = (folder / "import.sh").read_text().splitlines()[-1]
    command = shlex.split(last.split(" && ", 1)[1])
    assert command[:4] == ["neo4j-admin", "database", "import", "full"]
    return command


def test_the_cli_writes_the_files_and_prints_the_command(roster: Roster, tmp_path: Path) -> None:
    write_bundle(roster, tmp_path / "bundle")
    done = subprocess.run([sys.executable, "-m", "talentgraph", "export", "--data", str(tmp_path / "bundle"),
                           "--neo4j-import", str(tmp_path / "import")], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    command = script_command(tmp_path / "import")
    printed = next(line for line in done.stdout.splitlines() if line.startswith("cd "))
    assert printed == f"cd {shlex.quote(str((tmp_path / 'import').resolve()))} && {shlex.join(command)}"
    for argument in command:
        if argument.startswith(("--nodes=", "--relationships=")):
            assert all((tmp_path / "import" / f).is_file() for f in argument.split("=", 2)[2].split(","))


@pytest.fixture(scope="module")
def imported_driver(imported: neo4j_launcher.Running) -> Iterator[Driver]:
    with GraphDatabase.driver(imported.uri, auth=(imported.user, imported.password)) as driver:
        yield driver


def test_the_store_reads_the_imported_graph_back_as_the_roster(imported: neo4j_launcher.Running,
                                                               roster: Roster) -> None:
    store = Neo4jStore.connect(imported.uri, imported.user, imported.password)
    try:
        assert canonical(store.roster()).equals(canonical(roster))
        assert store.counts()["Teacher"] == roster.count("teachers")
    finally:
        store.close()


def test_the_imported_graph_is_the_driver_loaded_graph(imported_driver: Driver, bolt_target: BoltTarget,
                                                       roster: Roster) -> None:
    t = bolt_target
    store = Neo4jStore.connect(t.uri, t.user, t.password, t.database)
    try:
        store.clear()
        store.load(roster)
        with GraphDatabase.driver(t.uri, auth=(t.user, t.password)) as loaded:
            expected = dump(loaded, t.database)
    finally:
        store.clear()
        store.close()
    found = dump(imported_driver, "neo4j")
    assert found[0] == expected[0]  # nodes
    assert found[1] == expected[1]  # relationships


def dump(driver: Driver, database: str) -> tuple[list[Any], list[Any]]:
    """Every talentgraph node (labels, properties) and relationship (type, ends by key,
    properties), sorted, with each value's type kept."""
    nodes, _, _ = driver.execute_query(f"MATCH (n:{LABELS}) RETURN labels(n) AS l, properties(n) AS p",
                                       database_=database)
    rels, _, _ = driver.execute_query(
        f"MATCH (a:{LABELS})-[r]->(b) RETURN type(r) AS t, labels(a)[0] AS al, coalesce(a.id, a.key) AS a, "
        "labels(b)[0] AS bl, coalesce(b.id, b.key) AS b, properties(r) AS p", database_=database)
    return (sorted(repr((r["l"], _props(r["p"]))) for r in nodes),
            sorted(repr((r["t"], r["al"], r["a"], r["bl"], r["b"], _props(r["p"]))) for r in rels))


def _props(props: dict[str, Any]) -> list[tuple[str, str, str]]:
    # An empty list is no property in an import file (the Meta node's extras when there are none).
    return sorted((k, type(v).__name__, str(v)) for k, v in props.items() if v != [])
