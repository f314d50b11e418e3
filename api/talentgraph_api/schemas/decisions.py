"""Answers of the decision routes: quota rows, coverage rows, ranked and readiness verdicts."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.coverage_measures import CoverageRow
from talentgraph.eligibility.quota import QuotaRow
from talentgraph.eligibility.ranking import Part
from talentgraph.eligibility.readiness import Readiness
from talentgraph_api.schemas.common import Page
from talentgraph_api.schemas.questions import VerdictOut


class QuotaRowOut(BaseModel):
    rule: str = Field(description="The domain.md rule, e.g. TX-RATIO.")
    kind: Literal["share", "target"]
    org_id: str
    org_name: str
    tier: str
    level: str
    tracks: list[str]
    types: list[str] = Field(description="A target counting enrolments: of these programme types.")
    share: float | None = Field(description="The share of the base (a quota); null for a target.")
    base: int | None = Field(description="The teachers the share is of; null for a target.")
    rounding: Literal["floor", "round", "ceil"] | None
    holders: int = Field(description="Who uses the quota, or has reached the target (see basis).")
    quota: int = Field(description="The share of the base, rounded; or the target count.")
    approved: int = Field(description="Nominations approved and not yet certified.")
    headroom: int = Field(description="quota - holders - approved (negative: over).")
    by: dt.date | None = Field(description="A target's deadline.")
    basis: str = Field(description="How each figure is counted.")


class CoverageRowOut(BaseModel):
    rule: str
    measure: str
    school_id: str
    school_name: str
    count: int
    of: int
    needed: int
    gap: int
    met: bool
    basis: str


class PartOut(BaseModel):
    rule: str
    measure: str
    value: float
    weight: float
    points: float = Field(description="value x weight, rounded to six places; the parts add up to the score.")


class RankedOut(VerdictOut):
    rank: int
    score: float
    breakdown: list[PartOut]


class RankedPage(Page[RankedOut]):
    ties: str = Field(description="How equal scores are ordered.")


class ReadinessOut(BaseModel):
    status: Literal["ready now", "ready on", "not on current data"]
    on: dt.date | None
    missing: list[str] = Field(description="Rules keeping the teacher from passing on the as-of date.")
    no_data: list[str] = Field(description="Those of the missing rules that lack the data they need.")
    assumption: str | None = Field(description="The assumption a date rests on, if any (training hours).")
    text: str


class ReadyOut(VerdictOut):
    readiness: ReadinessOut


class ReadinessPage(Page[ReadyOut]):
    counts: dict[VerdictKind, int]


def quota_out(row: QuotaRow) -> QuotaRowOut:
    return QuotaRowOut.model_validate(row.record())


def coverage_out(row: CoverageRow) -> CoverageRowOut:
    return CoverageRowOut.model_validate(row.record())


def part_out(part: Part) -> PartOut:
    return PartOut.model_validate(part.record())


def readiness_out(ready: Readiness) -> ReadinessOut:
    return ReadinessOut.model_validate(ready.record())
