"""Teachers: search, read, create, update, deactivate."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, status

from talentgraph import records, writes
from talentgraph.domain.enums import Level, Stage, Status, Tier, Track
from talentgraph.domain.models import Teacher
from talentgraph_api.deps import Caller, Page, Privacy, Private, Store, Writer, as_of_query
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.entities import Deactivation, TeacherIn, TeacherOut, TeacherPatch

router = APIRouter(prefix="/teachers", tags=["teachers"])


def teacher_out(teacher: Teacher, privacy: Privacy) -> TeacherOut:
    return TeacherOut.model_validate(teacher.model_dump() | {
        "id": privacy.id(teacher.id), "name": privacy.name(teacher.id, teacher.name)})


@router.get("", response_model=PageOf[TeacherOut], summary="Search teachers (by id)")
def search(
    store: Store, caller: Caller, privacy: Private, page: Page,
    org_id: Annotated[str | None, Query(description="Only this org's subtree.")] = None,
    tier: Annotated[Tier | None, Query(description="Holds a title of this tier ...")] = None,
    level: Annotated[Level | None, Query(description="... at this level ...")] = None,
    track: Annotated[Track, Query(description="... on this track ...")] = Track.TEACHER,
    as_of: Annotated[dt.date | None, as_of_query("... valid on this day (default today).")] = None,
    stage: Stage | None = None,
    subject: str | None = None,
    status_: Annotated[Status | None, Query(alias="status")] = None,
) -> PageOf[TeacherOut]:
    where = records.TeacherFilter(org_id, tier, level, track, as_of, stage, subject, status_)
    total, found = records.list_teachers(store, caller.org_id, where, page.offset, page.limit)
    return PageOf[TeacherOut](items=[teacher_out(t, privacy) for t in found], total=total,
                              limit=page.limit, offset=page.offset)


@router.post("", response_model=TeacherOut, status_code=status.HTTP_201_CREATED)
def create(teacher: TeacherIn, store: Store, caller: Writer, privacy: Private) -> TeacherOut:
    return teacher_out(writes.create_teacher(store, teacher, caller.org_id), privacy)


@router.get("/{teacher_id}", response_model=TeacherOut)
def read(teacher_id: str, store: Store, caller: Caller, privacy: Private) -> TeacherOut:
    return teacher_out(records.get_teacher(store, privacy.path_id(teacher_id), caller.org_id), privacy)


@router.patch("/{teacher_id}", response_model=TeacherOut)
def update(teacher_id: str, patch: TeacherPatch, store: Store, caller: Writer,
           privacy: Private) -> TeacherOut:
    fields = patch.model_dump(exclude_unset=True)
    return teacher_out(writes.update_teacher(store, teacher_id, fields, caller.org_id), privacy)


@router.post("/{teacher_id}/deactivate", response_model=TeacherOut,
             summary="Set status to left or retired (the teacher's records stay)")
def deactivate(teacher_id: str, body: Deactivation, store: Store, caller: Writer,
               privacy: Private) -> TeacherOut:
    return teacher_out(writes.deactivate_teacher(store, teacher_id, body.status, caller.org_id), privacy)
