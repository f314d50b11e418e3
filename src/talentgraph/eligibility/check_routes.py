"""Routes: a rule met by any one of several alternatives (any_of), or by several
conditions together (all_of), e.g. TX-COUNTY-BACKBONE's "excellent head-teachers"."""

from __future__ import annotations

from typing import Any

import numpy as np

from talentgraph.domain.message import N_, Message, joined, message
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


def _part_reasons(spec: AllOf | AnyOf, ctx: Context, values: dict[str, float]) -> list[tuple[bool, Message]]:
    """(passed, reason) of each part, from the measures ``_parts`` recorded; when the parts
    cite different rules (two routes into a tier), each reason starts with its rule."""
    named = any(check.rule != spec.rule for check in spec.checks)
    out = []
    for i, check in enumerate(spec.checks):
        mine = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(f"{i}.")}
        ok, unknown = bool(mine.pop("passed")), bool(mine.pop("unknown"))
        text = evaluator_for(check).reason(check, ctx, ok, unknown, mine)
        out.append((ok, message("{rule}: {text}", rule=check.rule, text=text) if named else text))
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
               values: dict[str, float]) -> Message:
        parts = _part_reasons(spec, ctx, values)
        met = [text for ok, text in parts if ok]
        if passed:
            return message(N_("route met: {route}"), route=met[0])
        routes = joined([text for _, text in parts], "; ")
        if unknown:
            return message(N_("no route met yet (some data unknown): {routes}"), routes=routes)
        return message(N_("no route met: {routes}"), routes=routes)

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
               values: dict[str, float]) -> Message:
        parts = _part_reasons(spec, ctx, values)
        if passed:
            said: Message = parts[0][1]
            for _, text in parts[1:]:
                said = message(N_("{one} and {other}"), one=said, other=text)
            return said
        return joined([text for ok, text in parts if not ok], "; ")

    def evidence(self, spec: AllOf, one: Facts, ctx: Context) -> list[Evidence]:
        return _evidence(spec, one, ctx)
