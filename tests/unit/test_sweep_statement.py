"""The generated sweep statements: deterministic, parameterised, labels and types from the schema
enums only, every check kind with a Cypher form (none is left to Python). Whether the statements
decide as the engine does is the contract suite's job, on a real Neo4j."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import talentgraph.store.neo4j_store.sweep_statement as sweep_statement
from talentgraph.domain.graph_schema import Label, Rel
from talentgraph.domain.target import Target
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.neo4j_store.sweep_statement import FORMS, NoCypherForm, has_form
from talentgraph.store.neo4j_store.sweeps import statement_for

AS_OF = dt.date(2026, 9, 1)
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
    assert all(has_form(c) for c in checks)
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


def test_every_check_kind_has_a_cypher_form() -> None:
    from talentgraph.eligibility.base import EVALUATORS

    assert set(EVALUATORS) - set(FORMS) - {"any_of", "all_of"} == set()


def test_the_hours_of_a_cycle_semester_and_school_year_are_decided_in_cypher() -> None:
    """WZ-CYCLE, XD-ETHICS-HOURS and LE-HOURS: forms whose windows are the evaluators' own."""
    wenzhou = statement_for(load_policy("wenzhou"), Target.parse("backbone@county"), AS_OF, None)
    cycle = next(k.removesuffix("_first") for k in wenzhou.parameters if k.endswith("_first")
                 and f"{k.removesuffix('_first')}_owing_after_days" in wenzhou.parameters)
    # the rolling five years to 2026-09-01; WZ-NEW: owed a year after entry
    window = (wenzhou.parameters[f"{cycle}_first"], wenzhou.parameters[f"{cycle}_end"])
    assert window == ("2021-09-02", "2026-09-01")
    assert wenzhou.parameters[f"{cycle}_owing_after_days"] == 365
    le = statement_for(load_policy("luoerling"), Target.parse("backbone@county"), AS_OF, None)
    # LE-SCHOOL-YEAR: 2025-08 to 2026-06; LE-PROVINCIAL-EXEMPT reads from 2025-01-01
    assert (le.parameters["c0_first"], le.parameters["c0_school_year_first"], le.parameters["c0_last"]) == (
        "2025-01-01", "2025-08-01", "2026-06-30")


def test_a_statement_for_the_command_refuses_a_check_without_a_form(monkeypatch: pytest.MonkeyPatch) -> None:
    wenzhou = load_policy("wenzhou")
    target = Target.parse("backbone@county")
    monkeypatch.delitem(sweep_statement.FORMS, "cycle_hours")
    assert not all(has_form(c) for c in wenzhou.rules_for(target).checks)  # type: ignore[union-attr]
    with pytest.raises(NoCypherForm, match="cycle_hours"):
        statement_for(wenzhou, target, AS_OF, None)


@pytest.mark.parametrize("hours_per_day", [8.0, 6.0])
def test_a_check_in_training_days_asks_the_policys_hours_per_day(hours_per_day: float) -> None:
    """WZ-DAY: «15 training days» are 15 x the policy's ``hours_per_day`` hours, in the database as in
    the embedded store (eligibility/check_hours.py); a policy with 6-hour days asks for 90 h."""
    policy = load_policy("wenzhou")
    (days,) = [c for duty in policy.obligations for c in duty.checks
               if c.kind == "centralized_hours" and getattr(c, "min_days", None)]
    target = policy.covers()[0]
    rules = policy.rules_for(target)
    assert rules is not None
    with_days = rules.model_copy(update={"checks": [*rules.checks, days]})
    made = sweep_statement.sweep_statement(with_days, target, dt.date(2026, 9, 1), None,
                                           hours_per_day=hours_per_day)
    last = len(with_days.checks) - 1
    assert made.parameters[f"c{last}_min"] == days.min_days * hours_per_day
    counted = sweep_statement.verdict_count_statement(with_days, target, dt.date(2026, 9, 1), None,
                                                      hours_per_day=hours_per_day)
    assert counted.parameters[f"c{last}_min"] == days.min_days * hours_per_day
