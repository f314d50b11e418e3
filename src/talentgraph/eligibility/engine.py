"""Evaluate a policy for a target over a population: the sweep and the explanation.

A sweep evaluates every check once over whole columns (numpy), so a region of
a million teachers costs a few array passes per check. Reasons are worded only
for the rows somebody asks to see. An explanation runs the same evaluators on
a population of one, and adds the evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Tier
from talentgraph.domain.message import N_, Message, joined, message
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind

# Importing the check modules registers their evaluators.
from talentgraph.eligibility import (  # noqa: F401
    check_hours,
    check_people,
    check_periods,
    check_routes,
    check_titles,
)
from talentgraph.eligibility.base import evaluator_for
from talentgraph.eligibility.check_titles import title_text
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.days import from_day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.obligations import duties_of
from talentgraph.eligibility.pool import beyond_rows, candidates, held_rows, on_track
from talentgraph.eligibility.population import in_post, school_on
from talentgraph.errors import NotFound
from talentgraph.policy.schema import CheckSpec, Policy, TargetRules

VERDICTS = [VerdictKind.ELIGIBLE, VerdictKind.REVIEW, VerdictKind.INELIGIBLE]
WORDED_AT_MOST = 100_000  # distinct check results a sweep keeps worded
ROW_BY_ROW_UP_TO = 1_000  # verdicts worded before a check's candidates are grouped by outcome
Rows = npt.NDArray[np.intp]


def rules_for(policy: Policy, target: Target) -> TargetRules:
    rules = policy.rules_for(target)
    if rules is None:
        covered = ", ".join(str(t) for t in policy.covers())
        raise NotFound(message(N_("policy {policy!r} has no rules for {target}; it covers: {covered}"),
                               policy=policy.name, target=str(target), covered=covered))
    return rules


def checks_for(policy: Policy, target: Target) -> list[CheckSpec]:
    return list(rules_for(policy, target).checks)


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
    schools: npt.NDArray[np.int32]  # each candidate's school (org row) on the as-of date
    # False when ``facts`` hold the candidates alone (a sweep decided in the database): whatever
    # needs their titles, training or reviews (ranking, readiness) reads the facts again.
    holds_events: bool = True
    _worded: dict[tuple[Any, ...], CheckResult] = field(default_factory=dict, repr=False)
    _asked: list[int] = field(default_factory=list, repr=False)  # results worded row by row, per check
    _groups: dict[int, tuple[npt.NDArray[np.intp], dict[int, CheckResult]]] = field(
        default_factory=dict, repr=False)

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
        """Rules of the k-th candidate's gate checks that fail on known data."""
        return tuple(r for c, o in zip(self.checks, self.outcomes, strict=True)
                     if c.effect == "gate" and not o.passed[k] and not o.unknown[k] for r in c.cites())

    def verdict_at(self, k: int) -> Verdict:
        """The worded verdict of the k-th candidate (no evidence; see ``explain``)."""
        results = [self._result_at(i, k) for i in range(len(self.checks))]
        return _verdict(self.facts, int(self.rows[k]), int(self.schools[k]), self.ctx, self.policy, results,
                        VERDICTS[self.verdict[k]])

    def _result_at(self, i: int, k: int) -> CheckResult:
        """Check i's result for the k-th candidate. Candidates with the same outcome and measures
        get the same (immutable) result, worded once: wording every candidate's reasons is most
        of the cost of writing a whole sweep out. A few verdicts (a page) look their candidates'
        outcomes up one by one; past that, the candidates are grouped by outcome once, over the
        whole columns, and each verdict finds its group's result."""
        grouped = self._groups.get(i)
        if grouped is None:
            if not self._asked:
                self._asked.extend([0] * len(self.checks))
            self._asked[i] += 1
            if self._asked[i] <= ROW_BY_ROW_UP_TO:
                return self._result_of_row(i, k)
            grouped = self._groups[i] = (_outcome_groups(self.outcomes[i]), {})
        groups, results = grouped
        group = int(groups[k])
        found = results.get(group)
        if found is None:
            if len(results) >= WORDED_AT_MOST:
                results.clear()
            found = results[group] = self._result_of_row(i, k)
        return found

    def _result_of_row(self, i: int, k: int) -> CheckResult:
        out = self.outcomes[i]
        values = out.row(k)
        key = (i, bool(out.passed[k]), bool(out.unknown[k]),
               tuple(v if v == v else None for v in values.values()))  # NaN is NaN here
        found = self._worded.get(key)
        if found is None:
            if len(self._worded) >= WORDED_AT_MOST:
                self._worded.clear()
            found = self._worded[key] = _result(self.checks[i], self.ctx, out.passed[k], out.unknown[k],
                                                values)
        return found

    def verdicts(self, only: VerdictKind | None = None, limit: int | None = None) -> list[Verdict]:
        picked = self.order(only)
        return [self.verdict_at(int(k)) for k in picked[:limit]]


