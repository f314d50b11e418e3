"""Shared helpers of the rule tests: judge one teacher, and find a check's result.

``verdict_for`` runs ``explain`` for one teacher and, whenever that teacher is
a candidate, checks that the sweep reaches the same verdict, failed rules and
unknown rules: every rule scenario also tests sweep/explain consistency. It
also checks that ``failed_rules`` (known failures) and ``unknown_rules``
(missing data) split the gate checks that did not pass between them (a failed
route citing two rules lists both), and that ``candidate`` says whether the
sweep lists the teacher.

The sweep is the store's own (``SOURCE.sweep``): on Neo4j it is decided in Cypher
(``Neo4jStore.sweep``), so every scenario checks the generated statement against the engine.
Where the facts come from is ``SOURCE``: the embedded store's fact builder by
default; the contract suite (tests/contract) runs every scenario again with a
source that loads the region into the Bolt test server and reads the facts back
by Cypher traversal (``Neo4jStore.facts_of`` for explain, ``facts_in`` for the
sweep), so both stores answer to the same scenarios.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind
from talentgraph.eligibility.engine import VERDICTS, Sweep, explain, sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.policy.load import load_policy
from talentgraph.policy.schema import Policy
from talentgraph.roster import Roster
from talentgraph.store.roster_facts import facts_from_roster
from tests.factories import ALL_EVENT_FILES, AS_OF, Region

ELIGIBLE, REVIEW, INELIGIBLE = VerdictKind.ELIGIBLE, VerdictKind.REVIEW, VerdictKind.INELIGIBLE
FULL = (*ALL_EVENT_FILES, "studios", "studio_members")


class FactSource(Protocol):
    """Facts for a scenario's roster, as a store would give them."""

    name: str

    def of_teacher(self, roster: Roster, teacher_id: str) -> Facts: ...

    def of_region(self, roster: Roster) -> Facts: ...

    def sweep(self, roster: Roster, policy: Policy, target: Target, as_of: dt.date) -> Sweep:
        """The store's own sweep of the whole region (Neo4j: decided in Cypher)."""
        ...


class EmbeddedSource:
    name = "embedded"

    def __init__(self) -> None:
        self._built: tuple[Roster, Facts] | None = None

    def of_teacher(self, roster: Roster, teacher_id: str) -> Facts:
        return self.of_region(roster)

    def of_region(self, roster: Roster) -> Facts:
        if self._built is None or self._built[0] is not roster:  # explain and sweep share one build
            self._built = (roster, facts_from_roster(roster))
        return self._built[1]

    def sweep(self, roster: Roster, policy: Policy, target: Target, as_of: dt.date) -> Sweep:
        return sweep(self.of_region(roster), policy, target, as_of)


SOURCE: FactSource = EmbeddedSource()


def region_facts(region: Region, present: tuple[str, ...] = FULL) -> Facts:
    """The whole region's facts from the current ``SOURCE`` (what a sweep reads)."""
    return SOURCE.of_region(region.roster(present))


def without(*files: str) -> tuple[str, ...]:
    """The files of a full bundle, less ``files`` (for missing-data scenarios)."""
    return tuple(f for f in FULL if f not in files)


def verdict_for(region: Region, target: str, teacher: str = "T1", *, policy: str | Policy,
                as_of: dt.date = AS_OF, track: str = "teacher",
                present: tuple[str, ...] = FULL) -> Verdict:
    """``explain`` for one teacher; the sweep must agree when the teacher is a candidate.

    ``policy`` is a built-in policy's name, or a ``Policy`` (e.g. from ``parse_policy``).
    """
    roster = region.roster(present)
    pol = load_policy(policy) if isinstance(policy, str) else policy
    tgt = Target.parse(target, track=track)
    verdict = explain(SOURCE.of_teacher(roster, teacher), pol, tgt, as_of, teacher)
    gates = [c for c in verdict.checks if c.effect == "gate"]
    assert verdict.failed_rules == tuple(r for c in gates if not c.passed and not c.unknown for r in c.rules)
    assert verdict.unknown_rules == tuple(r for c in gates if c.unknown for r in c.rules)
    assert all(c.rules[0] == c.rule for c in verdict.checks)
    assert not any(c.passed and c.unknown for c in verdict.checks)
    found = SOURCE.sweep(roster, pol, tgt, as_of)
    ids = found.facts.teacher_ids[found.rows].tolist()
    assert verdict.candidate is (teacher in ids)
    if teacher in ids:
        k = ids.index(teacher)
        assert VERDICTS[found.verdict[k]] == verdict.verdict
        assert found.failed_rules(k) == verdict.failed_rules
        assert found.verdict_at(k).unknown_rules == verdict.unknown_rules
        # the same words: every check's reason, as the sweep composes it from its measures
        assert [c.reason for c in found.verdict_at(k).checks] == [c.reason for c in verdict.checks]
    return verdict


def results_of(verdict: Verdict, rule: str, kind: str | None = None) -> list[CheckResult]:
    """Every check citing ``rule`` (of check ``kind``, if given), in policy order."""
    hits = [c for c in verdict.checks if c.rule == rule and kind in (None, c.check)]
    assert hits, [c.rule for c in verdict.checks]
    return hits


def result_of(verdict: Verdict, rule: str, kind: str | None = None, nth: int | None = None) -> CheckResult:
    """The one check citing ``rule`` (of check ``kind``, if given); with ``nth``, the nth of
    several (e.g. WZ-YEAR's two, or JM-BACKBONE-FAMOUS's title and annual-review checks)."""
    hits = results_of(verdict, rule, kind)
    if nth is None:
        assert len(hits) == 1, [(c.rule, c.check) for c in verdict.checks]
        return hits[0]
    return hits[nth]


def duty_of(verdict: Verdict, rule: str) -> CheckResult:
    """The one obligation citing ``rule`` that the teacher owes (explain's ``obligations``)."""
    hits = [c for c in verdict.obligations if c.rule == rule]
    assert len(hits) == 1, [(c.rule, c.note) for c in verdict.obligations]
    return hits[0]
