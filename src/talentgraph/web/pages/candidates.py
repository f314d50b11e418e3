"""The candidates for a target: filters (verdict, school, stage, subject), pages of 50, and the
whole filtered list as XLSX or CSV through the shared export module.

The table's columns are ``COLUMNS`` (a template macro each, in order): issue 15's ranking with its
breakdown and readiness are more entries there, beside a sort choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from talentgraph import exports
from talentgraph.domain.enums import Stage
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.services import Verdicts
from talentgraph.web.deps import Page, SignedIn
from talentgraph.web.forms import PAGE_SIZE, choice, day, page_number
from talentgraph.web.pages.common import OrgChoice, org_choice
from talentgraph.web.render import render, with_cookies

router = APIRouter()
COLUMNS = ("teacher", "school", "stage_subject", "verdict", "why_not", "explain")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_TARGET = "backbone@county"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Question:
    """The list asked for, as the filters say."""

    target: Target
    org: OrgChoice
    school: str | None
    verdict: VerdictKind | None
    stage: Stage | None
    subject: str | None

    @property
    def target_value(self) -> str:
        return str(self.target).replace("/", "|")


def _question(p: Page, target: str | None, org_id: str | None, school: str | None, verdict: str | None,
              stage: str | None, subject: str | None) -> Question:
    text = target or DEFAULT_TARGET
    goal = Target.parse(text)  # TIER@LEVEL[/TRACK] ("|" for "/" in links); InvalidTarget: a 422 page
    org = org_choice(p, org_id)
    if school:
        p.uc.records.org(p.scope, school)  # NotFound for a school the caller may not see
    return Question(goal, org, school or None, choice(VerdictKind, verdict, "verdict"),
                    choice(Stage, stage, "stage"), subject or None)


def _ask(p: Page, q: Question, as_of: str | None) -> Verdicts:
    return p.uc.questions.eligibility(p.scope, q.target, day(as_of), org_id=q.school or q.org.current.id,
                                      stage=q.stage, subject=q.subject)


@router.get("/candidates", summary="Candidates for a target, filtered and paged")
def candidates(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
               verdict: str | None = None, school: str | None = None, stage: str | None = None,
               subject: str | None = None, page: int = 1) -> Response:
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    counts = found.counts()
    shown = found.only(q.verdict) if q.verdict else found
    pages = max(1, math.ceil(len(shown) / PAGE_SIZE))
    at = min(page_number(page), pages)
    rows = shown.window((at - 1) * PAGE_SIZE, PAGE_SIZE)
    targets = p.uc.questions.policy_in_force(p.scope).covers()
    people = p.uc.records.teachers_named(p.scope, [v.teacher_id for v in rows])
    stage_subject = {t: (x.stage, x.subject) for t, x in people.items()}
    return render(p, "candidates.html", q=q, as_of=day(as_of), counts=counts, total=len(shown), rows=rows,
                  page=at, pages=pages, columns=COLUMNS, targets=targets, stages=list(Stage),
                  subjects=p.words.subject_codes(), schools=q.org.schools_under(q.org.current.id),
                  policy=found.policy, stage_subject=stage_subject)


@router.get("/candidates/export", summary="The filtered candidate list as XLSX or CSV")
def export(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
           verdict: str | None = None, school: str | None = None, stage: str | None = None,
           subject: str | None = None, format: ExportFormat = ExportFormat.XLSX) -> Response:
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    shown = found.only(q.verdict) if q.verdict else found
    name = f"candidates-{q.target.tier.value}-{q.target.level.value}-{found.as_of.isoformat()}"
    orgs = {o.id: o for o in p.uc.records.orgs(p.scope)}  # the names this visitor may see
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format.value}"'}
    response: Response
    if format is ExportFormat.XLSX:  # streamed from a temporary file (exports.py)
        path = exports.xlsx_file(shown, p.words, orgs)
        response = FileResponse(path, media_type=XLSX, headers=disposition,
                                background=BackgroundTask(path.unlink, missing_ok=True))
    else:  # with a byte-order mark, so that Excel reads the Chinese as UTF-8
        response = StreamingResponse(exports.csv_chunks(shown, p.words, orgs),
                                     media_type="text/csv; charset=utf-8", headers=disposition)
    return with_cookies(p, response)
