"""Studios 名师工作室: list, read, create, update; members (join, leave) and linked schools."""

from __future__ import annotations

from fastapi import APIRouter, status

from talentgraph import records, writes
from talentgraph.domain.models import Studio, StudioLink, StudioMember
from talentgraph_api.deps import Caller, Page, Privacy, Private, Store, Writer
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


def studio_out(studio: Studio, privacy: Privacy) -> StudioOut:
    return StudioOut.model_validate(studio.model_dump() | {"lead_id": privacy.id(studio.lead_id)})


def member_out(member: StudioMember, privacy: Privacy) -> MemberOut:
    return MemberOut.model_validate(member.model_dump() | {"teacher_id": privacy.id(member.teacher_id)})


@router.get("", response_model=PageOf[StudioOut],
            summary="Studios led from inside the caller's subtree, by id")
def list_studios(store: Store, caller: Caller, privacy: Private, page: Page) -> PageOf[StudioOut]:
    found = records.list_studios(store, caller.org_id)
    return page_of([studio_out(s, privacy) for s in found], page.limit, page.offset)


@router.post("", response_model=StudioOut, status_code=status.HTTP_201_CREATED)
def create(studio: StudioIn, store: Store, caller: Writer, privacy: Private) -> StudioOut:
    return studio_out(writes.create_studio(store, studio, caller.org_id), privacy)


@router.get("/{studio_id}", response_model=StudioOut)
def read(studio_id: str, store: Store, caller: Caller, privacy: Private) -> StudioOut:
    return studio_out(records.get_studio(store, studio_id, caller.org_id), privacy)


@router.put("/{studio_id}", response_model=StudioOut)
def update(studio_id: str, studio: StudioIn, store: Store, caller: Writer, privacy: Private) -> StudioOut:
    return studio_out(writes.update_studio(store, studio_id, studio, caller.org_id), privacy)


@router.get("/{studio_id}/members", response_model=PageOf[MemberOut],
            summary="Members past and present, by teacher id")
def members(studio_id: str, store: Store, caller: Caller, privacy: Private, page: Page) -> PageOf[MemberOut]:
    found = records.studio_members(store, studio_id, caller.org_id)
    return page_of([member_out(m, privacy) for m in found], page.limit, page.offset)


@router.post("/{studio_id}/members", response_model=MemberOut, status_code=status.HTTP_201_CREATED,
             responses={409: {"description": "The teacher is already a member."}})
def add_member(studio_id: str, body: MemberIn, store: Store, caller: Writer, privacy: Private) -> MemberOut:
    member = StudioMember(studio_id=studio_id, teacher_id=body.teacher_id, joined_on=body.joined_on)
    return member_out(writes.add_member(store, member, caller.org_id), privacy)


@router.post("/{studio_id}/members/{teacher_id}/leave", response_model=MemberOut,
             summary="The member leaves the studio on a date")
def leave(studio_id: str, teacher_id: str, body: Leaving, store: Store, caller: Writer,
          privacy: Private) -> MemberOut:
    ended = writes.end_membership(store, studio_id, teacher_id, body.left_on, caller.org_id)
    return member_out(ended, privacy)


@router.get("/{studio_id}/links", response_model=PageOf[LinkOut], summary="Schools the studio supports")
def links(studio_id: str, store: Store, caller: Caller, page: Page) -> PageOf[LinkOut]:
    found = records.studio_links(store, studio_id, caller.org_id)
    return page_of([LinkOut.model_validate(x.model_dump()) for x in found], page.limit, page.offset)


@router.post("/{studio_id}/links", response_model=LinkOut, status_code=status.HTTP_201_CREATED)
def add_link(studio_id: str, body: LinkIn, store: Store, caller: Writer) -> LinkOut:
    link = StudioLink(studio_id=studio_id, school_id=body.school_id, since=body.since)
    return LinkOut.model_validate(writes.add_link(store, link, caller.org_id).model_dump())
