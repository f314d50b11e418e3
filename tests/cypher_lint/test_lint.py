"""Every statement in cypher/ through Neo4j's own analyser (``lintCypherQuery``), in Cypher 5 and
Cypher 25: no error, and no warning that is not explained below (an explanation whose warning
is gone fails too, so the list stays true). The schema it checks against is built from the graph
schema; the functions and procedures are the real Neo4j's own (``SHOW FUNCTIONS``), when the
session's server is Neo4j.

The analyser comes from npm (``linter.install``). Without Node.js the module is skipped, except
in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase

from talentgraph.policy.load import builtin_policy_names
from talentgraph.store.cypher import names, query
from tests.cypher_lint import linter
from tests.integration.bolt_server import BoltTarget

if not linter.available() and not os.environ.get("CI"):
    pytest.skip("Node.js and npm are needed for Neo4j's Cypher analyser", allow_module_level=True)

# Warnings the analyser gives that are not faults of the statement, and why. Each is shown to be
# the analyser's own behaviour by a probe in test_the_explanations_still_hold.
NOT_A_PROPERTY = ("is not present in the database", "the analyser takes `row.x` inside a node pattern's "
                  "property map, `(n:L {id: row.x})`, for a property x of n; `row` is the UNWIND map of "
                  "$rows, and the key is never stored (the same `row.x` in WHERE or RETURN gives no warning)")
EXPLAINED: dict[tuple[str, str], tuple[str, str]] = {
    ("merge_mentorships", "mentor_id"): NOT_A_PROPERTY,
    ("merge_mentorships", "mentee_id"): NOT_A_PROPERTY,
    ("merge_studio_links", "studio_id"): NOT_A_PROPERTY,
    ("merge_studio_members", "studio_id"): NOT_A_PROPERTY,
    ("merge_tier_links", "lower"): NOT_A_PROPERTY,
    ("merge_tier_links", "upper"): NOT_A_PROPERTY,
    ("merge_level_links", "lower"): NOT_A_PROPERTY,
    ("merge_level_links", "upper"): NOT_A_PROPERTY,
    # A migration reads the layout it migrates from: in graph layout 1 a title was
    # (Teacher)-[:HOLDS]->(Tier); the schema the analyser is given is today's.
    ("migrate_titles_to_nodes", "(:Tier)"): ("has no incoming [:HOLDS]",
                                             "layout 1's shape, read to migrate it"),
}
GENERATED = linter.generated()


@pytest.fixture(scope="module")
def installed() -> Path:
    return linter.install()


@pytest.fixture(scope="module")
def server_registry(bolt_target: BoltTarget) -> Iterator[dict[str, Any]]:
    """Functions and procedures as the real Neo4j lists them, per Cypher version; none on another
    server (ArcadeDB has no SHOW FUNCTIONS), where names of functions go unchecked."""
    if bolt_target.kind != "neo4j":
        yield {}
        return
    with GraphDatabase.driver(bolt_target.uri, auth=(bolt_target.user, bolt_target.password)) as driver:
        functions = {r["name"]: _listing(r.data()) for r in driver.execute_query(
            "SHOW FUNCTIONS YIELD *", database_=bolt_target.database).records}
        procedures = {r["name"]: _listing(r.data()) for r in driver.execute_query(
            "SHOW PROCEDURES YIELD *", database_=bolt_target.database).records}
    # A 5.26 server speaks Cypher 5 only: its list checks the Cypher 5 run.
    yield {"functions": {"CYPHER 5": functions}, "procedures": {"CYPHER 5": procedures}}


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("rolesExecution", "rolesBoostedExecution")}


@pytest.fixture(scope="module")
def report(installed: Path, server_registry: dict[str, Any]) -> linter.Report:
    statements = {name: query(name) for name in names()}
    return linter.lint(installed, statements, linter.db_schema(**server_registry))


def unexplained(name: str, diagnostics: list[linter.Diagnostic]) -> list[str]:
    """Errors, and warnings not in EXPLAINED, as text."""
    return [f"{name} {d}" for d in diagnostics
            if d.severity == "error" or not _explained(name, d)]


def _explained(name: str, diagnostic: linter.Diagnostic) -> bool:
    message = diagnostic.message
    return any(statement == name and message.startswith(key + " ") and fragment in message
               for (statement, key), (fragment, _) in EXPLAINED.items())


@pytest.mark.parametrize("version", linter.VERSIONS)
def test_every_statement_lints_clean(report: linter.Report, version: str) -> None:
    assert len(report) == len(names()) > 0
    problems = [p for name, by in report.items() for p in unexplained(name, by[version])]
    assert problems == []


@pytest.mark.parametrize("policy", builtin_policy_names())
def test_every_generated_sweep_statement_lints_clean(installed: Path, server_registry: dict[str, Any],
                                                    policy: str) -> None:
    """The statements ``talentgraph cypher`` prints (every target of the policy, the whole region
    and one org), with the parameters they are generated with; one analyser run per policy."""
    mine = {name: made for name, made in GENERATED.items() if name.split(":")[1] == policy}
    parameters = {k: v for _, params in mine.values() for k, v in params.items()}
    found = linter.lint(installed, {name: text for name, (text, _) in mine.items()},
                        linter.db_schema(**server_registry, parameters=parameters))
    assert len(found) == len(mine) > 0
    problems = [f"{name} {d}" for name, by in found.items() for found_in in by.values() for d in found_in]
    assert problems == []


def test_generation_is_deterministic() -> None:
    """The same question gives the same statement, parameters and all."""
    assert linter.generated() == GENERATED


def test_every_explanation_is_still_needed(report: linter.Report) -> None:
    for (statement, key), _ in EXPLAINED.items():
        warned = [d for by in report[statement].values() for d in by if d.message.startswith(key + " ")]
        assert warned, f"{statement}: no warning about {key} any more; drop its explanation"


def test_the_explanations_still_hold(installed: Path) -> None:
    probes = {
        "in_pattern": "UNWIND $rows AS row MATCH (n:Teacher {id: row.mentor_id}) RETURN n",
        "in_where": "UNWIND $rows AS row MATCH (n:Teacher) WHERE n.id = row.mentor_id RETURN n",
        "on_a_node": "MATCH (n:Teacher) RETURN n.mentor_id",
    }
    found = linter.lint(installed, probes, linter.db_schema(), ["CYPHER 5"])
    messages = {name: [d.message for d in by["CYPHER 5"]] for name, by in found.items()}
    assert [m.split()[0] for m in messages["in_pattern"]] == ["mentor_id"]
    assert messages["in_where"] == []
    assert [m.split()[0] for m in messages["on_a_node"]] == ["mentor_id"]  # a real unknown property


BROKEN = [
    ("match_teacher_school", ")", "", "error"),  # a bracket lost: a syntax error
    ("match_teacher_school", "Teacher", "Teachr", "warning"),  # a label misspelt
    ("match_studio_members_by_studio", "MEMBER_OF", "MEMBER_IN", "warning"),  # a type misspelt
    ("match_mentors_of", "MENTORS", "SUPPORTS", "warning"),  # a type the labels it joins never have
    ("match_studios_in_orgs", "$org_ids", "$org_id", "error"),  # a parameter no call site passes
    ("match_teacher_facts", "toString(", "toStrin(", "error"),  # a function that does not exist
]


@pytest.fixture(scope="module")
def broken_report(installed: Path, server_registry: dict[str, Any]) -> linter.Report:
    """Each broken copy, linted (all in one run of the analyser)."""
    copies = {}
    for name, old, new, _ in BROKEN:
        assert old in query(name)
        copies[f"{name}/{new}"] = query(name).replace(old, new, 1)
    return linter.lint(installed, copies, linter.db_schema(**server_registry), ["CYPHER 5"])


@pytest.mark.parametrize(("name", "old", "new", "severity"), BROKEN)
def test_a_statement_broken_by_hand_fails_the_lint(broken_report: linter.Report,
                                                   server_registry: dict[str, Any],
                                                   name: str, old: str, new: str, severity: str) -> None:
    if old == "toString(" and not server_registry:
        pytest.skip("function names are checked against a real Neo4j's list")
    diagnostics = broken_report[f"{name}/{new}"]["CYPHER 5"]
    assert unexplained(name, diagnostics), "the broken copy passed the lint"
    assert any(d.severity == severity for d in diagnostics), [str(d) for d in diagnostics]
