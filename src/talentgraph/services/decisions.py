"""Decisions: quotas and targets, coverage, ranking and readiness, scoped like every question.

Quota and coverage answer for the org subtree asked (default: the caller's); an org outside
the caller's scope answers as one that does not exist. Ranking and readiness take an
eligibility answer (``Verdicts``, already scoped and, for a researcher, pseudonymised) and
order or annotate it: a researcher's ties fall back on pseudonyms, never on real ids.

``approved`` is the port to nomination rounds (``ApprovedNominations``): the composition root
wires the store that keeps them; without one, nothing is approved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.coverage_measures import CoverageRow, coverage_rows
from talentgraph.eligibility.quota import ApprovedNominations, QuotaRow, no_rounds, quota_rows
from talentgraph.eligibility.ranking import Part, Scores, rank_order, scores
from talentgraph.eligibility.readiness import Readiness, readiness
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


class Decisions:
    """Quota, coverage, ranking and readiness use cases; ``policy`` is the default policy."""

    def __init__(self, facts: FactSource, records: RecordStore, questions: Questions,
                 approved: ApprovedNominations = no_rounds) -> None:
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

    def ranked(self, found: Verdicts) -> Ranked:
        """``found`` in rank order, under its own policy's ``[ranking]`` (PolicyError if it has none)."""
        sweep = found.sweep
        ranking = sweep.policy.ranking
        if ranking is None:
            raise PolicyError(f"policy {sweep.policy.name!r} has no [ranking] section: its sources give no "
                              "basis for ordering candidates (see docs/decisions.md)")
        order = found.order
        rows = sweep.rows[order]
        got = scores(sweep.facts, rows, ranking, found.target, found.as_of)
        ids = sweep.facts.teacher_ids[rows]
        keys = np.array([found.scope.order_key(str(t)) for t in ids]) if found.scope.pseudonymised else ids
        ranks = rank_order(sweep.verdict[order], got.totals, keys)
        return Ranked(Verdicts(found.scope, sweep, order[ranks]),
                      Scores(got.components, got.values[ranks]))

    def readiness(self, found: Verdicts, offset: int = 0, limit: int | None = None) -> list[Readiness]:
        """Readiness of each verdict in ``found.window(offset, limit)``, in the same order."""
        sweep = found.sweep
        picked = found.order[offset:None if limit is None else offset + limit]
        return [readiness(sweep.facts, sweep.policy, found.target, found.as_of, int(sweep.rows[k]))
                for k in picked]
