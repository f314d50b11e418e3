"""Decisions: quotas and targets and coverage of an org, candidates ranked, and readiness."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.ranking import TIE_RULE
from talentgraph_api.deps import Caller, Language, Page, UseCases
from talentgraph_api.routers.questions import AsOfQ, OrgQ, PolicyQ, TargetQ, TrackQ, _sweep, _verdict_out
from talentgraph_api.schemas.decisions import (
    CoverageRowOut,
    QuotaRowOut,
    RankedOut,
    RankedPage,
    ReadinessPage,
    ReadyOut,
    coverage_out,
    part_out,
    quota_out,
    readiness_out,
)

router = APIRouter(tags=["decisions"])
MAX_READINESS = 50  # each one asks the verdict again on many dates
ReadyLimit = Annotated[int, Query(ge=1, le=MAX_READINESS, description="Items per page (readiness is slow).")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


@router.get("/orgs/{org_id}/quota", response_model=list[QuotaRowOut],
            summary="Quotas and targets of an org: holders, quota, approved nominations, headroom")
def quota(org_id: str, uc: UseCases, caller: Caller, as_of: AsOfQ = None,
          policy_name: PolicyQ = None) -> list[QuotaRowOut]:
    found = uc.decisions.quota(caller, as_of or dt.date.today(), org_id=org_id,
                               policy=policy_name.value if policy_name else None)
    return [quota_out(r) for r in found]


@router.get("/orgs/{org_id}/coverage", response_model=list[CoverageRowOut],
            summary="Coverage per school (XD-COVERAGE, WZ-SCHOOL-SHARE, XD-MENTOR)")
def coverage(org_id: str, uc: UseCases, caller: Caller, as_of: AsOfQ = None,
             policy_name: PolicyQ = None) -> list[CoverageRowOut]:
    found = uc.decisions.coverage(caller, as_of or dt.date.today(), org_id=org_id,
                                  policy=policy_name.value if policy_name else None)
    return [coverage_out(r) for r in found]


@router.get("/eligibility/ranked", response_model=RankedPage,
            summary="Candidates in rank order under the policy's [ranking], with each score's parts")
def ranked(uc: UseCases, caller: Caller, page: Page, words: Language, target: TargetQ, track: TrackQ = None,
           org_id: OrgQ = None, as_of: AsOfQ = None, verdict: VerdictKind | None = None,
           policy_name: PolicyQ = None) -> RankedPage:
    found = uc.decisions.ranked(_sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name))
    items = [RankedOut.model_validate(_verdict_out(r.verdict, words).model_dump() | {
        "rank": r.rank, "score": r.score, "breakdown": [part_out(p) for p in r.breakdown]})
        for r in found.window(page.offset, page.limit)]
    return RankedPage(items=items, total=len(found), limit=page.limit, offset=page.offset, ties=TIE_RULE)


@router.get("/eligibility/readiness", response_model=ReadinessPage,
            summary="Each candidate's earliest passing date on current data, and what is missing")
def readiness(uc: UseCases, caller: Caller, words: Language, target: TargetQ, track: TrackQ = None,
              org_id: OrgQ = None, as_of: AsOfQ = None, verdict: VerdictKind | None = None,
              policy_name: PolicyQ = None, limit: ReadyLimit = 20, offset: Offset = 0) -> ReadinessPage:
    found = _sweep(uc, caller, target, track, org_id, as_of, verdict, policy_name)
    ready = uc.decisions.readiness(found, offset, limit)
    items = [ReadyOut.model_validate(_verdict_out(v, words).model_dump() | {"readiness": readiness_out(r)})
             for v, r in zip(found.window(offset, limit), ready, strict=True)]
    return ReadinessPage(items=items, total=len(found), limit=limit, offset=offset, counts=found.counts())
