"""The overview of an org: the pipeline funnel per tier and level, quota headroom per tier and
level (the policy's ``[[quota]]`` shares and ``[[quota_target]]`` counts: holders, quota,
approved nominations, headroom) and coverage gaps by school (the policy's ``[[coverage]]``
measures: XD-COVERAGE, XD-MENTOR, ...), as charts with their tables.

Sections are listed in ``SECTIONS`` (a template each, in order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.coverage_measures import CoverageRow
from talentgraph.eligibility.pipeline import Pipeline
from talentgraph.eligibility.quota import QuotaRow
from talentgraph.i18n import Words
from talentgraph.web import charts
from talentgraph.web.deps import SignedIn
from talentgraph.web.forms import day
from talentgraph.web.pages.common import OrgChoice, org_choice
from talentgraph.web.render import PREFIX, render

router = APIRouter()
SECTIONS = ("overview/funnel.html", "overview/headroom.html", "overview/coverage.html")
WORST_SCHOOLS = 20  # drawn in the coverage chart; the table lists every school with a gap
MEASURE_COLORS = ("fail", "review", "holders", "member", "ineligible")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    return message


# The policy's coverage measures, as a planner names them.
MEASURES = {"famous_in_school": N_("a famous teacher in every school"),
            "backbone_per_class": N_("a backbone teacher for every class"),
            "new_teacher_mentor": N_("a mentor for every new teacher"),
            "head_teacher_training": N_("head-teachers trained"),
            "school_share": N_("share of the school's teachers")}


@dataclass(frozen=True)
class Measure:
    """One coverage measure over the schools: how many meet it, and the schools short of it."""

    rule: str
    measure: str
    key: str  # a chart colour
    schools: int
    met: int
    gap: int  # summed over the schools

    @property
    def short(self) -> int:
        return self.schools - self.met


@dataclass(frozen=True)
class Coverage:
    measures: list[Measure]
    gaps: dict[str, dict[tuple[str, str], CoverageRow]]  # school -> (rule, measure) -> row, gaps only
    schools: int

    @classmethod
    def of(cls, rows: list[CoverageRow]) -> Coverage:
        kinds = list(dict.fromkeys((r.rule, r.measure) for r in rows))
        measures = []
        for i, (rule, measure) in enumerate(kinds):
            mine = [r for r in rows if (r.rule, r.measure) == (rule, measure)]
            measures.append(Measure(rule, measure, MEASURE_COLORS[i % len(MEASURE_COLORS)], len(mine),
                                    sum(r.met for r in mine), sum(r.gap for r in mine)))
        gaps: dict[str, dict[tuple[str, str], CoverageRow]] = {}
        for r in rows:
            if not r.met:
                gaps.setdefault(r.school_id, {})[(r.rule, r.measure)] = r
        worst = sorted(gaps, key=lambda school: (-sum(r.gap for r in gaps[school].values()), school))
        return cls(measures, {school: gaps[school] for school in worst},
                   len({r.school_id for r in rows}))


@router.get("/overview", summary="An org's pipeline, quota headroom and coverage gaps")
def overview(p: SignedIn, org_id: str | None = None, as_of: str | None = None) -> Response:
    on = day(as_of)
    org = org_choice(p, org_id)
    found = p.uc.questions.pipeline(p.scope, on, org_id=org.current.id)
    quotas = p.uc.decisions.quota(p.scope, on, org_id=org.current.id)
    coverage = Coverage.of(p.uc.decisions.coverage(p.scope, on, org_id=org.current.id))
    w = p.words
    return render(p, "overview.html", org=org, as_of=on, pipeline=found, coverage=coverage,
                  sections=SECTIONS, funnel=_funnel(w, found, org, on), quotas=quotas,
                  headroom=_headroom(w, quotas), coverage_chart=_coverage_chart(w, coverage, org),
                  matrix=_matrix(found), quota_target=quota_target, measures=MEASURES)


def quota_target(q: QuotaRow) -> Target:
    return Target(tier=q.tier, level=q.level, track=q.tracks[0] if q.tracks else Track.TEACHER)


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


def _headroom(w: Words, quotas: list[QuotaRow]) -> str:
    gettext = w.gettext
    bars = []
    several = len({q.org_name for q in quotas}) > 1  # a city's rows per county: name the county
    for q in quotas:
        room = max(q.headroom, 0)
        note = (gettext("headroom {n}").format(n=f"{q.headroom:,}") if q.headroom >= 0
                else gettext("over by {n}").format(n=f"{-q.headroom:,}"))
        label = f"{w.target(quota_target(q))} {q.rule}" + (f" · {q.org_name}" if several else "")
        bars.append(charts.Bar(label, [
            charts.Segment("holders", gettext("hold the title"), q.holders),
            charts.Segment("eligible", gettext("approved, not yet certified"), q.approved),
            charts.Segment("muted", gettext("headroom"), room)], note=note))
    legend = [("holders", gettext("hold the title")), ("eligible", gettext("approved, not yet certified")),
              ("muted", gettext("headroom"))]
    return charts.stacked_bars(bars, legend, gettext("Quota headroom per tier and level"),
                               gettext("For each quota of the policy: holders, then nominations approved "
                                       "in rounds and not yet certified, then the headroom left; the "
                                       "whole bar is the quota."))


def _coverage_chart(w: Words, coverage: Coverage, org: OrgChoice) -> str:
    gettext = w.gettext
    legend = [(m.key, f"{m.rule} {gettext(MEASURES.get(m.measure, m.measure))}") for m in coverage.measures]
    bars = [charts.Bar(org.name(school), [
        charts.Segment(m.key, gettext(MEASURES.get(m.measure, m.measure)),
                       rows[(m.rule, m.measure)].gap if (m.rule, m.measure) in rows else 0)
        for m in coverage.measures]) for school, rows in list(coverage.gaps.items())[:WORST_SCHOOLS]]
    return charts.stacked_bars(bars, legend, gettext("Schools furthest from the coverage the policy asks"),
                               gettext("Per school: how far it is short of each coverage measure "
                                       "(teachers or classes still needed), the furthest first."))


def _matrix(found: Pipeline) -> dict[Tier, dict[Level, int]]:
    """Holders of teacher-track titles per tier and level."""
    return {tier: {level: found.holders.get((Track.TEACHER, tier, level), 0) for level in Level}
            for tier in Tier}
