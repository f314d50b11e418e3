"""Questions: who is eligible, why one teacher is or is not, and an org's pipeline funnel.

Answers come back as the scope may see them: only candidates inside a planner's subtree; for a
researcher, pseudonyms in place of ids and names, and lists in pseudonym order; in an
explanation's words, a teacher or studio outside a planner's subtree is "outside your scope".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import Stage
from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind
from talentgraph.eligibility import engine
from talentgraph.eligibility.coverage import SchoolCoverage, school_coverage
from talentgraph.eligibility.engine import VERDICTS, Rows, Sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.pipeline import Pipeline, pipeline
from talentgraph.errors import InvalidTarget, NotFound, PolicyError
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.schema import Policy
from talentgraph.services import redact
from talentgraph.services.scope import Scope
from talentgraph.services.view import View, missing
from talentgraph.store.protocol import FactSource, PipelineSource, RecordStore, SweepSource

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")  # what an id looks like inside a sentence (see redact._ID_CHAR)


@dataclass(frozen=True)
class Verdicts:
    """The verdicts of one eligibility question in the scope's order (eligible, review, ineligible;
    then by id, or by pseudonym for researchers), worded on demand."""

    scope: Scope
    sweep: Sweep
    order: Rows
    root: str | None  # the org whose subtree was asked about (the scope's, or inside it); None: all

    @property
    def target(self) -> Target:
        return self.sweep.ctx.target

    @property
    def as_of(self) -> dt.date:
        return self.sweep.ctx.as_of

    @property
    def policy(self) -> str:
        return self.sweep.policy.name

    def counts(self) -> dict[VerdictKind, int]:
        """Candidates per verdict (before any verdict filter)."""
        return self.sweep.counts()

    def __len__(self) -> int:
        return int(self.order.shape[0])

    def only(self, kind: VerdictKind) -> Verdicts:
        """The same list cut to one verdict (no new sweep)."""
        picked = self.sweep.verdict[self.order] == VERDICTS.index(kind)
        return Verdicts(self.scope, self.sweep, self.order[picked], self.root)

    def window(self, offset: int = 0, limit: int | None = None) -> list[Verdict]:
        picked = self.order[offset:None if limit is None else offset + limit]
        return [self._shown(int(k)) for k in picked]

    def __iter__(self) -> Iterator[Verdict]:
        return (self._shown(int(k)) for k in self.order)

    def _shown(self, k: int) -> Verdict:
        v = self.sweep.verdict_at(k)
        if not self.scope.pseudonymised:
            return v
        return v.model_copy(update={"teacher_id": self.scope.shown_id(v.teacher_id),
                                    "name": self.scope.shown_name(v.teacher_id, v.name)})


class Questions:
    """Eligibility, explanation and pipeline use cases; ``policy`` is the default policy."""

    def __init__(self, facts: FactSource, records: RecordStore, policy: Policy) -> None:
        self.facts = facts
        self.records = records
        self.policy = policy

    def chosen(self, policy: Policy | str | None) -> Policy:
        """A policy object, a built-in policy by name (never a file: callers may be remote), or
        the default."""
        if isinstance(policy, str):
            names = builtin_policy_names()
            if policy not in names:
                raise PolicyError(message(N_("no built-in policy {policy!r}; built in: {names}"),
                                          policy=policy, names=", ".join(names)))
            return load_policy(policy)
        return policy or self.policy

    def policy_for(self, target: Target, chosen: Policy | str | None = None) -> Policy:
        """The policy to ask (see ``chosen``), which must cover ``target`` (InvalidTarget otherwise)."""
        policy = self.chosen(chosen)
        if policy.checks_for(target) is None:
            covered = ", ".join(str(t) for t in policy.covers())
            raise InvalidTarget(message(N_("policy {policy!r} has no rules for {target}; it covers: "
                                           "{covered}"), policy=policy.name, target=str(target),
                                        covered=covered))
        return policy

    def eligibility(self, scope: Scope, target: Target, as_of: dt.date, *, org_id: str | None = None,
                    verdict: VerdictKind | None = None, policy: Policy | str | None = None,
                    stage: Stage | None = None, subject: str | None = None) -> Verdicts:
        """Every candidate for ``target`` in the org subtree (default: the scope's), as of the date;
        only those teaching ``stage`` / ``subject`` when given (counts are of those)."""
        chosen = self.policy_for(target, policy)
        root = View(self.records, scope).root(org_id)
        if stage is None and subject is None and isinstance(self.facts, SweepSource):
            sweep = self.facts.sweep(chosen, target, as_of, root)  # decided in the database
            facts = sweep.facts
        else:
            facts, inside = self.facts.facts_in(root)
            if stage is not None or subject is not None:
                inside = inside & self._teaching(facts, root, stage, subject)
            sweep = engine.sweep(facts, chosen, target, as_of, inside)
        order = sweep.order(verdict)
        if scope.pseudonymised:  # verdict first, then pseudonym: an id order would unmask them
            keys = np.array([scope.order_key(str(t)) for t in facts.teacher_ids[sweep.rows[order]]])
            order = order[np.lexsort((keys, sweep.verdict[order]))] if order.size else order
        return Verdicts(scope, sweep, order, root)

    def _teaching(self, facts: Facts, root: str | None, stage: Stage | None,
                  subject: str | None) -> npt.NDArray[np.bool_]:
        """Which of the facts' teachers teach ``stage`` and ``subject`` (as the teachers table says)."""
        teachers = self.records.rows_in(root, ("teachers",))["teachers"]
        keep = pa.scalar(True)
        for column, value in (("stage", stage), ("subject", subject)):
            if value is not None:
                keep = pc.and_(keep, pc.equal(teachers[column], str(value)))
        ids = teachers.filter(pc.fill_null(keep, False))["id"].combine_chunks()
        found = pc.is_in(pa.array(facts.teacher_ids, pa.string()), value_set=ids)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)

    def coverage(self, scope: Scope, as_of: dt.date, *, org_id: str | None = None) -> list[SchoolCoverage]:
        """XD-COVERAGE for every school in the org subtree (default: the scope's), by school id:
        teachers in post, head-teachers (the class proxy), famous and backbone holders."""
        root = View(self.records, scope).root(org_id)
        facts, _ = self.facts.facts_in(root)
        row = facts.orgs.row_of(root) if root is not None else None
        if root is not None and row is None:
            return []
        return school_coverage(facts, as_of, row)

    def policy_in_force(self, scope: Scope, policy: Policy | str | None = None) -> Policy:
        """The policy questions are asked under (a built-in one by name, or the server's)."""
        return self.chosen(policy)

    def explanation(self, scope: Scope, teacher_id: str, target: Target, as_of: dt.date, *,
                    org_id: str | None = None, policy: Policy | str | None = None) -> Verdict:
        """Every check for one teacher, with reasons and evidence. The teacher must be visible
        (and inside ``org_id``'s subtree, if given): NotFound otherwise."""
        chosen = self.policy_for(target, policy)
        real = scope.real_id(teacher_id)
        if real is None:
            raise missing(scope, "teacher", teacher_id)
        try:
            facts = self.facts.facts_of(real)
        except NotFound:
            raise missing(scope, "teacher", teacher_id) from None
        for root in (scope.org_id, org_id):  # the teacher's facts carry the orgs above its school
            if root is not None and not _within(facts, real, root):
                raise missing(scope, "teacher", teacher_id, root)
        verdict = engine.explain(facts, chosen, target, as_of, real)
        if scope.sees_everything:
            return verdict
        return _reworded(verdict, self._names(View(self.records, scope), real, verdict),
                         scope.shown_name(real, verdict.name))

    def _names(self, view: View, teacher_id: str, verdict: Verdict) -> dict[str, str]:
        """How each teacher and studio id in the verdict's words is to read for this scope (the
        words are searched for anything that is a teacher or studio id, not for known fields)."""
        checks = (*verdict.checks, *verdict.obligations)
        words = [verdict.note or "", *(c.reason for c in checks),
                 *(e.detail for c in checks for e in c.evidence)]
        tokens = set(_TOKEN.findall(" ".join(words))) | {teacher_id}
        rows = self.records.rows_of([teacher_id], ("studios",))["studios"].to_pylist()
        studios = {r["id"]: r["lead_id"] for r in rows if r["id"] in tokens}  # led or joined
        schools = self.records.schools_of(sorted(tokens | set(studios.values())))
        names = {t: view.scope.shown_id(t) if view.has_org(s) else redact.OUTSIDE_TEACHER
                 for t, s in schools.items() if t in tokens}
        names |= {s: redact.OUTSIDE_STUDIO for s, lead in studios.items()
                  if not view.has_org(schools.get(lead))}
        names[teacher_id] = view.scope.shown_id(teacher_id)
        return names

    def pipeline(self, scope: Scope, as_of: dt.date, *, org_id: str | None = None,
                 policy: Policy | str | None = None) -> Pipeline:
        """Holders per tier x level, candidates per step and quota use, for the org's subtree."""
        chosen = self.chosen(policy)
        root = View(self.records, scope).root(org_id)
        if isinstance(self.facts, PipelineSource):
            return self.facts.pipeline_counts(chosen, as_of, root)  # counted in the database
        facts, inside = self.facts.facts_in(root)
        return pipeline(facts, inside, chosen, as_of)


