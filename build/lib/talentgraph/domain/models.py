"""Entities of the talent graph, one pydantic model each (dataset-format.md).

These are the shapes of single records as the API, explanations and tests see
them. Bulk loads use the columnar roster tables instead; both follow the same
column names.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentgraph.domain.enums import (
    ANNUAL_RESULTS,
    ETHICS_RESULTS,
    Level,
    MentorshipKind,
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ReviewKind,
    ReviewResult,
    Role,
    Stage,
    Status,
    Tier,
    Track,
    TrainingKind,
)

Id = str


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Org(_Record):
    id: Id = Field(min_length=1)
    kind: OrgKind
    name: str
    parent_id: Id | None = None
    rural: bool | None = None


class Teacher(_Record):
    id: Id = Field(min_length=1)
    name: str
    school_id: Id
    entry_date: dt.date | None = None
    stage: Stage | None = None
    subject: str | None = None
    head_teacher: bool | None = None
    roles: tuple[Role, ...] = ()
    principal_since: dt.date | None = None
    status: Status = Status.ACTIVE


class Title(_Record):
    """A certification held 认定: (tier, level, track) awarded by an org on a date."""

    teacher_id: Id
    tier: Tier
    level: Level
    org_id: Id | None = None
    awarded_on: dt.date
    valid_until: dt.date | None = None
    track: Track = Track.TEACHER

    def valid_on(self, day: dt.date) -> bool:
        """True if awarded on or before ``day`` and not lapsed before it."""
        return self.awarded_on <= day and (self.valid_until is None or day <= self.valid_until)


class Programme(_Record):
    """A cultivation enrolment 培养 in a (tier, level) programme run by an org."""

    teacher_id: Id
    tier: Tier
    level: Level
    org_id: Id | None = None
    enrolled_on: dt.date
    completed_on: dt.date | None = None
    result: ProgrammeResult = ProgrammeResult.IN_PROGRESS


class TrainingRecord(_Record):
    teacher_id: Id
    date: dt.date
    hours: float = Field(gt=0)
    kind: TrainingKind
    programme: str | None = None
    level: Level | None = None
    probation: bool = False
    passed: bool = True


class Review(_Record):
    teacher_id: Id
    year: int
    kind: ReviewKind
    result: ReviewResult

    @model_validator(mode="after")
    def _result_fits_kind(self) -> Review:
        allowed = ETHICS_RESULTS if self.kind is ReviewKind.ETHICS else ANNUAL_RESULTS
        if self.result not in allowed:
            raise ValueError(f"result {self.result.value!r} is not a {self.kind.value} result")
        return self


class Posting(_Record):
    teacher_id: Id
    school_id: Id
    start_date: dt.date
    end_date: dt.date | None = None
    kind: PostingKind = PostingKind.REGULAR


class Mentorship(_Record):
    mentor_id: Id
    mentee_id: Id
    kind: MentorshipKind
    start_date: dt.date
    end_date: dt.date | None = None


class Studio(_Record):
    """A famous-teacher studio 名师工作室, led by one teacher."""

    id: Id = Field(min_length=1)
    name: str
    level: Level
    lead_id: Id
    host_org_id: Id | None = None
    subject: str | None = None
    rural: bool | None = None
    founded_on: dt.date | None = None


class StudioMember(_Record):
    studio_id: Id
    teacher_id: Id
    joined_on: dt.date
    left_on: dt.date | None = None


class StudioLink(_Record):
    """A school a studio supports (名师扶百校)."""

    studio_id: Id
    school_id: Id
    since: dt.date | None = None
