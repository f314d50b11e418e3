"""Shared helpers of the rule tests: judge one teacher, and find a check's result.

``verdict_for`` runs ``explain`` for one teacher and, whenever that teacher is
a candidate, checks that the sweep reaches the same verdict and failed rules:
every rule scenario also tests sweep/explain consistency.
"""

from __future__ import annotations

import datetime as dt

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind
from talentgraph.eligibility.engine import VERDICTS, explain, sweep
from talentgraph.policy.load import load_policy
from tests.factories import ALL_EVENT_FILES, AS_OF, Region

ELIGIBLE, REVIEW, INELIGIBLE = VerdictKind.ELIGIBLE, VerdictKind.REVIEW, VerdictKind.INELIGIBLE
FULL = (*ALL_EVENT_FILES, "studios", "studio_members")


def verdict_for(region: Region, target: str, teacher: str = "T1", *, policy: str,
                as_of: dt.date = AS_OF, track: str = "teacher",
                present: tuple[str, ...] = FULL) -> Verdict:
    """``explain`` for one teacher; the sweep must agree when the teacher is a candidate."""
    facts = region.facts(present=present)
    pol, tgt = load_policy(policy), Target.parse(target, track=track)
    verdict = explain(facts, pol, tgt, as_of, teacher)
    found = sweep(facts, pol, tgt, as_of)
    ids = facts.teacher_ids[found.rows].tolist()
    if teacher in ids:
        k = ids.index(teacher)
        assert VERDICTS[found.verdict[k]] == verdict.verdict
        assert found.failed_rules(k) == verdict.failed_rules
    return verdict


def results_of(verdict: Verdict, rule: str, kind: str | None = None) -> list[CheckResult]:
    """Every check citing ``rule`` (of check ``kind``, if given), in policy order."""
    hits = [c for c in verdict.checks if c.rule == rule and kind in (None, c.check)]
    assert hits, [c.rule for c in verdict.checks]
    return hits


def result_of(verdict: Verdict, rule: str, kind: str | None = None, nth: int | None = None) -> CheckResult:
    """The one check citing ``rule``; with ``nth``, the nth of several (e.g. WZ-YEAR's two)."""
    hits = results_of(verdict, rule, kind)
    if nth is None:
        assert len(hits) == 1, [c.rule for c in verdict.checks]
        return hits[0]
    return hits[nth]
