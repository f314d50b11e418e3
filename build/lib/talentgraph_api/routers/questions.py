"""Questions: who is eligible (a page, or a CSV / XLSX export), why one teacher is or is not,
and an org's pipeline funnel."""

from __future__ import annotations

import datetime as dt
import io
from enum import StrEnum
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Query, Response

from talentgraph import records, services
from talentgraph.cli.output import flat_csv, flat_row, write_flat_xlsx
from talentgraph.domain.enums import Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.eligibility.engine import Sweep
from talentgraph.errors import InvalidTarget
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.schema import Policy
from talentgraph_api.deps import Caller, CurrentPolicy, Page, Privacy, Private, Store, as_of_query
from talentgraph_api.schemas.questions import (
    CheckOut,
    EligibilityPage,
    EvidenceOut,
    ExplainedCheck,
    ExplanationOut,
    PipelineOut,
    VerdictOut,
    pipeline_out,
    verdict_fields,
)

router = APIRouter(tags=["questions"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PolicyName = StrEnum("PolicyName", {n: n for n in builtin_policy_names()})  # type: ignore[misc]


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


TargetQ = Annotated[str, Query(description="TIER@LEVEL, e.g. backbone@city", examples=["backbone@city"],
                               min_length=3, max_length=40)]
TrackQ = Annotated[Track, Query(description="The title track of the target.")]
AsOfQ = Annotated[dt.date | None, as_of_query("The day the question is asked for (default today).")]
PolicyQ = Annotated[PolicyName | None, Query(description="A built-in policy (default: the server's).")]


@cache
def _builtin(name: str) -> Policy:
    return load_policy(name)


def _question(target: str, track: Track, policy: Policy, chosen: PolicyName | None) -> tuple[Target, Policy]:
    goal = Target.parse(target, track=track)
    policy = _builtin(chosen.value) if chosen is not None else policy
    if policy.checks_for(goal) is None:
        covered = ", ".join(str(t) for t in policy.covers())
        raise InvalidTarget(f"policy {policy.name!r} has no rules for {goal}; it covers: {covered}")
    return goal, policy


def _sweep(store: Store, caller: Caller, target: str, track: Track, org_id: str | None, as_of: dt.date | None,
           policy: Policy, chosen: PolicyName | None) -> Sweep:
    goal, policy = _question(target, track, policy, chosen)
    if org_id is not None:
        records.get_org(store, org_id, caller.org_id)
    return services.eligibility(store, policy, goal, as_of or dt.date.today(), org_id or caller.org_id)


def _verdict_out(v: Verdict, privacy: Privacy) -> VerdictOut:
    return VerdictOut.model_validate(verdict_fields(v) | {
        "teacher_id": privacy.id(v.teacher_id), "name": privacy.name(v.teacher_id, v.name),
        "checks": [CheckOut.model_validate(c.model_dump()) for c in v.checks]})


@router.get("/eligibility", response_model=EligibilityPage,
            summary="Every candidate for a target in an org subtree, with verdict and reasons")
def eligibility(store: Store, caller: Caller, privacy: Private, policy: CurrentPolicy, page: Page,
                target: TargetQ, track: TrackQ = Track.TEACHER,
                org_id: Annotated[str | None, Query(description="Subtree (default: the caller's).")] = None,
                as_of: AsOfQ = None, verdict: VerdictKind | None = None,
                policy_name: Annotated[PolicyName | None, Query(alias="policy")] = None) -> EligibilityPage:
    sweep = _sweep(store, caller, target, track, org_id, as_of, policy, policy_name)
    order = sweep.order(verdict)
    shown = order[page.offset:page.offset + page.limit]
    items = [_verdict_out(sweep.verdict_at(int(k)), privacy) for k in shown]
    return EligibilityPage(items=items, total=int(order.shape[0]), limit=page.limit, offset=page.offset,
                           counts=sweep.counts())


@router.get("/eligibility/export", response_class=Response, summary="The eligibility list as CSV or XLSX",
            responses={200: {"content": {"text/csv": {"schema": {"type": "string"}},
                                         XLSX: {"schema": {"type": "string", "format": "binary"}}}}})
def export(store: Store, caller: Caller, privacy: Private, policy: CurrentPolicy,
           target: TargetQ, track: TrackQ = Track.TEACHER, org_id: str | None = None, as_of: AsOfQ = None,
           verdict: VerdictKind | None = None,
           policy_name: Annotated[PolicyName | None, Query(alias="policy")] = None,
           format: ExportFormat = ExportFormat.CSV) -> Response:
    sweep = _sweep(store, caller, target, track, org_id, as_of, policy, policy_name)
    rows = [_private_row(sweep.verdict_at(int(k)), privacy) for k in sweep.order(verdict)]
    name = f"eligible-{target.replace('@', '-')}"
    if format is ExportFormat.XLSX:
        return Response(_xlsx(rows), media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    return Response(flat_csv(rows, for_spreadsheets=True), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def _private_row(v: Verdict, privacy: Privacy) -> list[str]:
    row = flat_row(v)
    row[0], row[1] = privacy.id(v.teacher_id), privacy.name(v.teacher_id, v.name)
    return row


def _xlsx(rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    write_flat_xlsx(rows, out)
    return out.getvalue()


@router.get("/teachers/{teacher_id}/explanation", response_model=ExplanationOut,
            summary="Every check for one teacher and a target, with the evidence")
def explanation(teacher_id: str, store: Store, caller: Caller, privacy: Private, policy: CurrentPolicy,
                target: TargetQ, track: TrackQ = Track.TEACHER, as_of: AsOfQ = None,
                policy_name: Annotated[PolicyName | None, Query(alias="policy")] = None) -> ExplanationOut:
    goal, chosen = _question(target, track, policy, policy_name)
    real_id = privacy.path_id(teacher_id)
    v = services.explanation(store, chosen, goal, as_of or dt.date.today(), real_id, caller.org_id)
    people = _people_named(store, real_id) if privacy.pseudonyms or privacy.scope is not None else set()
    outside = privacy.outside(store, people)

    def shown(text: str) -> str:
        return privacy.text(text, people, outside)

    checks = [ExplainedCheck.model_validate(c.model_dump(exclude={"evidence"}) | {
        "reason": shown(c.reason),
        "evidence": [EvidenceOut(kind=e.kind, detail=shown(e.detail), date=e.date) for e in c.evidence]})
        for c in v.checks]
    return ExplanationOut.model_validate(verdict_fields(v) | {
        "teacher_id": privacy.id(v.teacher_id), "name": privacy.name(v.teacher_id, v.name),
        "checks": checks, "note": v.note})


def _people_named(store: Store, teacher_id: str) -> set[str]:
    """Teacher ids an explanation's evidence can mention: the teacher and their mentors."""
    rows = store.rows_of([teacher_id], ("mentorships",))["mentorships"]
    return {teacher_id, *rows["mentor_id"].to_pylist()}


@router.get("/orgs/{org_id}/pipeline", response_model=PipelineOut,
            summary="Holders per tier x level, candidates per step, backbone quota use (TX-RATIO)")
def pipeline(org_id: str, store: Store, caller: Caller, policy: CurrentPolicy, as_of: AsOfQ = None,
             policy_name: Annotated[PolicyName | None, Query(alias="policy")] = None) -> PipelineOut:
    records.get_org(store, org_id, caller.org_id)
    chosen = _builtin(policy_name.value) if policy_name is not None else policy
    return pipeline_out(org_id, services.pipeline_of(store, chosen, as_of or dt.date.today(), org_id))
