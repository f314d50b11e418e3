"""A teacher's page (titles on a timeline, training hours per year against the policy's minimum,
reviews, the mentorship lineage drawn, studios) and an explanation of one verdict."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph.domain.enums import Track
from talentgraph.domain.models import Title, TrainingRecord
from talentgraph.domain.rules import RULES, quote_line
from talentgraph.domain.target import Target
from talentgraph.i18n import Words
from talentgraph.policy.schema import AnnualHours, Policy
from talentgraph.services.network import LineagePicture
from talentgraph.web import charts
from talentgraph.web.deps import SignedIn
from talentgraph.web.forms import day
from talentgraph.web.render import PREFIX, render

router = APIRouter()
LINEAGE_DEPTH = 2
HOUR_YEARS = 8  # years of training drawn


@router.get("/teachers/{teacher_id}", summary="A teacher: titles, training, reviews, lineage, studios")
def teacher(teacher_id: str, p: SignedIn, as_of: str | None = None) -> Response:
    on = day(as_of)
    uc, scope, w = p.uc, p.scope, p.words
    person = uc.records.teacher(scope, teacher_id)
    titles = [r.model for r in uc.records.teacher_records(scope, "titles", teacher_id)]
    training = [r.model for r in uc.records.teacher_records(scope, "training", teacher_id)]
    reviews = [r.model for r in uc.records.teacher_records(scope, "reviews", teacher_id)]
    programmes = [r.model for r in uc.records.teacher_records(scope, "programmes", teacher_id)]
    studios = uc.records.studios_of(scope, teacher_id)
    lineage = uc.network.lineage_picture(scope, teacher_id, on, LINEAGE_DEPTH)
    policy = uc.questions.policy_in_force(scope)
    minimum = _annual_minimum(policy)
    hours = _hours_per_year(training, on, person.entry_date)
    school = uc.records.org(scope, person.school_id)
    return render(p, "teacher.html", t=person, school=school, as_of=on, titles=titles, training=training,
                  reviews=sorted(reviews, key=lambda r: (r.year, r.kind.value)), programmes=programmes,
                  studios=studios, lineage=lineage, minimum=minimum, hours=hours,
                  timeline=_timeline(w, titles, on), hours_chart=_hours_chart(w, hours, minimum),
                  lineage_chart=_lineage_chart(w, lineage, on), targets=policy.covers())


@router.get("/teachers/{teacher_id}/explanation", summary="Every check of one verdict, with its evidence")
def explanation(teacher_id: str, p: SignedIn, target: str = "backbone@county", track: Track = Track.TEACHER,
                as_of: str | None = None, policy: str | None = None) -> Response:
    on = day(as_of)
    goal = Target.parse(target, track=track)  # TIER@LEVEL[/TRACK] ("|" for "/" in links)
    verdict = p.uc.questions.explanation(p.scope, teacher_id, goal, on, policy=policy or None)
    chosen = p.uc.questions.policy_in_force(p.scope, policy or None)
    quotes = {c.rule: quote_line(c.rule) for c in verdict.checks if quote_line(c.rule)}  # the seeds' words
    return render(p, "explanation.html", verdict=verdict, as_of=on, rules=RULES | chosen.rules, quotes=quotes,
                  targets=chosen.covers(), teacher_id=teacher_id, policy=policy or "")


def _annual_minimum(policy: Policy) -> tuple[float, str] | None:
    """The policy's yearly training minimum (the highest, if targets differ) and its rule."""
    found = [(c.min_hours, c.rule) for rules in policy.targets for c in rules.checks
             if isinstance(c, AnnualHours) and c.kinds is None]
    return max(found) if found else None


def _hours_per_year(training: list[TrainingRecord], on: dt.date,
                    entry: dt.date | None) -> list[tuple[int, float]]:
    per_year: dict[int, float] = defaultdict(float)
    for record in training:
        if record.date <= on:
            per_year[record.date.year] += record.hours
    first = max(on.year - HOUR_YEARS + 1, entry.year if entry else min(per_year, default=on.year))
    return [(year, per_year.get(year, 0.0)) for year in range(first, on.year + 1)]


def _timeline(w: Words, titles: list[Title], on: dt.date) -> str:
    if not titles:
        return ""
    spans = [charts.Span(f"{w.target(Target(tier=t.tier, level=t.level, track=t.track))}",
                         _year(t.awarded_on), _year(t.valid_until) if t.valid_until else None,
                         "holders" if t.valid_on(on) else "ineligible")
             for t in sorted(titles, key=lambda t: t.awarded_on)]
    first = min(s.start for s in spans)
    last = max([on.year + 0.99] + [s.end for s in spans if s.end is not None])
    gettext = w.gettext
    return charts.timeline(spans, first, last, gettext("Titles over time"),
                           gettext("Each title from its award to its end; titles valid on the date "
                                   "are blue."),
                           gettext("still valid"))


def _hours_chart(w: Words, hours: list[tuple[int, float]], minimum: tuple[float, str] | None) -> str:
    gettext = w.gettext
    floor = minimum[0] if minimum else None
    this_year = hours[-1][0] if hours else 0
    cols = [charts.Column(str(year) if year != this_year else gettext("{year} so far").format(year=year), h,
                          floor is not None and h < floor and year != this_year) for year, h in hours]
    label = ""
    if minimum:
        label = gettext("minimum {hours} h ({rule})").format(hours=f"{minimum[0]:g}", rule=minimum[1])
    return charts.columns(cols, floor, gettext("Training hours per year"),
                          gettext("Hours recorded per calendar year against the policy's yearly minimum."),
                          label, gettext("h"))


def _lineage_chart(w: Words, lineage: LineagePicture, on: dt.date) -> str:
    gettext = w.gettext
    nodes = [charts.Node(x.teacher_id, x.name, x.place, "lead" if x.place == 0 else
                         "member" if abs(x.place) == 1 else "mentee",
                         href=f"{PREFIX}/teachers/{x.teacher_id}?as_of={on}", sub=x.teacher_id,
                         strong=x.place == 0) for x in lineage.people]
    labels = {0: gettext("this teacher")}
    labels |= {-n: gettext("mentors, generation {n}").format(n=n) for n in range(1, 5)}
    labels |= {n: gettext("mentees, generation {n}").format(n=n) for n in range(1, 5)}
    return charts.layered(charts.Network(nodes, lineage.mentorships), gettext("Mentorship lineage"),
                          gettext("Mentors above, mentees below, generation by generation; lines are "
                                  "mentorships."),
                          labels, gettext("+ {n} more"), per_layer=8)


def _year(d: dt.date) -> float:
    return d.year + (d.timetuple().tm_yday - 1) / 366