def _outcome_groups(out: Outcome) -> npt.NDArray[np.intp]:
    """Each candidate's group: candidates with the same passed, unknown and measures (NaN equal
    to NaN, -0.0 to 0.0, as the row-by-row key has them) share one."""
    columns = [out.passed.astype(np.float64), out.unknown.astype(np.float64),
               *(np.where(np.isnan(v), np.nan, v + 0.0) for v in out.values.values())]
    bits = [np.ascontiguousarray(c).view(np.int64) for c in columns]  # NaN: one value
    order = np.lexsort(bits)
    changed = np.zeros(order.shape[0], dtype=bool)
    for column in bits:
        ranked = column[order]
        changed[1:] |= ranked[1:] != ranked[:-1]
    groups = np.empty(order.shape[0], dtype=np.intp)
    groups[order] = np.cumsum(changed)
    return groups


def sweep(facts: Facts, policy: Policy, target: Target, as_of: dt.date,
          scope: npt.NDArray[np.bool_] | None = None) -> Sweep:
    """Verdicts for every active teacher in ``scope`` who does not hold ``target`` yet."""
    rules = rules_for(policy, target)
    checks = list(rules.checks)
    ctx = Context(target, as_of, policy.hours_per_day, facts.orgs)
    rows = candidates(facts, target, as_of, np.ones(facts.n, bool) if scope is None else scope,
                      rules.admit_tiers)
    outcomes = [evaluator_for(c).evaluate(c, facts, ctx).take(rows) for c in checks]
    return Sweep(facts, policy, ctx, checks, rows, outcomes, _decide(checks, outcomes, rows.shape[0]),
                 school_on(facts, ctx.day)[rows])


def _decide(checks: list[CheckSpec], outcomes: list[Outcome], n: int) -> npt.NDArray[np.int8]:
    """Combine the gate checks' outcomes into verdicts: any known hard failure -> ineligible;
    else any failure (soft, or unknown data) -> review; else eligible."""
    hard_fail = np.zeros(n, dtype=bool)
    any_fail = np.zeros(n, dtype=bool)
    for check, out in zip(checks, outcomes, strict=True):
        if check.effect != "gate":
            continue  # advice and alerts are shown, never decide
        failed = ~out.passed
        any_fail |= failed
        if check.hard:
            hard_fail |= failed & ~out.unknown
    return np.where(hard_fail, 2, np.where(any_fail, 1, 0)).astype(np.int8)


def explain(facts: Facts, policy: Policy, target: Target, as_of: dt.date, teacher_id: str) -> Verdict:
    """One teacher, every check, with reasons and evidence."""
    row = facts.index_of(teacher_id)
    if row is None:
        raise NotFound(message(N_("no teacher {id!r}"), id=teacher_id))
    rules = rules_for(policy, target)
    checks = list(rules.checks)
    ctx = Context(target, as_of, policy.hours_per_day, facts.orgs)
    one = facts.one(row)
    outcomes = [evaluator_for(check).evaluate(check, one, ctx) for check in checks]
    results = [
        _result(check, ctx, out.passed[0], out.unknown[0], out.row(0)).model_copy(
            update={"evidence": tuple(evaluator_for(check).evidence(check, one, ctx))})
        for check, out in zip(checks, outcomes, strict=True)
    ]
    # The same combination rule as the sweep, on a population of one.
    kind = VERDICTS[_decide(checks, outcomes, 1)[0]]
    verdict = _verdict(facts, row, int(school_on(one, ctx.day)[0]), ctx, policy, results, kind)
    said = _standing_note(one, target, ctx, rules.admit_tiers)
    note = str(said) if said is not None else None
    return verdict.model_copy(update={"note": note, "note_message": said, "candidate": note is None,
                                      "obligations": duties_of(one, policy, as_of)})


