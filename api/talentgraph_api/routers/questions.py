"""Questions: who is eligible (a page, or a CSV / XLSX export), why one teacher is or is not,
and an org's pipeline funnel."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response

from talentgraph import exports
from talentgraph.domain.enums import Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.policy.load import builtin_policy_names
from talentgraph.services import Verdicts
from talentgraph_api.deps import Caller, Page, UseCases
from talentgraph_api.schemas.questions import (
    CheckOut,
    EligibilityPage,
    ExplanationOut,
    PipelineOut,
    VerdictOut,
    check_fields,
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


TargetQ = Annotated[str, Query(description="TIER@LEVEL, e.g. backbone@city", examples=["backbone@city"],
                               min_length=3, max_length=40)]
TrackQ = Annotated[Track, Query(description="The title track of the target.")]
AsOfQ = Annotated[IsoDate | None, as_of_query("The day the question is asked for (default today).")]
PolicyQ = Annotated[PolicyName | None,
                    Query(alias="policy", description="A built-in policy (default: the server's).")]
OrgQ = Annotated[str | None, Query(description="Only this org's subtree (default: the caller's).")]


def _sweep(uc: UseCases, caller: Caller, target: str, track: Track, org_id: str | None, as_of: dt.date | None,
           verdict: VerdictKind | None, policy: PolicyName | None) -> Verdicts:
    return uc.questions.eligibility(caller, Target.parse(target, track=track), as_of or dt.date.today(),
                                    org_id=org_id, verdict=verdict, policy=policy.value if policy else None)


def _verdict_out(v: Verdict) -> VerdictOut:
    return VerdictOut.model_validate(verdict_fields(v) | {
        "checks": [CheckOut.model_validate(check_fields(c)) for c in v.checks]})


@router.get("/eligibility", response_model=EligibilityPage,
            summary="Every candidate for a target in an org subtree, with verdict and reasons")
def eligibility(uc: UseCases, caller: Caller, page: Page, target: TargetQ, track: TrackQ = Track.TEACHER,
                org_id: OrgQ = None, as_of: AsOfQ = None, verdict: VerdictKind | None = None,
                policy_name: PolicyQ = None) -> EligibilityPage:
    found = _sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name)
    return EligibilityPage(items=[_verdict_out(v) for v in found.window(page.offset, page.limit)],
                           total=len(found), limit=page.limit, offset=page.offset, counts=found.counts())


@router.get("/eligibility/export", response_class=Response, summary="The eligibility list as CSV or XLSX",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                         XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def export(uc: UseCases, caller: Caller, target: TargetQ, track: TrackQ = Track.TEACHER, org_id: OrgQ = None,
           as_of: AsOfQ = None, verdict: VerdictKind | None = None, policy_name: PolicyQ = None,
           format: ExportFormat = ExportFormat.CSV) -> Response:
    found = _sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name)
    name = f"eligible-{target.replace('@', '-')}"
    if format is ExportFormat.XLSX:
        return Response(exports.xlsx_bytes(found), media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    return Response(exports.csv_text(found, for_spreadsheets=True), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/teachers/{teacher_id}/explanation", response_model=ExplanationOut,
            summary="Every check for one teacher and a target, with the evidence")
def explanation(teacher_id: str, uc: UseCases, caller: Caller, target: TargetQ, track: TrackQ = Track.TEACHER,
                as_of: AsOfQ = None, policy_name: PolicyQ = None) -> ExplanationOut:
    goal = Target.parse(target, track=track)
    found = uc.questions.explanation(caller, teacher_id, goal, as_of or dt.date.today(),
                                     policy=policy_name.value if policy_name else None)
    return explanation_out(found)


@router.get("/orgs/{org_id}/pipeline", response_model=PipelineOut,
            summary="Holders per tier x level, candidates per step, backbone quota use (TX-RATIO)")
def pipeline(org_id: str, uc: UseCases, caller: Caller, as_of: AsOfQ = None,
             policy_name: PolicyQ = None) -> PipelineOut:
    found = uc.questions.pipeline(caller, as_of or dt.date.today(), org_id=org_id,
                                  policy=policy_name.value if policy_name else None)
    return pipeline_out(org_id, found)
