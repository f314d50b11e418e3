"""A teacher's event records: titles, programmes, training, reviews, postings.

One router built per table from the same three handlers: list, add, delete (by record id).
No `from __future__ import annotations` here: the handlers' annotations must be real classes.
"""


from typing import Any

from fastapi import APIRouter, Response, status
from pydantic import BaseModel

from talentgraph_api.deps import Caller, Page, UseCases, Writer
from talentgraph_api.schemas import entities as e
from talentgraph_api.schemas.common import Page as PageOf
from talentgraph_api.schemas.common import page_of

router = APIRouter(tags=["records"])

KINDS: dict[str, tuple[str, type[BaseModel], type[BaseModel]]] = {
    # path segment: (table, input, output)
    "titles": ("titles", e.TitleIn, e.TitleOut),
    "programmes": ("programmes", e.ProgrammeIn, e.ProgrammeOut),
    "training": ("training", e.TrainingIn, e.TrainingOut),
    "reviews": ("reviews", e.ReviewIn, e.ReviewOut),
    "postings": ("postings", e.PostingIn, e.PostingOut),
}


def _register(segment: str, table: str, model_in: type[BaseModel], model_out: type[BaseModel]) -> None:
    path = f"/teachers/{{teacher_id}}/{segment}"

    def list_records(teacher_id: str, uc: UseCases, caller: Caller, page: Page) -> Any:
        found = uc.records.teacher_records(caller, table, teacher_id)
        items = [model_out.model_validate(r.model.model_dump() | {"record_id": r.record_id}) for r in found]
        return page_of(items, page.limit, page.offset)

    def add_record(teacher_id: str, body: model_in, uc: UseCases, caller: Writer) -> e.Created:  # type: ignore[valid-type]
        fields = body.model_dump()  # type: ignore[attr-defined]
        return e.Created(record_id=uc.writes.add_record(caller, table, teacher_id, fields))

    def delete_record(teacher_id: str, record_id: str, uc: UseCases, caller: Writer) -> Response:
        uc.writes.delete_record(caller, table, teacher_id, record_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    router.add_api_route(path, list_records, methods=["GET"], response_model=PageOf[model_out],  # type: ignore[valid-type]
                         name=f"list_{segment}", summary=f"The teacher's {segment} records")
    router.add_api_route(path, add_record, methods=["POST"], response_model=e.Created,
                         status_code=status.HTTP_201_CREATED, name=f"add_{segment}",
                         summary=f"Record a new {segment} row for the teacher")
    router.add_api_route(f"{path}/{{record_id}}", delete_record, methods=["DELETE"],
                         status_code=status.HTTP_204_NO_CONTENT, name=f"delete_{segment}",
                         summary=f"Delete one {segment} record", response_class=Response)


for _segment, (_table, _in, _out) in KINDS.items():
    _register(_segment, _table, _in, _out)
