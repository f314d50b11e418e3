"""Verdicts and the checks behind them: the answer to "why or why not"."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

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
    detail: str
    date: dt.date | None = None


class CheckResult(BaseModel):
    """One rule applied to one teacher.

    ``hard`` is False for rules the sources mark 原则上 "in principle".
    ``unknown`` is True when the data needed is missing; the check then does
    not pass, and its verdict is at worst ``review``.
    """

    model_config = ConfigDict(frozen=True)

    rule: str
    check: str
    passed: bool
    hard: bool
    unknown: bool = False
    reason: str
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None  # the policy's own note on this check, if any


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
    candidate: bool = True  # False when explaining someone a sweep would not list

    @property
    def failed_rules(self) -> tuple[str, ...]:
        """Rules of checks that fail on known data."""
        return tuple(c.rule for c in self.checks if not c.passed and not c.unknown)

    @property
    def unknown_rules(self) -> tuple[str, ...]:
        """Rules of checks that cannot be decided for want of data."""
        return tuple(c.rule for c in self.checks if c.unknown)
