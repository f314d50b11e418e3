"""Answers to questions: verdicts with their checks, explanations with evidence, the pipeline."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from talentgraph.domain.rules import source_record
from talentgraph.domain.verdict import CheckResult, Verdict, VerdictKind
from talentgraph.eligibility.pipeline import Pipeline
from talentgraph.i18n import ENGLISH, Words
from talentgraph_api.schemas.common import Page


class EvidenceOut(BaseModel):
    kind: str
    detail: str
    date: dt.date | None = None


class SourceOut(BaseModel):
    rule: str
    source: str | None = Field(description="Seed plan (JM, WZ, XD, LE, TX); None: a policy's own rule.")
    quote: str | None = Field(description="The seed's sentence (JM: the normalised wording).")
    normalised: bool = Field(description="True when the quote reads JM's machine-rewritten text back.")
    seed: str | None = Field(description="The seed's verbatim text.")
    gloss: str = Field(description="What the rule means, in English.")


class CheckOut(BaseModel):
    rule: str = Field(description="The domain.md rule the check implements, e.g. JM-LEVEL.")
    check: str
    passed: bool
    hard: bool = Field(description="False for rules the sources mark 原则上 'in principle'.")
    unknown: bool = Field(description="The data needed is missing.")
    reason: str
    effect: str = Field("gate", description="gate decides the verdict; advice and alert never do.")
    rules: list[str] = Field(default_factory=list, description="Every rule the check cites, its own first.")
    sources: list[SourceOut] = Field(default_factory=list, description="Each cited rule's sentence, gloss.")


class ExplainedCheck(CheckOut):
    evidence: list[EvidenceOut]
    note: str | None = None


class VerdictOut(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{
        "teacher_id": "T0004107", "name": "田秀", "school_id": "C01-K02-S0001", "target": "backbone@city",
        "as_of": "2026-09-01", "policy": "reference", "verdict": "review", "candidate": True,
        "failed_rules": ["JM-LEVEL"], "unknown_rules": [],
        "checks": [{"rule": "JM-LEVEL", "check": "holds_title", "passed": False, "hard": False,
                    "unknown": False, "reason":
                    "holds no backbone title at county level (teacher track) valid on 2026-09-01"}]}]}}

    teacher_id: str
    name: str
    school_id: str
    target: str
    as_of: dt.date
    policy: str
    verdict: VerdictKind
    candidate: bool
    failed_rules: list[str]
    unknown_rules: list[str]
    checks: list[CheckOut]


class ExplanationOut(VerdictOut):
    checks: list[ExplainedCheck]  # type: ignore[assignment]
    note: str | None = Field(None, description="Why a sweep would not list this teacher, if it would not.")


class EligibilityPage(Page[VerdictOut]):
    counts: dict[VerdictKind, int] = Field(description="Candidates per verdict (before the verdict filter).")


class StepOut(BaseModel):
    target: str
    holders: int
    eligible: int
    review: int
    ineligible: int


class QuotaOut(BaseModel):
    level: str
    holders: int
    ratio: float
    quota: int


class HolderCount(BaseModel):
    track: str
    tier: str
    level: str
    count: int


class PipelineOut(BaseModel):
    org_id: str
    as_of: dt.date
    teachers: int = Field(description="Teachers in post in the subtree on the date.")
    holders: list[HolderCount]
    steps: list[StepOut]
    quotas: list[QuotaOut]


def check_fields(c: CheckResult, words: Words | None = None) -> dict[str, object]:
    """A check as the API shows it: its own fields, every rule it cites and their sources; the
    reason in ``words``' language (English by default)."""
    words = words or Words.of(ENGLISH)
    return c.model_dump(exclude={"evidence", "cites", "message"}) | {
        "reason": words.reason(c), "rules": list(c.rules), "sources": [source_record(r) for r in c.rules]}


def verdict_fields(v: Verdict) -> dict[str, object]:
    return {"teacher_id": v.teacher_id, "name": v.name, "school_id": v.school_id, "target": str(v.target),
            "as_of": v.as_of, "policy": v.policy, "verdict": v.verdict, "candidate": v.candidate,
            "failed_rules": list(v.failed_rules), "unknown_rules": list(v.unknown_rules)}


def check_out(c: CheckResult, words: Words) -> CheckOut:
    return CheckOut.model_validate(check_fields(c, words))


def explanation_out(v: Verdict, words: Words | None = None) -> ExplanationOut:
    """The explanation with its human fields (reason, evidence detail, note) in ``words``' language."""
    words = words or Words.of(ENGLISH)
    checks = [ExplainedCheck.model_validate(check_fields(c, words) | {
        "evidence": [EvidenceOut(kind=e.kind, detail=words.detail(e), date=e.date) for e in c.evidence]})
        for c in v.checks]
    return ExplanationOut.model_validate(verdict_fields(v) | {"checks": checks, "note": words.note(v)})


def pipeline_out(org_id: str, p: Pipeline) -> PipelineOut:
    return PipelineOut(
        org_id=org_id, as_of=p.as_of, teachers=p.teachers,
        holders=[HolderCount(track=k[0].value, tier=k[1].value, level=k[2].value, count=n)
                 for k, n in sorted(p.holders.items(), key=lambda kv: tuple(x.value for x in kv[0]))],
        steps=[StepOut(target=str(s.target), holders=s.holders, eligible=s.eligible, review=s.review,
                       ineligible=s.ineligible) for s in p.steps],
        quotas=[QuotaOut(level=q.level.value, holders=q.holders, ratio=q.ratio, quota=q.quota)
                for q in p.quotas])
