"""The candidates for a target: filters (verdict, school, stage, subject), the policy's ranking
with each score's breakdown (sorted by rank, or in roster order), readiness on demand, pages of
50, and the whole filtered list as XLSX or CSV through the shared export module.

Readiness asks the verdict again on every date a rule's answer can change, for each teacher not
eligible now (about a second each), so it is worked out only when asked (``readiness=1``): for
the page shown (pages of 10 then), and in an export for every row. From a round
(``round=R0001``) the page offers a form to nominate the ticked teachers to it.

The table's columns are ``COLUMNS`` (a template macro each, in order).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass
from enum import StrEnum

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph import exports
from talentgraph.domain.enums import Stage
from talentgraph.domain.rounds import RoundView
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.eligibility.readiness import Readiness
from talentgraph.errors import PolicyError
from talentgraph.services import Verdicts
from talentgraph.services.decisions import Ranked, RankedRow
from talentgraph.spreadsheet import csv_cell
from talentgraph.web.deps import Page, SignedIn
from talentgraph.web.forms import PAGE_SIZE, choice, day, page_number
from talentgraph.web.pages.common import OrgChoice, org_choice
from talentgraph.web.render import render, with_cookies

router = APIRouter()
COLUMNS = ("rank", "teacher", "school", "stage_subject", "verdict", "score", "readiness", "why_not",
           "explain")
READINESS_PAGE_SIZE = 10  # readiness takes about a second per teacher not ready now
RANKED_HEADER = ["rank", "score", "breakdown"]
READINESS_HEADER = ["readiness", "ready_on", "missing", "no_data", "assumption"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_TARGET = "backbone@county"


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


def _listed(p: Page, found: Verdicts, q: Question, sort: Sort | None) -> Listed:
    shown = found.only(q.verdict) if q.verdict else found
    try:
        ranked = p.uc.decisions.ranked(shown)
    except PolicyError as e:  # a policy whose sources give no order among candidates
        return Listed(shown, None, str(e))
    if sort is Sort.ROSTER:
        return Listed(shown, None, None)
    return Listed(ranked.verdicts, ranked, None)


def _readiness(p: Page, listed: Listed, offset: int, limit: int | None) -> list[Readiness]:
    return p.uc.decisions.readiness(listed.verdicts, offset, limit)


@router.get("/candidates", summary="Candidates for a target, filtered and paged")
def candidates(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
               verdict: str | None = None, school: str | None = None, stage: str | None = None,
               subject: str | None = None, page: int = 1, sort: str | None = None,
               readiness: str | None = None, round: str | None = None) -> Response:
    nominating = _round(p, round)
    if nominating is not None:  # the round's own title and date
        target = f"{nominating.tier}@{nominating.level}|{nominating.track}"
        as_of = nominating.as_of.isoformat()
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    counts = found.counts()
    listed = _listed(p, found, q, choice(Sort, sort, "sort"))
    size = READINESS_PAGE_SIZE if readiness else PAGE_SIZE
    pages = max(1, math.ceil(len(listed.verdicts) / size))
    at = min(page_number(page), pages)
    offset = (at - 1) * size
    rows = listed.window(offset, size)
    ready = _readiness(p, listed, offset, size) if readiness else None
    targets = p.uc.questions.policy_in_force(p.scope).covers()
    people = p.uc.records.teachers_named(p.scope, [v.teacher_id for v, _ in rows])
    stage_subject = {t: (x.stage, x.subject) for t, x in people.items()}
    columns = [c for c in COLUMNS if (c not in ("rank", "score") or listed.ranked is not None)
               and (c != "readiness" or ready is not None)]
    return render(p, "candidates.html", q=q, as_of=day(as_of), counts=counts, total=len(listed.verdicts),
                  rows=rows, ready=ready, page=at, pages=pages, columns=columns, targets=targets,
                  stages=list(Stage), subjects=p.words.subject_codes(),
                  schools=q.org.schools_under(q.org.current.id), policy=found.policy,
                  stage_subject=stage_subject, sorts=list(Sort), sort=sort or "",
                  no_ranking=listed.ranks, readiness=bool(readiness), nominating=nominating,
                  nominated={n.teacher_id for n in nominating.nominations} if nominating else set())


def _round(p: Page, round_id: str | None) -> RoundView | None:
    """The round nominated to from this list (NotFound for one the caller may not see)."""
    return p.uc.rounds.show(p.scope, round_id) if round_id else None


@router.get("/candidates/export", summary="The filtered candidate list as XLSX or CSV")
def export(p: SignedIn, target: str | None = None, org_id: str | None = None, as_of: str | None = None,
           verdict: str | None = None, school: str | None = None, stage: str | None = None,
           subject: str | None = None, format: ExportFormat = ExportFormat.XLSX, sort: str | None = None,
           readiness: str | None = None) -> Response:
    q = _question(p, target, org_id, school, verdict, stage, subject)
    found = _ask(p, q, as_of)
    listed = _listed(p, found, q, choice(Sort, sort, "sort"))
    rows = listed.window(0, None)
    ready = _readiness(p, listed, 0, None) if readiness else None
    orgs = {o.id: o for o in p.uc.records.orgs(p.scope)}  # the names this visitor may see
    header = [*exports.header(p.words), *(RANKED_HEADER if listed.ranked else []),
              *(READINESS_HEADER if ready else [])]
    flat = exports.flat_rows([v for v, _ in rows], p.words, orgs)
    table = [[*row, *_ranked_cells(r), *(_readiness_cells(ready[i]) if ready else [])]
             for i, (row, (_, r)) in enumerate(zip(flat, rows, strict=True))]
    name = f"candidates-{q.target.tier.value}-{q.target.level.value}-{found.as_of.isoformat()}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format.value}"'}
    if format is ExportFormat.XLSX:  # styled as every export (exports.write_sheet)
        out = io.BytesIO()
        exports.write_sheet(header, table, out, p.words, [c.width for c in exports.columns(p.words)])
        response = Response(out.getvalue(), media_type=XLSX, headers=disposition)
    else:  # with a byte-order mark, so that Excel reads the Chinese as UTF-8
        text_rows = [[_text(c) for c in row] for row in table]
        response = Response(_csv(header, text_rows).encode(), media_type="text/csv; charset=utf-8",
                            headers=disposition)
    return with_cookies(p, response)


def _ranked_cells(r: RankedRow | None) -> list[str]:
    if r is None:
        return []
    parts = "; ".join(f"{x.rule} {x.measure} {x.value:g}x{x.weight:g}={x.points:g}" for x in r.breakdown)
    return [str(r.rank), f"{r.score:g}", parts]


def _readiness_cells(r: Readiness) -> list[str]:
    return [r.status, r.on.isoformat() if r.on else "", ";".join(r.missing), ";".join(r.no_data),
            r.assumption or ""]


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO(exports.BOM)
    buf.seek(0, io.SEEK_END)
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(c) for c in row] for row in rows)
    return buf.getvalue()
