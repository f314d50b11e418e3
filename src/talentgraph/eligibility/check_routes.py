"""Routes: a rule met by any one of several alternatives (e.g. TX-COUNTY-BACKBONE)."""

from __future__ import annotations

import numpy as np

from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import evaluator, evaluator_for
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.facts import Facts
from talentgraph.policy.schema import AnyOf


@evaluator("any_of")
class AnyOfCheck:
    def evaluate(self, spec: AnyOf, facts: Facts, ctx: Context) -> Outcome:
        parts = [evaluator_for(c).evaluate(c, facts, ctx) for c in spec.checks]
        passed = np.logical_or.reduce([p.passed for p in parts])
        unknown = ~passed & np.logical_or.reduce([p.unknown for p in parts])
        values = {f"{i}.{k}": v for i, p in enumerate(parts) for k, v in p.values.items()}
        values |= {f"{i}.passed": p.passed.astype(float) for i, p in enumerate(parts)}
        values |= {f"{i}.unknown": p.unknown.astype(float) for i, p in enumerate(parts)}
        return Outcome(passed, unknown, values)

    def reason(self, spec: AnyOf, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        texts = []
        for i, check in enumerate(spec.checks):
            mine = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(f"{i}.")}
            ok, unk = bool(mine.pop("passed")), bool(mine.pop("unknown"))
            text = evaluator_for(check).reason(check, ctx, ok, unk, mine)
            if passed and ok:
                return f"route met: {text}"
            texts.append(text)
        return "no route met: " + "; ".join(texts)

    def evidence(self, spec: AnyOf, one: Facts, ctx: Context) -> list[Evidence]:
        return [e for c in spec.checks for e in evaluator_for(c).evidence(c, one, ctx)]
