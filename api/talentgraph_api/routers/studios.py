"""Studios 名师工作室: list, read, create, update; members (join, leave) and linked schools."""

from __future__ import annotations

from fastapi import APIRouter, status

from talentgraph_api.deps import Caller, Page, UseCases, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of
from talentgraph_api.schemas.entities import (
    Leaving,
    LinkIn,
    LinkOut,
    MemberIn,
    MemberOut,
    StudioIn,
    StudioOut,
)

router = APIRouter(prefix="/studios", tags=["studios"])


@router.get("", response_model=PageOf[StudioOut],
            summary="Studios led from inside the caller's subtree, by id")
def list_studios(uc: UseCases, caller: Caller, page: Page) -> PageOf[StudioOut]:
    found = uc.records.studios(caller)
    return page_of([StudioOut.model_validate(s.model_dump()) for s in found], page.limit, page.offset)


@router.post("", response_model=StudioOut, status_code=status.HTTP_201_CREATED)
def create(studio: StudioIn, uc: UseCases, caller: Writer) -> StudioOut:
    return StudioOut.model_validate(uc.writes.create_studio(caller, studio).model_dump())


@router.get("/{studio_id}", response_model=StudioOut)
def read(studio_id: str, uc: UseCases, caller: Caller) -> StudioOut:
    return StudioOut.model_validate(uc.records.studio(caller, studio_id).model_dump())


@router.put("/{studio_id}", response_model=StudioOut)
def update(studio_id: str, studio: StudioIn, uc: UseCases, caller: Writer) -> StudioOut:
    return StudioOut.model_validate(uc.writes.update_studio(caller, studio_id, studio).model_dump())


@router.get("/{studio_id}/members", response_model=PageOf[MemberOut],
            summary="Members past and present, by teacher id (for researchers, by pseudonym)")
def members(studio_id: str, uc: UseCases, caller: Caller, page: Page) -> PageOf[MemberOut]:
    found = uc.records.members(caller, studio_id)
    return page_of([MemberOut.model_validate(m.model_dump()) for m in found], page.limit, page.offset)


@router.post("/{studio_id}/members", response_model=MemberOut, status_code=status.HTTP_201_CREATED,
             responses={409: {"description": "The teacher is already a member."}})
def add_member(studio_id: str, body: MemberIn, uc: UseCases, caller: Writer) -> MemberOut:
    joined = uc.writes.add_member(caller, studio_id, body.teacher_id, body.joined_on)
    return MemberOut.model_validate(joined.model_dump())


@router.post("/{studio_id}/members/{teacher_id}/leave", response_model=MemberOut,
             summary="The member leaves the studio on a date")
def leave(studio_id: str, teacher_id: str, body: Leaving, uc: UseCases, caller: Writer) -> MemberOut:
    ended = uc.writes.end_membership(caller, studio_id, teacher_id, body.left_on)
    return MemberOut.model_validate(ended.model_dump())


@router.get("/{studio_id}/links", response_model=PageOf[LinkOut], summary="Schools the studio supports")
def links(studio_id: str, uc: UseCases, caller: Caller, page: Page) -> PageOf[LinkOut]:
    found = uc.records.links(caller, studio_id)
    return page_of([LinkOut.model_validate(x.model_dump()) for x in found], page.limit, page.offset)


@router.post("/{studio_id}/links", response_model=LinkOut, status_code=status.HTTP_201_CREATED)
def add_link(studio_id: str, body: LinkIn, uc: UseCases, caller: Writer) -> LinkOut:
    link = uc.writes.add_link(caller, studio_id, body.school_id, body.since)
    return LinkOut.model_validate(link.model_dump())
