"""Verdicts and the checks behind them: the answer to "why or why not"."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from talentgraph.domain.message import Message
from talentgraph.domain.target import Target


class VerdictKind(StrEnum):
    """eligible: every check passes; review: only 原则上 (soft) checks fail, or a hard
    check lacks data; ineligible: a hard check fails on known data (see engine._decide)."""

    ELIGIBLE = "eligible"
    REVIEW = "review"
    INELIGIBLE = "ineligible"


class Evidence(BaseModel):
    """One fact a check looked at: a title, some training records, a review."""

    model_config = ConfigDict(frozen=True)

    kind: str
    detail: str  # in English; ``message`` words it in any language (i18n.Words.detail)
    date: dt.date | None = None
    message: Message | None = None

    @classmethod
    def said(cls, kind: str, message: Message, date: dt.date | None = None) -> Evidence:
        """Evidence worded by a message (its English wording is ``detail``)."""
        return cls(kind=kind, detail=str(message), date=date, message=message)


class CheckResult(BaseModel):
    """One rule applied to one teacher.

    ``hard`` is False for rules the sources mark 原则上 "in principle".
    ``unknown`` is True when the data needed is missing; the check then does
    not pass, and its verdict is at worst ``review``.
    ``effect`` is "gate" for checks that decide the verdict; "advice" (a priority
    or bonus, or which level mainly serves the teacher) and "alert" (a record a
    planner must look at) are shown but never change it.
    ``cites`` is every rule the check implements: its own first, then those of
    the parts of a route that name another rule (JM-NEW-EMERGING beside
    JM-EMERGING-WINDOW).
    """

    model_config = ConfigDict(frozen=True)

    rule: str
    check: str
    passed: bool
    hard: bool
    unknown: bool = False
    reason: str  # in English; ``message`` words it in any language (i18n.Words.reason)
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None  # the policy's own note on this check, if any
    effect: str = "gate"
    cites: tuple[str, ...] = ()
    message: Message | None = None

    @property
    def rules(self) -> tuple[str, ...]:
        return self.cites or (self.rule,)

    @property
    def gate(self) -> bool:
        return self.effect == "gate"


class Verdict(BaseModel):
    """A teacher's verdict for a target as of a date, with every check."""

    model_config = ConfigDict(frozen=True)

    teacher_id: str
    name: str
    school_id: str
    target: Target
    as_of: dt.date
    policy: str
    verdict: VerdictKind
    checks: tuple[CheckResult, ...]
    note: str | None = None  # e.g. "already holds backbone@city: not a candidate in sweeps"
    note_message: Message | None = None  # the note as a message, worded at the edge (i18n.Words.note)
    candidate: bool = True  # False when explaining someone a sweep would not list
    # Duties the teacher owes on the date as holder of a title or a role (WZ-BACKBONE):
    # shown beside the verdict, never part of it. Filled by explain only.
    obligations: tuple[CheckResult, ...] = ()

    @property
    def failed_rules(self) -> tuple[str, ...]:
        """Rules of the gate checks that fail on known data (every rule a failed route cites)."""
        return tuple(r for c in self.checks if c.gate and not c.passed and not c.unknown for r in c.rules)

    @property
    def unknown_rules(self) -> tuple[str, ...]:
        """Rules of the gate checks that cannot be decided for want of data."""
        return tuple(r for c in self.checks if c.gate and c.unknown for r in c.rules)

    @property
    def flags(self) -> tuple[CheckResult, ...]:
        """Advice and alerts that did not pass: shown to the planner, never part of the verdict."""
        return tuple(c for c in self.checks if not c.gate and not c.passed)
