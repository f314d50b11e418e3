"""The generated sweep statements: deterministic, parameterised, labels and types from the schema
enums only, and the check kinds without a Cypher form named (they run in Python). Whether the
statements decide as the engine does is the contract suite's job, on a real Neo4j."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from talentgraph.domain.graph_schema import Label, Rel
from talentgraph.domain.target import Target
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.neo4j_store.sweep_statement import FORMS, NoCypherForm, has_form
from talentgraph.store.neo4j_store.sweeps import statement_for

AS_OF = dt.date(2026, 9, 1)
NO_FORM = {"cycle_hours", "semester_hours", "school_year_hours"}
EVERY = [(name, target) for name in builtin_policy_names() for target in load_policy(name).covers()]


def kinds(check: object) -> set[str]:
    kind = str(check.kind)  # type: ignore[attr-defined]
    parts = getattr(check, "checks", None)
    return {kind} | ({k for p in parts for k in kinds(p)} if parts else set())


@pytest.mark.parametrize(("policy", "target"), EVERY, ids=[f"{p}:{t}" for p, t in EVERY])
def test_every_target_of_every_policy_generates_the_same_statement_twice(policy: str, target: Target) -> None:
    pol = load_policy(policy)
    one, two = (statement_for(pol, target, AS_OF, "C01") for _ in range(2))
    assert (one.text, one.parameters) == (two.text, two.parameters)
    checks = list(pol.rules_for(target).checks)  # type: ignore[union-attr]
    assert one.python_checks == tuple(i for i, c in enumerate(checks) if kinds(c) & NO_FORM)
    assert set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", one.text)) == set(one.parameters)
    labels = set(re.findall(r"\(\w*:(\w+)", one.text))
    assert labels <= {label.value for label in Label}
    types = {t for found in re.findall(r"\[\w*:([\w|]+)", one.text) for t in found.split("|")}  # A|B
    assert types <= {rel.value for rel in Rel}


def test_input_goes_into_parameters_never_into_the_text() -> None:
    odd = "C01'}) DETACH DELETE (n) //"
    made = statement_for(load_policy("jiangmen"), Target.parse("backbone@city"), AS_OF, odd)
    assert odd not in made.text and made.parameters["org_id"] == odd
    assert made.parameters["as_of"] == "2026-09-01"


def test_every_check_kind_has_a_cypher_form_but_the_three_named() -> None:
    from talentgraph.eligibility.base import EVALUATORS

    assert set(EVALUATORS) - set(FORMS) - {"any_of", "all_of"} == NO_FORM


def test_a_statement_for_the_command_refuses_a_check_without_a_form() -> None:
    wenzhou = load_policy("wenzhou")
    target = Target.parse("backbone@county")
    assert not all(has_form(c) for c in wenzhou.rules_for(target).checks)  # type: ignore[union-attr]
    with pytest.raises(NoCypherForm, match="cycle_hours"):
        statement_for(wenzhou, target, AS_OF, None, all_checks=True)
