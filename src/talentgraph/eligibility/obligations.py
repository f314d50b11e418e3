"""Obligations: duties the sources put on the holders of a title or a role.

WZ-BACKBONE «市、县两级骨干教师集中培训不少于120学时» is owed by backbone
teachers; it is not a condition of becoming one. An obligation is evaluated
for the teachers who owe it on the as-of date, with the same check evaluators
as verdicts, and reported beside verdicts (``explain``) and in the pipeline;
it never changes a verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, Role, Tier
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult

# Importing the check modules registers their evaluators.
from talentgraph.eligibility import (  # noqa: F401
    check_hours,
    check_people,
    check_periods,
    check_routes,
    check_titles,
)
from talentgraph.eligibility.base import Mask, any_row, codes, evaluator_for, int_col, one_of
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.days import MISSING, completed_years
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import in_post
from talentgraph.policy.schema import Obligation, Policy

# Obligation checks are absolute (no 'target' or 'below'): this only fills the Context.
NO_TARGET = Target(tier=Tier.NEW, level=Level.SCHOOL)
MET, UNKNOWN, UNMET = 0, 1, 2


@dataclass(frozen=True)
class Duty:
    """One obligation over a population: who owes it, and whether each has met it."""

    obligation: Obligation
    rows: npt.NDArray[np.intp]  # teachers who owe it
    outcomes: list[Outcome]  # one per check, aligned with rows
    status: npt.NDArray[np.int8]  # MET, UNKNOWN or UNMET per owing teacher (the worst check)

    def counts(self) -> dict[str, int]:
        tally = np.bincount(self.status, minlength=3)
        return {"owed": int(self.rows.shape[0]), "met": int(tally[MET]),
                "unknown": int(tally[UNKNOWN]), "unmet": int(tally[UNMET])}


def owes(facts: Facts, duty: Obligation, as_of: dt.date) -> Mask:
    """Teachers in post on the date who meet every 'who' condition of the obligation."""
    ctx = Context(NO_TARGET, as_of)
    who = in_post(facts, ctx.day)  # everyone in post, narrowed by each condition given
    if duty.holders is not None:
        t, ref = facts.titles, duty.holders
        rows = (one_of(t["tier"], codes(ref.tiers)) & one_of(t["level"], codes(ref.levels))
                & one_of(t["track"], codes(ref.tracks))
                & (int_col(t, "awarded") <= ctx.day) & (int_col(t, "until") >= ctx.day))
        who &= any_row(t, rows, facts.n)
    if duty.roles is not None:
        bits = sum(1 << code_of(r) for r in duty.roles if isinstance(r, Role))
        has: Mask = (facts.roles & bits) != 0
        if "head_teacher" in duty.roles:
            has |= facts.head_teacher == 1
        who &= has
    if duty.teaching_years is not None:
        years = completed_years(facts.entry, as_of)
        low, high = duty.teaching_years
        who &= (facts.entry != MISSING) & (years >= low) & (years <= high)
    return who


def duties(facts: Facts, policy: Policy, as_of: dt.date,
           scope: npt.NDArray[np.bool_] | None = None) -> list[Duty]:
    """Every obligation of the policy, for the teachers in ``scope`` who owe it."""
    ctx = Context(NO_TARGET, as_of, policy.hours_per_day, facts.orgs)
    out = []
    for duty in policy.obligations:
        who = owes(facts, duty, as_of)
        rows = np.flatnonzero(who if scope is None else who & scope)
        outcomes = [evaluator_for(c).evaluate(c, facts, ctx).take(rows) for c in duty.checks]
        status = np.zeros(rows.shape[0], dtype=np.int8)
        for out_ in outcomes:
            status = np.maximum(status, np.where(out_.passed, MET, np.where(out_.unknown, UNKNOWN, UNMET)))
        out.append(Duty(duty, rows, outcomes, status.astype(np.int8)))
    return out


def duties_of(one: Facts, policy: Policy, as_of: dt.date) -> tuple[CheckResult, ...]:
    """A single teacher's obligations on the date (``one`` holds that teacher alone), each
    check worded with its evidence, as ``explain`` shows them."""
    ctx = Context(NO_TARGET, as_of, policy.hours_per_day, one.orgs)
    results = []
    for duty in policy.obligations:
        if not owes(one, duty, as_of)[0]:
            continue
        for check in duty.checks:
            ev = evaluator_for(check)
            out = ev.evaluate(check, one, ctx)
            passed, unknown = bool(out.passed[0]), bool(out.unknown[0])
            said = ev.reason(check, ctx, passed, unknown, out.row(0))
            results.append(CheckResult(
                rule=duty.rule, check=check.kind, passed=passed, hard=True, unknown=unknown,
                reason=str(said), message=said,
                evidence=tuple(ev.evidence(check, one, ctx)), note=duty.duty,
                effect="obligation", cites=tuple(dict.fromkeys((duty.rule, *check.cites())))))
    return tuple(results)
