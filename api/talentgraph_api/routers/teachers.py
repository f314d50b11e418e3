"""Teachers: search, read, create, update, deactivate."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from talentgraph.domain.enums import Level, Stage, Status, Tier, Track
from talentgraph.services import TeacherFilter
from talentgraph_api.deps import Caller, Page, UseCases, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.entities import Deactivation, TeacherIn, TeacherOut, TeacherPatch
from talentgraph_api.schemas.strict import IsoDate, as_of_query

router = APIRouter(prefix="/teachers", tags=["teachers"])


@router.get("", response_model=PageOf[TeacherOut],
            summary="Search teachers (by id; for researchers, by pseudonym)")
def search(
    uc: UseCases, caller: Caller, page: Page,
    org_id: Annotated[str | None, Query(description="Only this org's subtree.")] = None,
    tier: Annotated[Tier | None, Query(description="Holds a title of this tier ...")] = None,
    level: Annotated[Level | None, Query(description="... at this level ...")] = None,
    track: Annotated[Track, Query(description="... on this track ...")] = Track.TEACHER,
    as_of: Annotated[IsoDate | None, as_of_query("... valid on this day (default today).")] = None,
    stage: Stage | None = None,
    subject: str | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
) -> PageOf[TeacherOut]:
    where = TeacherFilter(org_id, tier, level, track, as_of, stage, subject, status_)
    total, found = uc.records.teachers(caller, where, page.offset, page.limit)
    return PageOf[TeacherOut](items=[TeacherOut.model_validate(t.model_dump()) for t in found], total=total,
                              limit=page.limit, offset=page.offset)


@router.post("", response_model=TeacherOut, status_code=status.HTTP_201_CREATED)
def create(teacher: TeacherIn, uc: UseCases, caller: Writer) -> TeacherOut:
    return TeacherOut.model_validate(uc.writes.create_teacher(caller, teacher).model_dump())


@router.get("/{teacher_id}", response_model=TeacherOut)
def read(teacher_id: str, uc: UseCases, caller: Caller) -> TeacherOut:
    return TeacherOut.model_validate(uc.records.teacher(caller, teacher_id).model_dump())


@router.patch("/{teacher_id}", response_model=TeacherOut)
def update(teacher_id: str, patch: TeacherPatch, uc: UseCases, caller: Writer) -> TeacherOut:
    changed = uc.writes.update_teacher(caller, teacher_id, patch.model_dump(exclude_unset=True))
    return TeacherOut.model_validate(changed.model_dump())


@router.post("/{teacher_id}/deactivate", response_model=TeacherOut,
             summary="Set status to left or retired, and the leaving day (the teacher's records stay)")
def deactivate(teacher_id: str, body: Deactivation, uc: UseCases, caller: Writer) -> TeacherOut:
    gone = uc.writes.deactivate_teacher(caller, teacher_id, body.status, body.left_on)
    return TeacherOut.model_validate(gone.model_dump())
