"""Nomination rounds: the rules of each step, as pure functions (docs/decisions-rounds.md).

A round is run by an org of its target's level (a city's round certifies city titles). Its
nominations are decided one by one: approve (waiving, by name, only 原则上 soft rules the
verdict fails), or reject; the last decision on a nomination stands. Certification writes a
title for each approved nomination. The storage is the round tables of ``models.py``; the use
cases that apply these rules are ``services/rounds.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel

from talentgraph.domain.enums import DecisionOutcome, Level, OrgKind
from talentgraph.domain.models import Decision, Round
from talentgraph.domain.verdict import Verdict
from talentgraph.errors import Refused

# The org kind that certifies each level (a national title has no org in a region's tree).
CERTIFIER: dict[Level, OrgKind] = {Level.SCHOOL: OrgKind.SCHOOL, Level.COUNTY: OrgKind.COUNTY,
                                   Level.CITY: OrgKind.CITY, Level.PROVINCE: OrgKind.PROVINCE}
WAIVER_SEPARATOR = ";"


class RoundStatus(StrEnum):
    SCHEDULED = "scheduled"  # before its opening date
    OPEN = "open"
    CLOSED = "closed"  # past its closing date, not certified
    CERTIFIED = "certified"


class NominationStatus(StrEnum):
    NOMINATED = "nominated"  # not decided yet
    APPROVED = "approved"
    REJECTED = "rejected"
    CERTIFIED = "certified"  # approved, and the round certified: the title is written


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of a text (a policy's canonical JSON)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def round_status(round_: Round, today: dt.date) -> RoundStatus:
    if round_.certified_on is not None:
        return RoundStatus.CERTIFIED
    if today < round_.opens_on:
        return RoundStatus.SCHEDULED
    if round_.closes_on is not None and today > round_.closes_on:
        return RoundStatus.CLOSED
    return RoundStatus.OPEN


def require_open(round_: Round, today: dt.date) -> None:
    """Refused unless the round takes steps today."""
    status = round_status(round_, today)
    if status is RoundStatus.CERTIFIED:
        raise Refused(f"round {round_.id} is closed: certified on {round_.certified_on}")
    if status is RoundStatus.SCHEDULED:
        raise Refused(f"round {round_.id} is not open yet: it opens on {round_.opens_on}")
    if status is RoundStatus.CLOSED:
        raise Refused(f"round {round_.id} is closed: it closed on {round_.closes_on}")


def last_decisions(decisions: Sequence[Decision]) -> dict[str, Decision]:
    """The decision that stands for each nomination: its last one (by sequence)."""
    standing: dict[str, Decision] = {}
    for decision in sorted(decisions, key=lambda d: d.seq):
        standing[decision.nomination_id] = decision
    return standing


def nomination_status(decision: Decision | None, certified: bool) -> NominationStatus:
    if decision is None:
        return NominationStatus.NOMINATED
    if decision.outcome is DecisionOutcome.REJECT:
        return NominationStatus.REJECTED
    return NominationStatus.CERTIFIED if certified else NominationStatus.APPROVED


def waived_rules(text: str | None) -> list[str]:
    return [r for r in (text or "").split(WAIVER_SEPARATOR) if r]


def check_approval(verdict: Verdict, waive: Sequence[str], shown_id: str) -> tuple[str, ...]:
    """The rules an approval of ``verdict`` waives, or Refused saying why it cannot be given.

    A waiver names rules of the target's gate checks. A hard rule is never waived; a rule the
    verdict passes has nothing to waive. Every gate check the verdict does not pass must then be
    soft and waived: a hard check that fails (ineligible) or lacks data cannot be approved.
    ``shown_id`` is the teacher as the asking scope names them (a pseudonym, for a researcher).
    """
    gates = [c for c in verdict.checks if c.gate]
    waived = tuple(dict.fromkeys(waive))
    for rule in waived:
        citing = [c for c in gates if rule in c.rules]
        if not citing:
            raise Refused(f"{rule} is not a rule of {verdict.target} under policy {verdict.policy}: "
                          "nothing to waive")
        if any(c.hard for c in citing):
            raise Refused(f"{rule} is a hard rule (not 原则上): it cannot be waived")
        if all(c.passed for c in citing):
            raise Refused(f"{rule} passes for {shown_id}: nothing to waive")
    for check in gates:
        if check.passed:
            continue
        # The check's reason is left out: it may name other teachers (talentgraph explain shows it).
        if check.hard and check.unknown:
            raise Refused(f"{shown_id}: the hard rule {check.rule} lacks data; it cannot be approved "
                          "until it is known")
        if check.hard:
            raise Refused(f"{shown_id} is ineligible: the hard rule {check.rule} fails")
        if not set(check.rules) & set(waived):
            raise Refused(f"{shown_id}: the 原则上 rule {check.rule} does not pass; approve with "
                          f"--waive {check.rule}, or reject")
    return waived


def verdict_summary(frozen: str) -> str:
    """A frozen verdict without its words: target, date, policy, verdict and each gate rule's
    outcome. What a scope that does not see everything reads of a round's title (a check's
    reason and evidence may name teachers outside its scope, and the teacher's own name)."""
    verdict = Verdict.model_validate_json(frozen)
    return json.dumps({
        "target": str(verdict.target), "as_of": verdict.as_of.isoformat(), "policy": verdict.policy,
        "verdict": verdict.verdict.value, "failed_rules": list(verdict.failed_rules),
        "unknown_rules": list(verdict.unknown_rules),
        "checks": [{"rule": c.rule, "passed": c.passed, "hard": c.hard, "unknown": c.unknown}
                   for c in verdict.checks if c.gate]}, ensure_ascii=False)


class NominationView(BaseModel):
    """A nomination as a round shows it: the standing decision and the verdict it rests on."""

    id: str
    teacher_id: str
    name: str
    school_id: str
    status: NominationStatus
    verdict: str  # eligible / review / ineligible: of the standing decision, else of the nomination
    failed_rules: list[str]
    unknown_rules: list[str]
    waived: list[str]
    reason: str | None = None
    approver: str | None = None
    decided_at: str | None = None
    nominated_by: str


class EventView(BaseModel):
    """One audited step: who (actor), when (at, UTC), what (action, teacher, detail)."""

    seq: int
    at: str
    actor: str
    action: str
    teacher_id: str | None = None
    detail: dict[str, object]


class RoundView(BaseModel):
    """A round's fields, its state, its nominations and its audit trail."""

    id: str
    target: str
    tier: str
    level: str
    track: str
    org_id: str
    quota: int
    opens_on: dt.date
    closes_on: dt.date | None = None
    as_of: dt.date
    policy: str
    policy_hash: str
    certified_on: dt.date | None = None
    status: RoundStatus
    approved: int
    nominations: list[NominationView]
    events: list[EventView]
