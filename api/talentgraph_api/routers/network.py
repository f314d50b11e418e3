"""The mentorship network: a teacher's lineage (mentors up, mentees down) and a studio's reach.

Both answer with the semantics of domain/network.py, within the caller's scope (services/network.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from talentgraph_api.deps import Caller, UseCases
from talentgraph_api.schemas.network import LineageOut, StudioReachOut
from talentgraph_api.schemas.strict import IsoDate, as_of_query

router = APIRouter(tags=["network"])
MAX_DEPTH = 10


@router.get("/teachers/{teacher_id}/lineage", response_model=LineageOut,
            summary="Mentors up and mentees down, generation by generation, as of a date")
def lineage(teacher_id: str, uc: UseCases, caller: Caller,
            as_of: Annotated[IsoDate | None, as_of_query("Default today.")] = None,
            depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Generations each way.")] = 3,
            ) -> LineageOut:
    found = uc.network.lineage(caller, teacher_id, as_of or dt.date.today(), depth)
    return LineageOut.model_validate(found.model_dump(exclude={"descendants_per_generation",
                                                               "ancestors_per_generation"}))


@router.get("/studios/{studio_id}/reach", response_model=StudioReachOut,
            summary="Members, their mentees, and the schools (and rural schools) they touch, on a date")
def reach(studio_id: str, uc: UseCases, caller: Caller,
          as_of: Annotated[IsoDate | None, as_of_query("Default today.")] = None) -> StudioReachOut:
    return StudioReachOut.model_validate(uc.network.studio_reach(caller, studio_id,
                                                                 as_of or dt.date.today()).model_dump())
