"""Evaluate a policy for a target over a population: the sweep and the explanation.

A sweep evaluates every check once over whole columns (numpy), so a region of
a million teachers costs a few array passes per check. Reasons are worded only
for the rows somebody asks to see. An explanation runs the same evaluators on
a population of one, and adds the evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind

# Importing the check modules registers their evaluators.
from talentgraph.eligibility import check_hours, check_people, check_routes, check_titles  # noqa: F401
from talentgraph.eligibility.base import Mask, evaluator_for, int_col
from talentgraph.eligibility.check_titles import title_text
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.days import MISSING
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.errors import NotFound
from talentgraph.policy.schema import CheckSpec, Policy

VERDICTS = [VerdictKind.ELIGIBLE, VerdictKind.REVIEW, VerdictKind.INELIGIBLE]
Rows = npt.NDArray[np.intp]


def checks_for(policy: Policy, target: Target) -> list[CheckSpec]:
    checks = policy.checks_for(target)
    if checks is None:
        covered = ", ".join(str(t) for t in policy.covers())
        raise NotFound(f"policy {policy.name!r} has no rules for {target}; it covers: {covered}")
    return checks


def _held_rows(facts: Facts, target: Target, day: int) -> npt.NDArray[np.bool_]:
    """Title rows at the target tier or higher, at its level or higher, on its track, valid on ``day``."""
    t = facts.titles
    held: Mask = (
        (int_col(t, "tier") >= code_of(target.tier))
        & (int_col(t, "level") >= code_of(target.level))
        & (t["track"] == code_of(target.track))
        & (int_col(t, "awarded") <= day)
        & (int_col(t, "until") >= day)
    )
    return held


def holds_target(facts: Facts, target: Target, day: int) -> npt.NDArray[np.bool_]:
    """Teachers who already hold the target tier (or higher) at its level (or higher)."""
    out = np.zeros(facts.n, dtype=bool)
    out[facts.titles.teacher[_held_rows(facts, target, day)]] = True
    return out


def in_post(facts: Facts, day: int) -> npt.NDArray[np.bool_]:
    """Active teachers who had started teaching by ``day`` (or whose entry date is unknown)."""
    started: Mask = (facts.entry == MISSING) | (facts.entry <= day)
    return facts.active & started


def candidates(facts: Facts, target: Target, as_of: dt.date, scope: npt.NDArray[np.bool_]) -> Rows:
    """Teachers in post and in scope who do not already hold the target."""
    day = Context(target, as_of).day
    return np.flatnonzero(scope & in_post(facts, day) & ~holds_target(facts, target, day))


@dataclass
class Sweep:
    """Verdicts for every candidate, as columns; worded on demand."""

    facts: Facts
    policy: Policy
    ctx: Context
    checks: list[CheckSpec]
    rows: Rows  # candidate teacher rows
    outcomes: list[Outcome]  # one per check, aligned with rows
    verdict: npt.NDArray[np.int8]  # index into VERDICTS

    def counts(self) -> dict[VerdictKind, int]:
        tally = np.bincount(self.verdict, minlength=3)
        return {v: int(tally[i]) for i, v in enumerate(VERDICTS)}

    def order(self, only: VerdictKind | None = None) -> Rows:
        """Positions sorted eligible, review, ineligible, then by teacher id."""
        keep = np.arange(self.rows.shape[0])
        if only is not None:
            keep = keep[self.verdict == VERDICTS.index(only)]
        ids = self.facts.teacher_ids[self.rows[keep]]
        return keep[np.lexsort((ids, self.verdict[keep]))]

    def failed_rules(self, k: int) -> tuple[str, ...]:
        """Rules of the k-th candidate's checks that fail on known data."""
        return tuple(c.rule for c, o in zip(self.checks, self.outcomes, strict=True)
                     if not o.passed[k] and not o.unknown[k])

    def verdict_at(self, k: int) -> Verdict:
        """The worded verdict of the k-th candidate (no evidence; see ``explain``)."""
        results = [_result(c, self.ctx, o.passed[k], o.unknown[k], o.row(k))
                   for c, o in zip(self.checks, self.outcomes, strict=True)]
        return _verdict(self.facts, int(self.rows[k]), self.ctx, self.policy, results,
                        VERDICTS[self.verdict[k]])

    def verdicts(self, only: VerdictKind | None = None, limit: int | None = None) -> list[Verdict]:
        picked = self.order(only)
        return [self.verdict_at(int(k)) for k in picked[:limit]]


