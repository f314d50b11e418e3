"""Mentorships: a teacher's, new ones (409 if one would close a cycle), deletion."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from talentgraph_api.deps import Caller, Page, UseCases, Writer
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of
from talentgraph_api.schemas.entities import Created, MentorshipIn, MentorshipOut

router = APIRouter(tags=["mentorships"])


@router.get("/teachers/{teacher_id}/mentorships", response_model=PageOf[MentorshipOut],
            summary="The teacher's mentorships, as mentor and as mentee, by start date")
def of_teacher(teacher_id: str, uc: UseCases, caller: Caller, page: Page) -> PageOf[MentorshipOut]:
    found = uc.records.mentorships(caller, teacher_id)
    items = [MentorshipOut.model_validate(r.model.model_dump() | {"record_id": r.record_id}) for r in found]
    return page_of(items, page.limit, page.offset)


@router.post("/mentorships", response_model=Created, status_code=status.HTTP_201_CREATED,
             responses={409: {"description": "Already stored, or it would close a mentorship cycle."}})
def create(mentorship: MentorshipIn, uc: UseCases, caller: Writer) -> Created:
    return Created(record_id=uc.writes.add_mentorship(caller, mentorship))


@router.delete("/teachers/{teacher_id}/mentorships/{record_id}", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, summary="Delete a mentorship (by the mentee's id and its record id)")
def delete(teacher_id: str, record_id: str, uc: UseCases, caller: Writer) -> Response:
    uc.writes.delete_mentorship(caller, teacher_id, record_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
