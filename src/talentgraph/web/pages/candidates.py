"""The candidates for a target: filters (verdict, school, stage, subject, readiness), the policy's
ranking with each score's breakdown (sorted by rank, or in roster order), readiness on demand,
pages of 50, and the whole filtered list as XLSX or CSV through the shared export module.

Readiness asks the verdict again on every date a rule's answer can change (the batch of
``Decisions.readiness``): shown on demand (``readiness=1``) for the page shown, pages of 10; as a
filter (``ready=now|year|later|not``) it is worked out for the whole filtered list at once
(``Decisions.ready``), and shown beside each. From a round (``round=R0001``) the page offers a
form to nominate the ticked teachers to it.

The table's columns are ``COLUMNS`` (a template macro each, in order).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from talentgraph import exports
from talentgraph.decision_columns import decision_extra
from talentgraph.domain.enums import Stage
from talentgraph.domain.rounds import RoundView
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.eligibility.readiness import Readiness, ReadyWhen
from talentgraph.errors import PolicyError
from talentgraph.services import Verdicts
from talentgraph.services.decisions import Ranked, RankedRow, Readied
from talentgraph.web.deps import Page, SignedIn
from talentgraph.web.forms import PAGE_SIZE, choice, day, page_number
from talentgraph.web.pages.common import OrgChoice, org_choice
from talentgraph.web.render import render, with_cookies

router = APIRouter()
COLUMNS = ("rank", "teacher", "school", "stage_subject", "verdict", "score", "readiness", "why_not",
           "explain")
READINESS_PAGE_SIZE = 10  # readiness takes about a second per teacher not ready now
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_TARGET = "backbone@county"
EXPORT_CHUNK = 500  # verdicts worded at a time while an export is written


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


class Sort(StrEnum):
    RANK = "rank"  # the policy's [ranking]: verdict first, then score, ties as the policy says
    ROSTER = "roster"  # verdict first, then teacher id


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


@dataclass(frozen=True)
class Listed:
    """The list as shown: the verdicts in the order chosen, with their ranks where the policy ranks."""

    verdicts: Verdicts
    ranked: Ranked | None
    ranks: str | None  # why there is no ranking (the policy has no [ranking]), else None

    def window(self, offset: int, limit: int | None) -> list[tuple[Verdict, RankedRow | None]]:
        if self.ranked is None:
            return [(v, None) for v in self.verdicts.window(offset, limit)]
        return [(r.verdict, r) for r in self.ranked.window(offset, limit)]


def _listed(p: Page, shown: Verdicts, sort: Sort | None) -> Listed:
    try:
        ranked = p.uc.decisions.ranked(shown)
    except PolicyError as e:  # a policy whose sources give no order among candidates
        return Listed(shown, None, str(e))
    if sort is Sort.ROSTER:
        return Listed(shown, None, None)
    return Listed(ranked.verdicts, ranked, None)


def _shown(p: Page, found: Verdicts, q: Question, when: ReadyWhen | None) -> tuple[Verdicts, Readied | None]:
    """The list cut by the verdict and readiness filters (with everyone's readiness, for the latter)."""
    shown = found.only(q.verdict) if q.verdict else found
    if when is None:
        return shown, None
    readied = p.uc.decisions.ready(shown, when)
    return readied.verdicts, readied


def _readiness(p: Page, listed: Listed, readied: Readied | None, offset: int,
               limit: int | None) -> list[Readiness]:
    if readied is not None:  # worked out already, for the whole list
        return readied.window(listed.verdicts, offset, limit)
    return p.uc.decisions.readiness(listed.verdicts, offset, limit)


@router.get("/candidates", summary="Candidates for a target, filtered and paged")
def candidates(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
               verdict: str | None = None, school: str | None = None, stage: str | None = None,
               subject: str | None = None, page: int = 1, sort: str | None = None,
               readiness: str | None = None, ready: str | None = None, round: str | None = None) -> Response:
    nominating = _round(p, round)
    if nominating is not None:  # the round's own title and date
        target = f"{nominating.tier}@{nominating.level}|{nominating.track}"
        as_of = nominating.as_of.isoformat()
        if not p.uc.rounds.actions(p.scope, nominating.id).nominate:
            nominating = None  # the list for the round's title, without a form the service would refuse
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    counts = found.counts()
    when = choice(ReadyWhen, ready, "ready")
    shown, readied = _shown(p, found, q, when)
    listed = _listed(p, shown, choice(Sort, sort, "sort"))
    size = READINESS_PAGE_SIZE if readiness and readied is None else PAGE_SIZE
    pages = max(1, math.ceil(len(listed.verdicts) / size))
    at = min(page_number(page), pages)
    offset = (at - 1) * size
    rows = listed.window(offset, size)
    worked_out = _readiness(p, listed, readied, offset, size) if readiness or readied is not None else None
    targets = p.uc.questions.policy_in_force(p.scope).covers()
    people = p.uc.records.teachers_named(p.scope, [v.teacher_id for v, _ in rows])
    stage_subject = {t: (x.stage, x.subject) for t, x in people.items()}
    columns = [c for c in COLUMNS if (c not in ("rank", "score") or listed.ranked is not None)
               and (c != "readiness" or worked_out is not None)]
    return render(p, "candidates.html", q=q, as_of=day(as_of), counts=counts, total=len(listed.verdicts),
                  rows=rows, ready=worked_out, page=at, pages=pages, columns=columns, targets=targets,
                  stages=list(Stage), subjects=p.words.subject_codes(),
                  schools=q.org.schools_under(q.org.current.id), policy=found.policy,
                  stage_subject=stage_subject, sorts=list(Sort), sort=sort or "",
                  no_ranking=listed.ranks, readiness=bool(readiness), when=when, whens=list(ReadyWhen),
                  nominating=nominating,
                  nominated={n.teacher_id for n in nominating.nominations} if nominating else set())


def _round(p: Page, round_id: str | None) -> RoundView | None:
    """The round nominated to from this list (NotFound for one the caller may not see)."""
    return p.uc.rounds.show(p.scope, round_id) if round_id else None


@router.get("/candidates/export", summary="The filtered candidate list as XLSX or CSV")
def export(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
           verdict: str | None = None, school: str | None = None, stage: str | None = None,
           subject: str | None = None, format: ExportFormat = ExportFormat.XLSX, sort: str | None = None,
           readiness: str | None = None, ready: str | None = None) -> Response:
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    shown, readied = _shown(p, found, q, choice(ReadyWhen, ready, "ready"))
    listed = _listed(p, shown, choice(Sort, sort, "sort"))
    # Readiness is small and worked out in one batch; the verdicts are worded as they are written.
    ready_rows = _readiness(p, listed, readied, 0, None) if readiness or readied is not None else None
    orgs = {o.id: o for o in p.uc.records.orgs(p.scope)}  # the names this visitor may see
    listing, aligned = itertools.tee(_rows(listed))
    extra = decision_extra(((r, ready_rows[i] if ready_rows is not None else None)
                            for i, (_, r) in enumerate(aligned)), p.words,
                           ranked=listed.ranked is not None, ready=ready_rows is not None)
    verdicts = (v for v, _ in listing)
    name = f"candidates-{q.target.tier.value}-{q.target.level.value}-{found.as_of.isoformat()}"
    response: Response
    if format is ExportFormat.XLSX:  # styled as every export, from a temporary file
        path = exports.xlsx_file(verdicts, p.words, orgs, extra)
        response = FileResponse(path, media_type=XLSX, filename=f"{name}.xlsx",
                                background=BackgroundTask(path.unlink, missing_ok=True))
    else:  # with a byte-order mark, so that Excel reads the Chinese as UTF-8
        response = StreamingResponse(exports.csv_chunks(verdicts, p.words, orgs, extra=extra),
                                     media_type="text/csv; charset=utf-8",
                                     headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return with_cookies(p, response)


def _rows(listed: Listed) -> Iterator[tuple[Verdict, RankedRow | None]]:
    """The list in its order, worded a chunk at a time as the export is written."""
    for offset in range(0, len(listed.verdicts), EXPORT_CHUNK):
        yield from listed.window(offset, EXPORT_CHUNK)


