"""Decisions: quotas and targets, coverage, ranking and readiness, scoped like every question.

Quota and coverage answer for the org subtree asked (default: the caller's); an org outside
the caller's scope answers as one that does not exist. Ranking and readiness take an
eligibility answer (``Verdicts``, already scoped and, for a researcher, pseudonymised) and
order or annotate it: a researcher's ties fall back on pseudonyms, never on real ids.

``approved`` is the port to nomination rounds (``ApprovedNominations``): the composition root
wires the store that keeps them (it has no default: a quota that forgot the rounds would say
nothing is approved).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.message import N_, message
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.eligibility.coverage_measures import CoverageRow, coverage_rows
from talentgraph.eligibility.engine import VERDICTS
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.quota import ApprovedNominations, QuotaRow, quota_rows
from talentgraph.eligibility.ranking import Part, Scores, rank_order, scores
from talentgraph.eligibility.readiness import Readiness, ReadyWhen, readiness_of
from talentgraph.errors import PolicyError
from talentgraph.policy.schema import Policy
from talentgraph.services.questions import Questions, Verdicts
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.store.protocol import FactSource, RecordStore


@dataclass(frozen=True)
class RankedRow:
    verdict: Verdict
    rank: int
    score: float
    breakdown: list[Part]


@dataclass(frozen=True)
class Ranked:
    """An eligibility answer in rank order, with each candidate's score and its parts."""

    verdicts: Verdicts  # in rank order
    scores: Scores  # aligned with ``verdicts.order``

    def __len__(self) -> int:
        return len(self.verdicts)

    def window(self, offset: int = 0, limit: int | None = None) -> list[RankedRow]:
        shown = self.verdicts.window(offset, limit)
        return [RankedRow(v, offset + i + 1, self.scores.score(offset + i), self.scores.breakdown(offset + i))
                for i, v in enumerate(shown)]


@dataclass(frozen=True)
class Readied:
    """An eligibility answer cut to the candidates ready when asked, in the same order, with the
    readiness of each."""

    verdicts: Verdicts
    readiness: dict[int, Readiness]  # by position in the sweep (``verdicts.order``)

    def window(self, verdicts: Verdicts, offset: int = 0, limit: int | None = None) -> list[Readiness]:
        """Readiness of each of ``verdicts.window(offset, limit)``: ``verdicts`` is this answer's
        list or a reordering of it (ranked)."""
        picked = verdicts.order[offset:None if limit is None else offset + limit]
        return [self.readiness[int(k)] for k in picked]


class Decisions:
    """Quota, coverage, ranking and readiness use cases; ``policy`` is the default policy."""

    def __init__(self, facts: FactSource, records: RecordStore, questions: Questions,
                 approved: ApprovedNominations) -> None:
        self.facts = facts
        self.records = records
        self.questions = questions
        self.approved = approved

    def quota(self, scope: Scope, as_of: dt.date, *, org_id: str | None = None,
              policy: Policy | str | None = None) -> list[QuotaRow]:
        """The policy's quotas and targets for each org of their kind in the subtree (default:
        the scope's): holders, quota, approved nominations and headroom."""
        chosen = self.questions.chosen(policy)
        root = View(self.records, scope).root(org_id)
        facts, _ = self.facts.facts_in(root)
        row = facts.orgs.row_of(root) if root is not None else None
        if root is not None and row is None:
            return []
        return quota_rows(facts, row, chosen, as_of, self.approved)

    def coverage(self, scope: Scope, as_of: dt.date, *, org_id: str | None = None,
                 policy: Policy | str | None = None) -> list[CoverageRow]:
        """The policy's coverage measures for every school in the subtree (default: the scope's)."""
        chosen = self.questions.chosen(policy)
        root = View(self.records, scope).root(org_id)
        facts, _ = self.facts.facts_in(root)
        row = facts.orgs.row_of(root) if root is not None else None
        if root is not None and row is None:
            return []
        return coverage_rows(facts, row, chosen, as_of)

    def _facts_of(self, found: Verdicts, order: npt.NDArray[np.intp]) -> tuple[Facts, npt.NDArray[np.intp]]:
        """The facts holding the candidates at ``order`` with all their records, and their rows:
        the sweep's own, or (a sweep decided in the database holds the candidates alone) the
        store's for the subtree the question was asked about, read again."""
        sweep = found.sweep
        if sweep.holds_events:
            return sweep.facts, sweep.rows[order]
        facts, _ = self.facts.facts_in(found.root)
        ids = sweep.facts.teacher_ids[sweep.rows[order]]
        rows = np.array([facts.index_of(str(t)) for t in ids], dtype=np.intp)
        return facts, rows

    def ranked(self, found: Verdicts) -> Ranked:
        """``found`` in rank order, under its own policy's ``[ranking]`` (PolicyError if it has none)."""
        sweep = found.sweep
        ranking = sweep.policy.ranking
        if ranking is None:
            raise PolicyError(message(N_("policy {policy!r} has no [ranking] section: its sources give no "
                                         "basis for ordering candidates (see docs/decisions.md)"),
                                      policy=sweep.policy.name))
        order = found.order
        facts, rows = self._facts_of(found, order)
        got = scores(facts, rows, ranking, found.target, found.as_of)
        ids = facts.teacher_ids[rows]
        keys = np.array([found.scope.order_key(str(t)) for t in ids]) if found.scope.pseudonymised else ids
        ranks = rank_order(sweep.verdict[order], got.totals, keys)
        return Ranked(Verdicts(found.scope, sweep, order[ranks], found.root),
                      Scores(got.components, got.values[ranks]))

    def readiness(self, found: Verdicts, offset: int = 0, limit: int | None = None) -> list[Readiness]:
        """Readiness of each verdict in ``found.window(offset, limit)``, in the same order."""
        picked = found.order[offset:None if limit is None else offset + limit]
        facts, rows = self._facts_of(found, picked)
        return readiness_of(facts, found.sweep.policy, found.target, found.as_of, rows)

    def ready(self, found: Verdicts, when: ReadyWhen) -> Readied:
        """``found`` cut to the candidates ready ``when`` (now, within a year, later, not on current
        data), each with its readiness: worked out for every one of ``found`` in one batch."""
        sweep = found.sweep
        order = found.order
        if when is ReadyWhen.NOW:  # ready now is eligible now: no date to look for
            order = order[sweep.verdict[order] == VERDICTS.index(VerdictKind.ELIGIBLE)]
        facts, rows = self._facts_of(found, order)
        got = readiness_of(facts, sweep.policy, found.target, found.as_of, rows)
        keep = np.array([ReadyWhen.of(r, found.as_of) is when for r in got], dtype=bool)
        return Readied(Verdicts(found.scope, sweep, order[keep], found.root),
                       {int(k): r for k, r, kept in zip(order, got, keep, strict=True) if kept})
