"""The overview of an org: the pipeline funnel per tier and level, backbone quota use (TX-RATIO)
and coverage gaps by school (XD-COVERAGE), as charts with their tables.

Sections are listed in ``SECTIONS`` (a template each, in order): issue 15's quota headroom with
approved nominations is one more entry there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.coverage import SchoolCoverage
from talentgraph.eligibility.pipeline import Pipeline
from talentgraph.i18n import Words
from talentgraph.web import charts
from talentgraph.web.deps import SignedIn
from talentgraph.web.forms import day
from talentgraph.web.pages.common import OrgChoice, org_choice
from talentgraph.web.render import PREFIX, render

router = APIRouter()
SECTIONS = ("overview/funnel.html", "overview/quotas.html", "overview/coverage.html")
WORST_SCHOOLS = 20  # drawn in the coverage chart; the table lists every school with a gap


@dataclass(frozen=True)
class Coverage:
    schools: list[SchoolCoverage]
    without_famous: list[SchoolCoverage]
    short_of_backbone: list[SchoolCoverage]  # fewer backbone holders than classes
    gaps: list[SchoolCoverage]  # either, worst first

    @classmethod
    def of(cls, schools: list[SchoolCoverage]) -> Coverage:
        no_famous = [s for s in schools if s.teachers and not s.has_famous]
        short = [s for s in schools if s.head_teachers and s.backbone_per_class < 1]
        gaps = sorted({s.school_id: s for s in no_famous + short}.values(),
                      key=lambda s: (s.backbone_per_class if s.head_teachers else 9, s.famous, s.school_id))
        return cls(schools, no_famous, short, gaps)


@router.get("/overview", summary="An org's pipeline, quota use and coverage gaps")
def overview(p: SignedIn, org_id: str | None = None, as_of: str | None = None) -> Response:
    on = day(as_of)
    org = org_choice(p, org_id)
    found = p.uc.questions.pipeline(p.scope, on, org_id=org.current.id)
    coverage = Coverage.of(p.uc.questions.coverage(p.scope, on, org_id=org.current.id))
    w = p.words
    return render(p, "overview.html", org=org, as_of=on, pipeline=found, coverage=coverage,
                  sections=SECTIONS, funnel=_funnel(w, found, org, on), quotas=_quotas(w, found),
                  coverage_chart=_coverage_chart(w, coverage, org), matrix=_matrix(found))


def _funnel(w: Words, found: Pipeline, org: OrgChoice, on: dt.date) -> str:
    gettext = w.gettext
    bars = [charts.Bar(w.target(s.target), [
        charts.Segment("holders", gettext("hold the title"), s.holders),
        charts.Segment("eligible", w.verdict(VerdictKind.ELIGIBLE), s.eligible),
        charts.Segment("review", w.verdict(VerdictKind.REVIEW), s.review)],
        note=gettext("{n} ineligible").format(n=f"{s.ineligible:,}"),
        href=f"{PREFIX}/candidates?target={s.target.tier.value}@{s.target.level.value}"
             f"&track={s.target.track.value}&org_id={org.current.id}&as_of={on}")
        for s in found.steps]
    legend = [("holders", gettext("hold the title")), ("eligible", w.verdict(VerdictKind.ELIGIBLE)),
              ("review", w.verdict(VerdictKind.REVIEW))]
    return charts.stacked_bars(bars, legend, gettext("Pipeline funnel"),
                               gettext("For each step of the policy: teachers who hold the title, and the "
                                 "candidates for it by verdict; the ineligible are counted after each bar."))


def _quotas(w: Words, found: Pipeline) -> str:
    gettext = w.gettext
    rows = [charts.Gauge(w.level(q.level), q.holders, q.quota,
                         gettext("{holders} of {quota} ({ratio} of teachers)").format(
                             holders=f"{q.holders:,}", quota=f"{q.quota:,}", ratio=f"{q.ratio:.0%}"))
            for q in found.quotas]
    return charts.gauges(rows, gettext("Backbone quota use (TX-RATIO)"),
                         gettext("Backbone title holders per level against the level's share of teachers."),
                         gettext("quota"))


def _coverage_chart(w: Words, coverage: Coverage, org: OrgChoice) -> str:
    gettext = w.gettext
    worst = [s for s in coverage.gaps if s.head_teachers][:WORST_SCHOOLS]
    bars = [charts.Bar(org.name(s.school_id), [
        charts.Segment("holders", gettext("backbone holders"), s.backbone),
        charts.Segment("muted", gettext("classes without one"), max(s.head_teachers - s.backbone, 0))],
        note=gettext("no famous teacher") if not s.has_famous else "") for s in worst]
    legend = [("holders", gettext("backbone holders")), ("muted", gettext("classes without one"))]
    return charts.stacked_bars(bars, legend, gettext("Schools furthest from a backbone teacher per class"),
                               gettext("Per school: backbone holders against classes (head-teachers stand in "
                                 "for classes); schools without a famous teacher are marked."))


def _matrix(found: Pipeline) -> dict[Tier, dict[Level, int]]:
    """Holders of teacher-track titles per tier and level."""
    return {tier: {level: found.holders.get((Track.TEACHER, tier, level), 0) for level in Level}
            for tier in Tier}
