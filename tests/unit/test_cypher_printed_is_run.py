"""``talentgraph cypher`` prints exactly the statement a Neo4j store runs for the same question:
the same text and the same parameters, for every target of every shipped policy, over the whole
region and one org (issue 14: "a planner's analyst can see exactly how the graph decides").

The store runs over a recording transaction (a fake: this pins which statement is sent, not what
Neo4j answers; ``tests/integration/test_cli_cypher.py`` runs the printed statement on a real one).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

import talentgraph.store.neo4j_store.sweep_statement as sweep_statement
from talentgraph.cli.main import cli
from talentgraph.domain.target import Target
from talentgraph.errors import PolicyError
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.neo4j_store import Neo4jStore

AS_OF = dt.date(2026, 9, 1)
QUESTIONS = [(name, target, org) for name in builtin_policy_names() for target in load_policy(name).covers()
             for org in (None, "C01")]


class RecordingTx:
    """Answers every statement with no rows, and keeps what it was sent."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def run(self, text: str, parameters: dict[str, Any] | None = None) -> list[Any]:
        self.sent.append((text, dict(parameters or {})))
        return []


class RecordingConnection:
    def __init__(self) -> None:
        self.tx = RecordingTx()

    def read(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        return work(self.tx, *args, **kwargs)


def run_by_the_store(policy: str, target: Target, org: str | None) -> tuple[str, dict[str, Any]]:
    store = Neo4jStore.__new__(Neo4jStore)
    connection = RecordingConnection()
    store._connection = connection  # type: ignore[assignment]
    assert store.sweep(load_policy(policy), target, AS_OF, org).rows.size == 0
    (sweep_sent,) = [s for s in connection.tx.sent if s[0].startswith("// talentgraph: candidates")]
    return sweep_sent


def printed(policy: str, target: Target, org: str | None) -> tuple[str, dict[str, Any]]:
    args = ["cypher", "--target", str(target), "--track", target.track.value, "--policy", policy,
            "--as-of", AS_OF.isoformat(), "--format", "json", *(["--org", org] if org else [])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    return found["statement"], found["parameters"]


@pytest.mark.parametrize(("policy", "target", "org"), QUESTIONS,
                         ids=[f"{p}:{t}:{o or 'all'}" for p, t, o in QUESTIONS])
def test_the_printed_statement_is_the_one_the_store_runs(policy: str, target: Target,
                                                         org: str | None) -> None:
    assert printed(policy, target, org) == run_by_the_store(policy, target, org)


def test_the_text_format_prints_the_same_statement_and_parameter_values() -> None:
    policy, target = "wenzhou", Target.parse("backbone@county")
    text, parameters = run_by_the_store(policy, target, None)
    out = CliRunner().invoke(cli, ["cypher", "--target", str(target), "--policy", policy,
                                   "--as-of", AS_OF.isoformat()]).output
    params, _, statement = out.partition("\n\n")
    assert statement == text + ";\n"
    assert [line.split(" => ")[0] for line in params.splitlines()] == [f":param {k}" for k in parameters]


def test_a_check_kind_without_a_cypher_form_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every kind has a form today; one added without is refused, not decided some other way."""
    monkeypatch.delitem(sweep_statement.FORMS, "cycle_hours")
    result = CliRunner().invoke(cli, ["cypher", "--target", "backbone@county", "--policy", "wenzhou",
                                      "--as-of", AS_OF.isoformat()])
    assert isinstance(result.exception, PolicyError) and "cycle_hours" in str(result.exception)
