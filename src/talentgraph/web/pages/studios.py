"""Studios: the list within the caller's scope, and one studio's reach drawn (members, mentees,
the schools and rural schools they touch)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph.i18n import Words
from talentgraph.services.network import PLACE_LEAD, PLACE_MEMBER, PLACE_MENTEE, ReachPicture
from talentgraph.web import charts
from talentgraph.web.deps import SignedIn
from talentgraph.web.forms import day
from talentgraph.web.render import PREFIX, render

router = APIRouter()
SCHOOLS = 3  # the layer of schools in the drawing


@router.get("/studios", summary="The studios led inside the caller's scope")
def studios(p: SignedIn, as_of: str | None = None) -> Response:
    return render(p, "studios.html", studios=p.uc.records.studios(p.scope), as_of=day(as_of))


@router.get("/studios/{studio_id}", summary="A studio's reach, drawn")
def studio(studio_id: str, p: SignedIn, as_of: str | None = None) -> Response:
    on = day(as_of)
    picture = p.uc.network.reach_picture(p.scope, studio_id, on)
    return render(p, "studio.html", s=picture.studio, picture=picture, as_of=on,
                  chart=_drawing(p.words, picture, on.isoformat()))


def _drawing(w: Words, picture: ReachPicture, on: str) -> str:
    gettext = w.gettext
    key = {PLACE_LEAD: "lead", PLACE_MEMBER: "member", PLACE_MENTEE: "mentee"}
    rural = set(picture.reach.rural_schools)
    nodes = [charts.Node(x.teacher_id, x.name, x.place, key[x.place],
                         f"{PREFIX}/teachers/{x.teacher_id}?as_of={on}",
                         x.teacher_id, x.place == PLACE_LEAD) for x in picture.people]
    nodes += [charts.Node(s.id, s.name, SCHOOLS, "rural" if s.id in rural else "school",
                          f"{PREFIX}/candidates?school={s.id}",
                          gettext("rural school") if s.id in rural else s.id) for s in picture.schools]
    places = {x.teacher_id: x for x in picture.people}
    edges = list(picture.mentorships)
    edges += [(x.teacher_id, x.school_id) for x in picture.people]
    lead = next((x.teacher_id for x in picture.people if x.place == PLACE_LEAD), None)
    edges += [(lead, school) for school in picture.linked if lead and school not in
              {places[t].school_id for t in places if places[t].place == PLACE_LEAD}]
    labels = {PLACE_LEAD: gettext("lead"), PLACE_MEMBER: gettext("members"), PLACE_MENTEE: gettext("mentees"),
              SCHOOLS: gettext("schools")}
    return charts.layered(charts.Network(nodes, [(a, b) for a, b in edges if a]), gettext("Studio reach"),
                          gettext("The lead, the members and the teachers they mentor, and the schools they "
                            "teach in or the studio supports; rural schools in green."),
                          labels, gettext("+ {n} more"), across=True, per_layer=12)
