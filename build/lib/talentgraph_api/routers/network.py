"""The mentorship network: a teacher's lineage (mentors up, mentees down) and a studio's reach.

Both answer with the semantics of domain/network.py. For a scoped caller, the teacher or studio
asked about must lie inside the subtree (404 otherwise), and relatives, members, mentees and
schools outside it are left out of the answer: their ids would tell that they exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from talentgraph import records, services
from talentgraph.domain.network import Relative
from talentgraph_api.deps import Caller, Privacy, Private, Store, as_of_query
from talentgraph_api.schemas.network import LineageOut, StudioReachOut

router = APIRouter(tags=["network"])
MAX_DEPTH = 10


@router.get("/teachers/{teacher_id}/lineage", response_model=LineageOut,
            summary="Mentors up and mentees down, generation by generation, as of a date")
def lineage(teacher_id: str, store: Store, caller: Caller, privacy: Private,
            as_of: Annotated[dt.date | None, as_of_query("Default today.")] = None,
            depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Generations each way.")] = 3,
            ) -> LineageOut:
    found = services.lineage(store, privacy.path_id(teacher_id), as_of or dt.date.today(), depth,
                             caller.org_id)
    relatives = [r.teacher_id for r in (*found.ancestors, *found.descendants)]
    shown = records.visible_teachers(store, relatives, caller.org_id) if caller.org_id else set(relatives)
    return LineageOut(teacher_id=privacy.id(found.teacher_id), as_of=found.as_of, depth=found.depth,
                      ancestors=_relatives(found.ancestors, shown, privacy),
                      descendants=_relatives(found.descendants, shown, privacy))


def _relatives(found: list[Relative], shown: set[str], privacy: Privacy) -> list[Relative]:
    kept = [Relative(teacher_id=privacy.id(r.teacher_id), generation=r.generation)
            for r in found if r.teacher_id in shown]
    return sorted(kept, key=lambda r: (r.generation, r.teacher_id))


@router.get("/studios/{studio_id}/reach", response_model=StudioReachOut,
            summary="Members, their mentees, and the schools (and rural schools) they touch, on a date")
def reach(studio_id: str, store: Store, caller: Caller, privacy: Private,
          as_of: Annotated[dt.date | None, as_of_query("Default today.")] = None) -> StudioReachOut:
    found = services.studio_reach(store, studio_id, as_of or dt.date.today(), caller.org_id)
    people = [*found.members, *found.mentees]
    shown = records.visible_teachers(store, people, caller.org_id) if caller.org_id else set(people)
    tree = records.org_tree(store)
    schools = [s for s in found.schools if tree.within(s, caller.org_id)]
    return StudioReachOut(
        studio_id=found.studio_id, as_of=found.as_of, lead_id=privacy.id(found.lead_id),
        members=sorted(privacy.id(t) for t in found.members if t in shown),
        mentees=sorted(privacy.id(t) for t in found.mentees if t in shown),
        schools=schools, rural_schools=[s for s in found.rural_schools if s in schools])