def _reworded(v: Verdict, names: dict[str, str], name: str) -> Verdict:
    """The verdict with its teacher's id and name, and every id in its words, as ``names`` says."""
    def said(m: Message | None) -> Message | None:  # the words in every language, reworded alike
        return m.map_text(lambda text: redact.text(text, names)) if m is not None else None

    def reworded(c: CheckResult) -> CheckResult:
        evidence = tuple(e.model_copy(update={"detail": redact.text(e.detail, names),
                                              "message": said(e.message)}) for e in c.evidence)
        return c.model_copy(update={"reason": redact.text(c.reason, names), "message": said(c.message),
                                    "evidence": evidence})

    return v.model_copy(update={"teacher_id": names[v.teacher_id], "name": name,
                                "checks": tuple(reworded(c) for c in v.checks),
                                "obligations": tuple(reworded(c) for c in v.obligations),
                                "note": redact.text(v.note, names) if v.note else v.note,
                                "note_message": said(v.note_message)})


def _within(facts: Facts, teacher_id: str, org_id: str) -> bool:
    """Is the teacher's school in the org's subtree? One school against the tree, not a mask of all."""
    root, row = facts.orgs.row_of(org_id), facts.index_of(teacher_id)
    return root is not None and row is not None and bool(facts.orgs.subtree(root)[facts.school[row]])
