"""Nomination rounds: open, nominate, decide, certify, read, and the nomination list 推荐名单.

Each handler calls one use case of ``services/rounds.py`` with the caller's scope; a round outside
the scope answers 404 like one that does not exist, a refused step 409 naming the reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from talentgraph import nomination_list
from talentgraph.domain.target import Target
from talentgraph.i18n import negotiate
from talentgraph_api.deps import Caller, UseCases, Writer
from talentgraph_api.schemas.rounds import CertificationIn, DecisionIn, RoundIn, RoundOut, RoundSummaryOut

router = APIRouter(tags=["rounds"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/rounds", response_model=list[RoundSummaryOut], summary="The rounds the caller may see")
def list_rounds(uc: UseCases, caller: Caller) -> list[RoundSummaryOut]:
    return [RoundSummaryOut.model_validate(v.model_dump(mode="json")) for v in uc.rounds.list(caller)]


@router.post("/rounds", response_model=RoundOut, status_code=201,
             summary="Open a round run by an org of the target's level")
def open_round(body: RoundIn, uc: UseCases, caller: Writer) -> RoundOut:
    asked = body.model_dump()
    view = uc.rounds.open(caller, Target.parse(body.target, track=body.track), asked["org_id"], body.quota,
                          policy=body.policy, opens=body.opens, closes=body.closes, as_of=body.as_of)
    return RoundOut.model_validate(view.model_dump())


@router.get("/rounds/{round_id}", response_model=RoundOut,
            summary="A round, its nominations and its audit trail")
def show_round(round_id: str, uc: UseCases, caller: Caller) -> RoundOut:
    return RoundOut.model_validate(uc.rounds.show(caller, round_id).model_dump())


@router.put("/rounds/{round_id}/nominations/{teacher_id}", response_model=RoundOut,
            summary="Nominate a teacher (a candidate for the target, inside the round's org)")
def nominate(round_id: str, teacher_id: str, uc: UseCases, caller: Writer) -> RoundOut:
    return RoundOut.model_validate(uc.rounds.nominate(caller, round_id, [teacher_id]).model_dump())


@router.post("/rounds/{round_id}/nominations/{teacher_id}/decision", response_model=RoundOut,
             summary="Approve (perhaps waiving 原则上 rules) or reject a nomination")
def decide(round_id: str, teacher_id: str, body: DecisionIn, uc: UseCases, caller: Writer) -> RoundOut:
    view = uc.rounds.decide(caller, round_id, teacher_id, approve=body.approve, waive=body.waive,
                            reason=body.reason, by=body.by)
    return RoundOut.model_validate(view.model_dump())


@router.post("/rounds/{round_id}/certification", response_model=RoundOut,
             summary="Certify the round: a title for each approved nomination")
def certify(round_id: str, body: CertificationIn, uc: UseCases, caller: Writer) -> RoundOut:
    return RoundOut.model_validate(uc.rounds.certify(caller, round_id, body.on).model_dump())


@router.get("/rounds/{round_id}/nomination-list", response_class=Response,
            responses={200: {"content": {XLSX: {}}}},
            summary="The round's nomination list 推荐名单 as XLSX (Chinese headers by default)")
def nomination_list_xlsx(round_id: str, uc: UseCases, caller: Caller,
                         lang: Annotated[str | None, Query(pattern="^(zh|en)$",
                                                           description="zh (default) or en")] = None,
                         ) -> Response:
    view = uc.rounds.show(caller, round_id)
    return Response(nomination_list.xlsx_bytes(view, negotiate(lang)), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{view.id}.xlsx"'})
