"""Questions: who is eligible (a page, or a CSV / XLSX export), why one teacher is or is not,
and an org's pipeline funnel."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from talentgraph import exports
from talentgraph.domain.enums import Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.policy.load import builtin_policy_names
from talentgraph.services import Verdicts
from talentgraph_api.deps import Caller, Language, Page, UseCases
from talentgraph_api.schemas.questions import (
    EligibilityPage,
    ExplanationOut,
    PipelineOut,
    VerdictOut,
    check_out,
    explanation_out,
    pipeline_out,
    verdict_fields,
)
from talentgraph_api.schemas.strict import IsoDate, as_of_query

router = APIRouter(tags=["questions"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PolicyName = StrEnum("PolicyName", {n: n for n in builtin_policy_names()})  # type: ignore[misc]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


TargetQ = Annotated[str, Query(description="TIER@LEVEL[/TRACK], e.g. backbone@city or "
                                           "famous@county/principal (or the Chinese title, 县级骨干教师)",
                               examples=["backbone@city"], min_length=3, max_length=40)]
TrackQ = Annotated[Track | None,
                   Query(description="The track, for a target that names none (default: teacher).")]
AsOfQ = Annotated[IsoDate | None, as_of_query("The day the question is asked for (default today).")]
PolicyQ = Annotated[PolicyName | None,
                    Query(alias="policy", description="A built-in policy (default: the server's).")]
OrgQ = Annotated[str | None, Query(description="Only this org's subtree (default: the caller's).")]


def _sweep(uc: UseCases, caller: Caller, target: str, track: Track | None, org_id: str | None,
           as_of: dt.date | None, verdict: VerdictKind | None, policy: PolicyName | None) -> Verdicts:
    return uc.questions.eligibility(caller, Target.parse(target, track=track), as_of or dt.date.today(),
                                    org_id=org_id, verdict=verdict, policy=policy.value if policy else None)


def _verdict_out(v: Verdict, words: Language) -> VerdictOut:
    return VerdictOut.model_validate(verdict_fields(v) | {"checks": [check_out(c, words) for c in v.checks]})


@router.get("/eligibility", response_model=EligibilityPage,
            summary="Every candidate for a target in an org subtree, with verdict and reasons")
def eligibility(uc: UseCases, caller: Caller, page: Page, words: Language, target: TargetQ,
                track: TrackQ = None, org_id: OrgQ = None, as_of: AsOfQ = None,
                verdict: VerdictKind | None = None, policy_name: PolicyQ = None) -> EligibilityPage:
    found = _sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name)
    return EligibilityPage(items=[_verdict_out(v, words) for v in found.window(page.offset, page.limit)],
                           total=len(found), limit=page.limit, offset=page.offset, counts=found.counts())


@router.get("/eligibility/export", response_class=Response, summary="The eligibility list as CSV or XLSX",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                         XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def export(uc: UseCases, caller: Caller, words: Language, target: TargetQ, track: TrackQ = None,
           org_id: OrgQ = None, as_of: AsOfQ = None, verdict: VerdictKind | None = None,
           policy_name: PolicyQ = None, format: ExportFormat = ExportFormat.CSV) -> Response:
    """Made for Excel/WPS: CSV with a byte-order mark; XLSX with a bold frozen header, a filter and
    date cells; headers and values in the ``Accept-Language`` language. Streamed: rows are made
    and sent (CSV) or written to a temporary file (XLSX) one at a time."""
    found = _sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name)
    orgs = {o.id: o for o in uc.records.orgs(caller)}  # names the caller may see
    name = f"eligible-{found.target.tier.value}-{found.target.level.value}"
    language = {"Content-Language": "zh-CN" if words.chinese else "en"}
    if format is ExportFormat.XLSX:
        path = exports.xlsx_file(found, words, orgs)
        return FileResponse(path, media_type=XLSX, filename=f"{name}.xlsx", headers=language,
                            background=BackgroundTask(path.unlink, missing_ok=True))
    return StreamingResponse(exports.csv_chunks(found, words, orgs), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'} | language)


@router.get("/teachers/{teacher_id}/explanation", response_model=ExplanationOut,
            summary="Every check for one teacher and a target, with the evidence")
def explanation(teacher_id: str, uc: UseCases, caller: Caller, words: Language, target: TargetQ,
                track: TrackQ = None, as_of: AsOfQ = None, policy_name: PolicyQ = None) -> Response:
    goal = Target.parse(target, track=track)
    found = uc.questions.explanation(caller, teacher_id, goal, as_of or dt.date.today(),
                                     policy=policy_name.value if policy_name else None)
    # The body the response model would give, built once: returned as a Response, FastAPI does
    # not validate the model again (a second trip to the thread pool for a sync route) and encode it.
    return Response(explanation_out(found, words).model_dump_json(), media_type="application/json")


@router.get("/orgs/{org_id}/pipeline", response_model=PipelineOut,
            summary="Holders per tier x level, candidates per step, backbone quota use (TX-RATIO)")
def pipeline(org_id: str, uc: UseCases, caller: Caller, as_of: AsOfQ = None,
             policy_name: PolicyQ = None) -> PipelineOut:
    found = uc.questions.pipeline(caller, as_of or dt.date.today(), org_id=org_id,
                                  policy=policy_name.value if policy_name else None)
    return pipeline_out(org_id, found)