def _standing_note(one: Facts, target: Target, ctx: Context, admitted: list[Tier]) -> Message | None:
    """Why a teacher would not appear in a sweep: inactive, holds the target, or is past it."""
    if not in_post(one, ctx.day)[0]:
        return _not_in_post(one, ctx)
    if not on_track(one, target.track, ctx.day)[0]:
        return message(N_("neither a {track} nor holding a {track}-track title on {as_of}: not in the "
                          "{track} track's pool, not a candidate in sweeps"),
                       track=target.track, as_of=ctx.as_of)
    t = one.titles
    held = np.flatnonzero(held_rows(one, target, ctx.day) | beyond_rows(one, target, ctx.day, admitted))
    if not held.size:
        return None
    names = joined([title_text(t["tier"][i], t["level"][i], t["track"][i]) for i in held], ", ")
    if (t["tier"][held] == code_of(target.tier)).any():
        return message(N_("already holds {titles}: not a candidate in sweeps"), titles=names)
    return message(N_("holds {titles}, a higher tier than {tier}: past this step, not a candidate in sweeps"),
                   titles=names, tier=target.tier)


def _not_in_post(one: Facts, ctx: Context) -> Message:
    left = from_day_number(int(one.left_on[0]))
    if left is not None and left <= ctx.as_of:
        return message(N_("left teaching on {left}, not in post on {as_of}: not a candidate in sweeps"),
                       left=left, as_of=ctx.as_of)
    if left is None and not one.active[0]:
        return message(N_("not active (left or retired, no date on record): not a candidate in sweeps"))
    return message(N_("not yet teaching on {as_of}: not a candidate in sweeps"), as_of=ctx.as_of)


def _result(check: CheckSpec, ctx: Context, passed: Any, unknown: Any,
            values: dict[str, float]) -> CheckResult:
    passed, unknown = bool(passed), bool(unknown)
    said = reason_text(check, ctx, passed, unknown, values)
    return CheckResult(
        rule=check.rule,
        check=check.kind,
        passed=passed,
        hard=check.hard,
        unknown=unknown,
        reason=str(said),  # English; ``message`` words it in any language at the edge
        message=said,
        note=check.note,
        effect=check.effect,
        cites=check.cites(),
    )


# What a check that is not a gate adds to its reason when it does not pass.
NOT_A_GATE = {"advice": N_("advice, bars no one"),
              "alert": N_("alert for the planner, not part of the verdict")}


def reason_text(check: CheckSpec, ctx: Context, passed: bool, unknown: bool,
                values: dict[str, float]) -> Message:
    """The check's reason; advice and alerts that do not pass say they never decide."""
    text = evaluator_for(check).reason(check, ctx, passed, unknown, values)
    if passed or unknown or check.effect == "gate":
        return text
    return message("{text}: {effect}", text=text, effect=message(NOT_A_GATE[check.effect]))


def _verdict(facts: Facts, row: int, school: int, ctx: Context, policy: Policy,
             results: list[CheckResult], kind: VerdictKind) -> Verdict:
    return Verdict(
        teacher_id=facts.teacher_id(row),  # one id, not every id (a snapshot maps them)
        name=facts.name(row),
        school_id=str(facts.orgs.ids[school]),  # the school on the as-of date
        target=ctx.target,
        as_of=ctx.as_of,
        policy=policy.name,
        verdict=kind,
        checks=tuple(results),
    )