def sweep(facts: Facts, policy: Policy, target: Target, as_of: dt.date,
          scope: npt.NDArray[np.bool_] | None = None) -> Sweep:
    """Verdicts for every active teacher in ``scope`` who does not hold ``target`` yet."""
    checks = checks_for(policy, target)
    ctx = Context(target, as_of, policy.hours_per_day)
    rows = candidates(facts, target, as_of, np.ones(facts.n, bool) if scope is None else scope)
    outcomes = [evaluator_for(c).evaluate(c, facts, ctx).take(rows) for c in checks]
    return Sweep(facts, policy, ctx, checks, rows, outcomes, _decide(checks, outcomes, rows.shape[0]))


def _decide(checks: list[CheckSpec], outcomes: list[Outcome], n: int) -> npt.NDArray[np.int8]:
    """Combine check outcomes into verdicts: any known hard failure -> ineligible; else
    any failure (soft, or unknown data) -> review; else eligible."""
    hard_fail = np.zeros(n, dtype=bool)
    any_fail = np.zeros(n, dtype=bool)
    for check, out in zip(checks, outcomes, strict=True):
        failed = ~out.passed
        any_fail |= failed
        if check.hard:
            hard_fail |= failed & ~out.unknown
    return np.where(hard_fail, 2, np.where(any_fail, 1, 0)).astype(np.int8)


def explain(facts: Facts, policy: Policy, target: Target, as_of: dt.date, teacher_id: str) -> Verdict:
    """One teacher, every check, with reasons and evidence."""
    row = facts.index_of(teacher_id)
    if row is None:
        raise NotFound(f"no teacher {teacher_id!r}")
    checks = checks_for(policy, target)
    ctx = Context(target, as_of, policy.hours_per_day)
    one = facts.one(row)
    outcomes = [evaluator_for(check).evaluate(check, one, ctx) for check in checks]
    results = [
        _result(check, ctx, out.passed[0], out.unknown[0], out.row(0)).model_copy(
            update={"evidence": tuple(evaluator_for(check).evidence(check, one, ctx))})
        for check, out in zip(checks, outcomes, strict=True)
    ]
    # The same combination rule as the sweep, on a population of one.
    kind = VERDICTS[_decide(checks, outcomes, 1)[0]]
    verdict = _verdict(facts, row, ctx, policy, results, kind)
    note = _standing_note(one, target, ctx)
    return verdict.model_copy(update={"note": note, "candidate": note is None})


def _standing_note(one: Facts, target: Target, ctx: Context) -> str | None:
    """Why a teacher would not appear in a sweep: inactive, or already holds the target."""
    if not one.active[0]:
        return "not active: not a candidate in sweeps"
    if not in_post(one, ctx.day)[0]:
        return f"not yet teaching on {ctx.as_of}: not a candidate in sweeps"
    held = np.flatnonzero(_held_rows(one, target, ctx.day))
    if held.size:
        t = one.titles
        names = ", ".join(title_text(t["tier"][i], t["level"][i], t["track"][i]) for i in held)
        return f"already holds {names}: not a candidate in sweeps"
    return None


def _result(check: CheckSpec, ctx: Context, passed: Any, unknown: Any,
            values: dict[str, float]) -> CheckResult:
    passed, unknown = bool(passed), bool(unknown)
    return CheckResult(
        rule=check.rule,
        check=check.kind,
        passed=passed,
        hard=check.hard,
        unknown=unknown,
        reason=evaluator_for(check).reason(check, ctx, passed, unknown, values),
        note=check.note,
    )


def _verdict(facts: Facts, row: int, ctx: Context, policy: Policy,
             results: list[CheckResult], kind: VerdictKind) -> Verdict:
    return Verdict(
        teacher_id=str(facts.teacher_ids[row]),
        name=str(facts.names[row] or ""),
        school_id=str(facts.orgs.ids[facts.school[row]]),
        target=ctx.target,
        as_of=ctx.as_of,
        policy=policy.name,
        verdict=kind,
        checks=tuple(results),
    )

