"""Routes: a rule met by any one of several alternatives (any_of), or by several
conditions together (all_of), e.g. TX-COUNTY-BACKBONE's "excellent head-teachers"."""

from __future__ import annotations

from typing import Any

import numpy as np

from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import evaluator, evaluator_for
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.facts import Facts
from talentgraph.policy.schema import AllOf, AnyOf


def _parts(spec: AllOf | AnyOf, facts: Facts, ctx: Context) -> tuple[list[Outcome], dict[str, Any]]:
    """Each part's outcome, and all their measures under "<part>.<name>" keys."""
    parts = [evaluator_for(c).evaluate(c, facts, ctx) for c in spec.checks]
    values = {f"{i}.{k}": v for i, p in enumerate(parts) for k, v in p.values.items()}
    values |= {f"{i}.passed": p.passed.astype(float) for i, p in enumerate(parts)}
    values |= {f"{i}.unknown": p.unknown.astype(float) for i, p in enumerate(parts)}
    return parts, values


def _part_reasons(spec: AllOf | AnyOf, ctx: Context, values: dict[str, float]) -> list[tuple[bool, str]]:
    """(passed, reason) of each part, from the measures ``_parts`` recorded; when the parts
    cite different rules (two routes into a tier), each reason starts with its rule."""
    named = any(check.rule != spec.rule for check in spec.checks)
    out = []
    for i, check in enumerate(spec.checks):
        mine = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(f"{i}.")}
        ok, unknown = bool(mine.pop("passed")), bool(mine.pop("unknown"))
        text = evaluator_for(check).reason(check, ctx, ok, unknown, mine)
        out.append((ok, f"{check.rule}: {text}" if named else text))
    return out


def _evidence(spec: AllOf | AnyOf, one: Facts, ctx: Context) -> list[Evidence]:
    return [e for c in spec.checks for e in evaluator_for(c).evidence(c, one, ctx)]


@evaluator("any_of")
class AnyOfCheck:
    def evaluate(self, spec: AnyOf, facts: Facts, ctx: Context) -> Outcome:
        parts, values = _parts(spec, facts, ctx)
        passed = np.logical_or.reduce([p.passed for p in parts])
        unknown = ~passed & np.logical_or.reduce([p.unknown for p in parts])
        return Outcome(passed, unknown, values)

    def reason(self, spec: AnyOf, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        parts = _part_reasons(spec, ctx, values)
        met = [text for ok, text in parts if ok]
        if passed:
            return f"route met: {met[0]}"
        lead = "no route met yet (some data unknown)" if unknown else "no route met"
        return f"{lead}: " + "; ".join(text for _, text in parts)

    def evidence(self, spec: AnyOf, one: Facts, ctx: Context) -> list[Evidence]:
        return _evidence(spec, one, ctx)


@evaluator("all_of")
class AllOfCheck:
    def evaluate(self, spec: AllOf, facts: Facts, ctx: Context) -> Outcome:
        parts, values = _parts(spec, facts, ctx)
        passed = np.logical_and.reduce([p.passed for p in parts])
        known_fail = np.logical_or.reduce([~p.passed & ~p.unknown for p in parts])
        unknown = ~passed & ~known_fail
        return Outcome(passed, unknown, values)

    def reason(self, spec: AllOf, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        parts = _part_reasons(spec, ctx, values)
        if passed:
            return " and ".join(text for _, text in parts)
        return "; ".join(text for ok, text in parts if not ok)

    def evidence(self, spec: AllOf, one: Facts, ctx: Context) -> list[Evidence]:
        return _evidence(spec, one, ctx)
