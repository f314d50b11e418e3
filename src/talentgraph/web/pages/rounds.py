"""Nomination rounds: the rounds in scope, open one, nominate from the candidate list, decide each
nomination (approve, perhaps waiving 原则上 rules the verdict fails; or reject), certify, and
download the nomination list 推荐名单.

Every step is one use case of ``services/rounds.py`` with the caller's scope: it checks the role,
the round's org and the round's rules. A refused step answers 409 with its reason (the error
page, in the visitor's language beside the service's English) and changes nothing; a round
outside the scope is the same 404 as one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from talentgraph import nomination_list
from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.rounds import NominationStatus, NominationView, RoundView
from talentgraph.domain.target import Target
from talentgraph.errors import NotFound
from talentgraph.web.deps import Page, Posted, SignedIn
from talentgraph.web.forms import day
from talentgraph.web.pages.common import org_choice
from talentgraph.web.render import PREFIX, redirect, render, with_cookies

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def target_of(view: RoundView) -> Target:
    return Target(tier=Tier(view.tier), level=Level(view.level), track=Track(view.track))


def _optional_day(value: str, field: str) -> dt.date | None:
    return day(value, field) if value.strip() else None


@router.get("/rounds", summary="The nomination rounds in scope, and a form to open one")
def rounds(p: SignedIn) -> Response:
    found = p.uc.rounds.list(p.scope)
    org = org_choice(p, None)
    targets = p.uc.questions.policy_in_force(p.scope).covers()
    return render(p, "rounds.html", rounds=found, org=org, targets=targets, today=dt.date.today(),
                  target_of=target_of)


@router.post("/rounds", summary="Open a round")
def open_round(p: Posted, target: Annotated[str, Form()], org_id: Annotated[str, Form()],
               quota: Annotated[int, Form(ge=0)], opens: Annotated[str, Form()] = "",
               closes: Annotated[str, Form()] = "", as_of: Annotated[str, Form()] = "") -> Response:
    goal = Target.parse(target)  # TIER@LEVEL[/TRACK] ("|" for "/"); InvalidTarget: a 422 page
    view = p.uc.rounds.open(p.scope, goal, org_id, quota, opens=_optional_day(opens, "opens"),
                            closes=_optional_day(closes, "closes"), as_of=_optional_day(as_of, "as_of"))
    return redirect(p, f"{PREFIX}/rounds/{view.id}")


@router.get("/rounds/{round_id}", summary="A round: its nominations, decisions and audit trail")
def round_page(round_id: str, p: SignedIn) -> Response:
    view = p.uc.rounds.show(p.scope, round_id)
    waivable = {n.id: _soft_failures(p, view, n) for n in view.nominations
                if n.status is NominationStatus.NOMINATED or n.status is NominationStatus.APPROVED}
    org = org_choice(p, None)
    return render(p, "round.html", r=view, target=target_of(view), waivable=waivable, org=org,
                  today=dt.date.today())


def _soft_failures(p: Page, view: RoundView, n: NominationView) -> list[tuple[str, str]]:
    """The 原则上 (soft) gate rules the nomination's verdict does not pass, with their reasons: the
    only rules an approval may waive. Asked of the explanation use case, as the round judges it
    (its policy, its date); nothing to offer for a teacher the caller may not explain."""
    try:
        verdict = p.uc.questions.explanation(p.scope, n.teacher_id, target_of(view), view.as_of,
                                             policy=view.policy)
    except NotFound:
        return []
    return [(c.rule, p.words.reason(c)) for c in verdict.checks if c.gate and not c.passed and not c.hard]


@router.post("/rounds/{round_id}/nominations", summary="Nominate teachers (from the candidate list)")
def nominate(round_id: str, p: Posted, teacher_id: Annotated[list[str] | None, Form()] = None) -> Response:
    p.uc.rounds.nominate(p.scope, round_id, teacher_id or [])
    return redirect(p, f"{PREFIX}/rounds/{round_id}#nominations")


@router.post("/rounds/{round_id}/decisions", summary="Approve (with waivers) or reject a nomination")
def decide(round_id: str, p: Posted, teacher_id: Annotated[str, Form()], outcome: Annotated[str, Form()],
           reason: Annotated[str, Form()] = "", approver: Annotated[str, Form()] = "",
           waive: Annotated[list[str] | None, Form()] = None) -> Response:
    p.uc.rounds.decide(p.scope, round_id, teacher_id, approve=outcome == "approve", waive=waive or [],
                       reason=reason, by=approver)
    return redirect(p, f"{PREFIX}/rounds/{round_id}#nominations")


@router.post("/rounds/{round_id}/certification", summary="Certify the round on a date")
def certify(round_id: str, p: Posted, on: Annotated[str, Form()] = "") -> Response:
    p.uc.rounds.certify(p.scope, round_id, day(on, "on"))
    return redirect(p, f"{PREFIX}/rounds/{round_id}")


@router.get("/rounds/{round_id}/nomination-list", summary="The nomination list 推荐名单 as XLSX")
def nomination_list_xlsx(round_id: str, p: SignedIn) -> Response:
    view = p.uc.rounds.show(p.scope, round_id)
    body = nomination_list.xlsx_bytes(view, p.words.lang)
    return with_cookies(p, Response(body, media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="{view.id}.xlsx"'}))
