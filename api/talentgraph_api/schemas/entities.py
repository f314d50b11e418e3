"""Orgs, teachers, studios and event records as the API reads and writes them.

Inputs are the entity models of ``talentgraph.domain.models`` (the bundle's columns, validated
by pydantic: enums, dates, positive hours, results that fit the review kind), made strict
(schemas/strict.py: dates only as YYYY-MM-DD strings, booleans only as true/false); outputs add
a ``record_id`` to event rows, which have no id of their own in the bundle format.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from talentgraph.domain import models
from talentgraph.domain.enums import (
    Level,
    PostingKind,
    ProgrammeResult,
    ProgrammeType,
    ReviewKind,
    ReviewResult,
    Status,
    Tier,
    Track,
    TrainingContent,
    TrainingDelivery,
)
from talentgraph_api.schemas.strict import StrictInput


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class OrgIn(StrictInput, models.Org):
    model_config = _examples({"id": "C01-K01-S0042", "kind": "school", "name": "新会第二中学",
                              "parent_id": "C01-K01", "rural": False})


class OrgOut(models.Org):
    pass


class OrgNode(BaseModel):
    """An org with the orgs below it."""

    id: str
    kind: str
    name: str
    rural: bool | None = None
    children: list[OrgNode] = []


class TeacherIn(StrictInput, models.Teacher):
    model_config = _examples({"id": "T0099001", "name": "李敏", "school_id": "C01-K01-S0001",
                              "entry_date": "2019-09-01", "stage": "junior", "subject": "math",
                              "head_teacher": True, "roles": [], "status": "active"})


class TeacherOut(models.Teacher):
    pass


def _patch_of(model: type[BaseModel], *, exclude: set[str]) -> type[BaseModel]:
    """A PATCH body: every field of ``model`` but ``exclude``, each optional, with its checks (strict)."""
    def optional(field: FieldInfo) -> Any:
        annotated = Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
        return Optional[annotated]  # noqa: UP045 - built at run time, where X | None is not a type

    fields: dict[str, Any] = {name: (optional(field), None) for name, field in model.model_fields.items()
                              if name not in exclude}
    return create_model(f"{model.__name__}Fields", __base__=StrictInput, **fields)


class TeacherPatch(_patch_of(models.Teacher, exclude={"id"})):  # type: ignore[misc]
    """The fields to change; the others stay as they are."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"school_id": "C01-K01-S0002", "head_teacher": False}]})


class Deactivation(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"status": "retired"}, {"status": "left", "left_on": "2025-07-31"}]})

    status: Status = Field(Status.LEFT, description="left or retired")
    left_on: dt.date | None = Field(None, description=(
        "the day the teacher left or retired (YYYY-MM-DD); default: the leaving day already stored, "
        "else today"))


class TitleIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"tier": "backbone", "level": "county", "org_id": "C01-K01", "awarded_on": "2024-09-10",
         "valid_until": "2029-09-09", "track": "teacher"}]})
    tier: Tier
    level: Level
    org_id: str | None = None
    awarded_on: dt.date
    valid_until: dt.date | None = None
    track: Track = Track.TEACHER


class ProgrammeIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"tier": "backbone", "level": "city", "org_id": "C01", "enrolled_on": "2024-09-01",
         "completed_on": "2025-07-01", "result": "pass", "type": "cultivation"}]})
    tier: Tier
    level: Level
    org_id: str | None = None
    enrolled_on: dt.date
    completed_on: dt.date | None = None
    result: ProgrammeResult = ProgrammeResult.IN_PROGRESS
    type: ProgrammeType = ProgrammeType.CULTIVATION


class TrainingIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"date": "2025-08-26", "hours": 94.5, "kind": "centralized", "content": "professional",
         "programme": "国培计划2025",
         "level": "province", "probation": False, "passed": True}]})
    date: dt.date
    hours: float = Field(gt=0, le=10_000, allow_inf_nan=False)
    kind: TrainingDelivery | None = None
    content: TrainingContent | None = None
    programme: str | None = None
    level: Level | None = None
    probation: bool = False
    passed: bool = True


class ReviewIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"year": 2025, "kind": "annual", "result": "excellent"}]})
    year: int = Field(ge=1900, le=2200)
    kind: ReviewKind
    result: ReviewResult


class PostingIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"school_id": "C01-K01-S0007", "start_date": "2023-09-01", "end_date": "2024-07-01",
         "kind": "exchange"}]})
    school_id: str = Field(min_length=1)
    start_date: dt.date
    end_date: dt.date | None = None
    kind: PostingKind = PostingKind.REGULAR


class TitleOut(models.Title):
    record_id: str


class ProgrammeOut(models.Programme):
    record_id: str


class TrainingOut(models.TrainingRecord):
    record_id: str


class ReviewOut(models.Review):
    record_id: str


class PostingOut(models.Posting):
    record_id: str


class MentorshipIn(StrictInput, models.Mentorship):
    model_config = _examples({"mentor_id": "T0004107", "mentee_id": "T0004160", "kind": "subject",
                              "start_date": "2025-09-01"})


class MentorshipOut(models.Mentorship):
    record_id: str


class StudioIn(StrictInput, models.Studio):
    model_config = _examples({"id": "ST-C01-042", "name": "李敏数学名师工作室", "level": "county",
                              "lead_id": "T0004107", "host_org_id": "C01-K01", "subject": "math",
                              "rural": False, "founded_on": "2024-03-01"})


class StudioOut(models.Studio):
    pass


class MemberIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"teacher_id": "T0004160", "joined_on": "2025-03-01"}]})
    teacher_id: str = Field(min_length=1)
    joined_on: dt.date


class MemberOut(models.StudioMember):
    pass


class Leaving(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"left_on": "2026-07-01"}]})
    left_on: dt.date


class LinkIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"school_id": "C01-K01-S0031", "since": "2024-09-01"}]})
    school_id: str = Field(min_length=1)
    since: dt.date | None = None


class LinkOut(models.StudioLink):
    pass


class Created(BaseModel):
    """What a POST of an event record returns: the record's id."""

    record_id: str
