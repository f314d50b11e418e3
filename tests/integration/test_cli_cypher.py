"""``talentgraph cypher`` prints the statement that decides a target; run unchanged through the
official driver against the Bolt test server, it returns the candidates and verdicts
``talentgraph eligible`` gives for the same question.

The region has two cities. A city-level candidate holding a county title from the other city's
county does not pass JM-LEVEL (review, the awarding org named); one holding their own county's
does (eligible); both stores say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from talentgraph.bundle.write import write_bundle
from talentgraph.store.neo4j_store import Neo4jStore
from tests.factories import AS_OF, SCHOOL, Region
from tests.integration.bolt_server import BoltTarget
from tests.integration.test_cli_bolt import run

pytestmark = pytest.mark.integration

DAY = AS_OF.isoformat()


def two_cities() -> Region:
    """City C1 (county C1-K1, its school) and city C2 (county C2-K1, its school); candidates for
    backbone@city at C1-K1-S1 with backbone@county titles from either county."""
    region = (Region()
              .org("C2", "city", "佛山市", None).org("C2-K1", "county", "南海区", "C2")
              .org("C2-K1-S1", "school", "南海第一中学", "C2-K1", rural=False))
    for teacher, county in (("T1", "C2-K1"), ("T2", "C1-K1"), ("T3", None)):
        region.teacher(teacher, entry="2010-09-01", school=SCHOOL)
        region.title(teacher, "emerging", "school", "2016-06-01")
        if county:
            region.title(teacher, "backbone", "county", "2024-06-01", org=county)
        for year in range(2019, 2026):
            region.hours(teacher, f"{year}-05-01", 100)
            region.review(teacher, year, "annual", "excellent")
    region.teacher("T4", entry="2012-09-01", school="C2-K1-S1")  # the other city's teacher
    region.title("T4", "backbone", "county", "2024-06-01", org="C2-K1")
    return region


@pytest.fixture(scope="module")
def loaded(bolt_target: BoltTarget, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("two-cities") / "region"
    write_bundle(two_cities().roster(("titles", "training", "reviews", "programmes")), folder)
    store = Neo4jStore.connect(bolt_target.uri, bolt_target.user, bolt_target.password, bolt_target.database)
    try:
        store.clear()
    finally:
        store.close()
    run(bolt_target, "load", str(folder), "--store", bolt_target.uri)
    yield folder


def printed(*args: str) -> dict[str, object]:
    found = json.loads(run(None, "cypher", *args, "--as-of", DAY, "--format", "json").stdout)
    assert set(found) == {"statement", "parameters"}
    return found


def through_the_driver(target: BoltTarget, found: dict[str, object]) -> list[dict[str, object]]:
    with neo4j.GraphDatabase.driver(target.uri, auth=(target.user, target.password)) as driver:
        records = driver.execute_query(str(found["statement"]), found["parameters"],
                                       database_=target.database).records
    return [r.data() for r in records]


def eligible(target: BoltTarget, source: tuple[str, str], *args: str) -> list[tuple[str, str]]:
    rows = json.loads(run(target, "eligible", *args, *source, "--as-of", DAY, "--format", "json").stdout)
    return sorted((r["teacher_id"], r["verdict"]) for r in rows)


@pytest.mark.parametrize("question", [
    ("--target", "backbone@city", "--policy", "jiangmen"),
    ("--target", "backbone@city", "--policy", "jiangmen", "--org", "C1"),
    ("--target", "emerging@county", "--policy", "jiangmen"),
    ("--target", "backbone@county", "--policy", "reference"),
    ("--target", "famous@city", "--policy", "xd"),
    ("--target", "backbone@county", "--policy", "wenzhou"),   # WZ-CYCLE in Cypher
    ("--target", "backbone@county", "--policy", "luoerling"),  # LE-HOURS in Cypher
])
def test_the_printed_statement_answers_as_talentgraph_eligible(bolt_target: BoltTarget, loaded: Path,
                                                               question: tuple[str, ...]) -> None:
    rows = through_the_driver(bolt_target, printed(*question))
    assert rows and all({"teacher_id", "verdict"} <= set(r) for r in rows)
    got = sorted((str(r["teacher_id"]), str(r["verdict"])) for r in rows)
    assert got == eligible(bolt_target, ("--store", bolt_target.uri), *question)
    assert got == eligible(bolt_target, ("--data", str(loaded)), *question)  # the embedded store


def test_a_county_title_from_the_other_citys_county_does_not_pass_jm_level(bolt_target: BoltTarget,
                                                                          loaded: Path) -> None:
    found = printed("--target", "backbone@city", "--policy", "jiangmen", "--org", "C1", "--evidence")
    rows = {r["teacher_id"]: r for r in through_the_driver(bolt_target, found)}
    assert set(rows) == {"T1", "T2", "T3"}  # T4 teaches in the other city
    verdicts = (rows["T1"]["verdict"], rows["T2"]["verdict"], rows["T3"]["verdict"])
    assert verdicts == ("review", "eligible", "review")
    for source in (("--store", bolt_target.uri), ("--data", str(loaded))):
        why = json.loads(run(bolt_target, "explain", "T1", "--target", "backbone@city", "--policy",
                             "jiangmen", *source, "--as-of", DAY, "--format", "json").stdout)
        level = next(c for c in why["checks"] if c["rule"] == "JM-LEVEL")
        assert not level["passed"] and "awarded by 南海区 (C2-K1), not by 新会区 (C1-K1)" in level["reason"]


def test_text_format_sets_each_parameter_then_the_statement() -> None:
    text = run(None, "cypher", "--target", "backbone@city", "--policy", "jiangmen", "--as-of", DAY).stdout
    params, _, statement = text.partition("\n\n")
    assert all(line.startswith(":param ") for line in params.splitlines())
    assert f":param as_of => '{DAY}'" in params.splitlines()
    assert statement.rstrip().endswith(";") and "MATCH" in statement
