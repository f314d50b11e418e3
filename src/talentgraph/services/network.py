"""The mentorship network: a teacher's lineage and a studio's reach, within a scope.

For a scoped caller the answer is the same question asked of the part of the network inside the
scope: the store answers for the whole network, then the answer is recomputed (analysis/, the
semantics of domain/network.py) on the visible teachers among it and the mentorships between
them. So a generation-2 mentee reached only through a mentee in another county is not listed,
nor a mentee reached only through a member in another county, nor the schools only they reach.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.models import Studio
from talentgraph.domain.network import Lineage, Relative, StudioReach
from talentgraph.roster import Roster
from talentgraph.services.records import Records
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.store.protocol import NetworkSource, RecordStore


@dataclass(frozen=True)
class Person:
    """A teacher in a picture of the network, as the scope sees them. ``place``: in a lineage,
    the generation (negative: mentors above, 0: the teacher, positive: mentees below); in a
    studio's reach, 0 the lead, 1 a member, 2 a mentee."""

    teacher_id: str
    name: str
    school_id: str
    place: int


@dataclass(frozen=True)
class School:
    id: str
    name: str
    rural: bool


@dataclass(frozen=True)
class LineagePicture:
    """A lineage with what drawing it needs: the people and the mentorships between them."""

    lineage: Lineage
    people: list[Person]
    mentorships: list[tuple[str, str]]  # (mentor, mentee), both among ``people``


@dataclass(frozen=True)
class ReachPicture:
    """A studio's reach with what drawing it needs: the studio, its people (with their schools),
    the mentorships between them on the date, the schools touched and those linked."""

    studio: Studio
    reach: StudioReach
    people: list[Person]
    mentorships: list[tuple[str, str]]
    schools: list[School]
    linked: list[str]


PLACE_LEAD, PLACE_MEMBER, PLACE_MENTEE = 0, 1, 2


