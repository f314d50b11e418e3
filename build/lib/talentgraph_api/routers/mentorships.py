"""Mentorships: a teacher's, new ones (409 if one would close a cycle), deletion, lineage."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from talentgraph import records, writes
from talentgraph_api.deps import Caller, Page, Private, Store, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of
from talentgraph_api.schemas.entities import Created, MentorshipIn, MentorshipOut

router = APIRouter(tags=["mentorships"])


@router.get("/teachers/{teacher_id}/mentorships", response_model=PageOf[MentorshipOut],
            summary="The teacher's mentorships, as mentor and as mentee, by start date")
def of_teacher(teacher_id: str, store: Store, caller: Caller, privacy: Private,
               page: Page) -> PageOf[MentorshipOut]:
    found = records.mentorships_of(store, privacy.path_id(teacher_id), caller.org_id)
    items = [MentorshipOut.model_validate(r.model.model_dump() | {
        "record_id": privacy.record_id(r.record_id), "mentor_id": privacy.id(r.model.mentor_id),
        "mentee_id": privacy.id(r.model.mentee_id)}) for r in found]
    return page_of(items, page.limit, page.offset)


@router.post("/mentorships", response_model=Created, status_code=status.HTTP_201_CREATED,
             responses={409: {"description": "Already stored, or it would close a mentorship cycle."}})
def create(mentorship: MentorshipIn, store: Store, caller: Writer) -> Created:
    return Created(record_id=writes.add_mentorship(store, mentorship, caller.org_id))


@router.delete("/teachers/{teacher_id}/mentorships/{record_id}", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, summary="Delete a mentorship (by the mentee's id and its record id)")
def delete(teacher_id: str, record_id: str, store: Store, caller: Writer) -> Response:
    writes.delete_record(store, "mentorships", teacher_id, record_id, caller.org_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