class Network:
    def __init__(self, network: NetworkSource, records: RecordStore) -> None:
        self.network = network
        self.records = records

    def lineage(self, scope: Scope, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
        """Mentors up and mentees down over ``depth`` generations, through visible teachers only."""
        view = View(self.records, scope)
        real = view.teacher_id(teacher_id)
        found = self.network.lineage(real, as_of, depth)
        if scope.org_id is not None:
            inside = view.teachers(r.teacher_id for r in (*found.ancestors, *found.descendants)) | {real}
            rows = self.records.rows_of(sorted(inside), ("teachers", "mentorships"))
            roster = Roster({"teachers": rows["teachers"],
                             "mentorships": _between(rows["mentorships"], inside)})
            # Imported here: networkx costs a fifth of a second, and most commands never need it.
            from talentgraph.analysis.graph_build import build_graph
            from talentgraph.analysis.lineage import lineage

            found = lineage(build_graph(roster, {"mentorships"}), real, as_of, depth)
        return found.model_copy(update={"teacher_id": scope.shown_id(found.teacher_id),
                                        "ancestors": _relatives(scope, found.ancestors),
                                        "descendants": _relatives(scope, found.descendants)})

    def studio_reach(self, scope: Scope, studio_id: str, as_of: dt.date) -> StudioReach:
        """The studio's lead, members, their mentees and the schools they touch, on the date."""
        view = View(self.records, scope)
        studio = view.studio(studio_id)
        found = self.network.studio_reach(studio_id, as_of)
        if scope.org_id is not None:
            people = view.teachers([found.lead_id, *found.members, *found.mentees])
            rows = self.records.rows_of(sorted(people), ("teachers", "mentorships"))
            members, links = studio["studio_members"], studio["studio_links"]
            inside_schools = pa.array(sorted(s for s in found.schools if view.has_org(s)), pa.string())
            roster = Roster({
                "orgs": rows["orgs"], "teachers": rows["teachers"], "studios": studio["studios"],
                "mentorships": _between(rows["mentorships"], people),
                "studio_members": members.filter(pc.is_in(members["teacher_id"], pa.array(sorted(people)))),
                "studio_links": links.filter(pc.is_in(links["school_id"], inside_schools))})
            from talentgraph.analysis.graph_build import NETWORK_PARTS, build_graph
            from talentgraph.analysis.reach import studio_reach

            found = studio_reach(build_graph(roster, NETWORK_PARTS), studio_id, as_of)
        return found.model_copy(update={
            "lead_id": scope.shown_id(found.lead_id),
            "members": sorted(scope.shown_id(t) for t in found.members),
            "mentees": sorted(scope.shown_id(t) for t in found.mentees)})

    def lineage_picture(self, scope: Scope, teacher_id: str, as_of: dt.date, depth: int) -> LineagePicture:
        """``lineage`` with each relative's name and school, and the mentorships among them."""
        found = self.lineage(scope, teacher_id, as_of, depth)
        place = {found.teacher_id: 0} | {r.teacher_id: -r.generation for r in found.ancestors}
        place |= {r.teacher_id: r.generation for r in found.descendants}
        people, edges = self._people(scope, place, as_of, ongoing=False)
        return LineagePicture(found, people, edges)

    def reach_picture(self, scope: Scope, studio_id: str, as_of: dt.date) -> ReachPicture:
        """``studio_reach`` with the studio, its people, their mentorships on the date and the
        schools (names, rural or not) it touches."""
        reach = self.studio_reach(scope, studio_id, as_of)
        records = Records(self.records)
        studio = records.studio(scope, studio_id)
        place = {t: PLACE_MENTEE for t in reach.mentees} | {t: PLACE_MEMBER for t in reach.members}
        place[reach.lead_id] = PLACE_LEAD
        people, edges = self._people(scope, place, as_of, ongoing=True)
        orgs = View(self.records, scope).tree.orgs
        schools = [School(s, orgs[s].name if s in orgs else s, s in reach.rural_schools)
                   for s in reach.schools]
        linked = [x.school_id for x in records.links(scope, studio_id)
                  if x.since is None or x.since <= as_of]
        return ReachPicture(studio, reach, people, edges, schools, linked)

    def _people(self, scope: Scope, place: dict[str, int], as_of: dt.date,
                ongoing: bool) -> tuple[list[Person], list[tuple[str, str]]]:
        """The people named by their shown ids in ``place``, and the mentorships between them that
        started by ``as_of`` (and, if ``ongoing``, had not ended before it)."""
        real = {shown: scope.real_id(shown) or shown for shown in place}
        rows = self.records.rows_of(sorted(set(real.values())), ("teachers", "mentorships"))
        teachers = {r["id"]: r for r in rows["teachers"].to_pylist()}
        shown_of = {r: s for s, r in real.items()}
        people = [Person(s, scope.shown_name(r, teachers[r]["name"] or ""), teachers[r]["school_id"],
                         place[s])
                  for s, r in real.items() if r in teachers]
        edges = []
        for m in _between(rows["mentorships"], set(teachers)).to_pylist():
            started = m["start_date"] is not None and m["start_date"] <= as_of
            current = m["end_date"] is None or m["end_date"] >= as_of
            if started and (current or not ongoing):
                edges.append((shown_of[m["mentor_id"]], shown_of[m["mentee_id"]]))
        people.sort(key=lambda p: (p.place, scope.order_key(real[p.teacher_id])))
        return people, sorted(set(edges))


def _between(mentorships: pa.Table, people: set[str]) -> pa.Table:
    """Mentorships whose mentor and mentee are both among ``people``."""
    ids = pa.array(sorted(people), pa.string())
    keep = pc.and_(pc.is_in(mentorships["mentor_id"], ids), pc.is_in(mentorships["mentee_id"], ids))
    return mentorships.filter(pc.fill_null(keep, False))


def _relatives(scope: Scope, found: list[Relative]) -> list[Relative]:
    """Relatives as the scope sees them, by generation then (pseudonym) id."""
    ordered = sorted(found, key=lambda r: (r.generation, scope.order_key(r.teacher_id)))
    return [Relative(teacher_id=scope.shown_id(r.teacher_id), generation=r.generation) for r in ordered]
