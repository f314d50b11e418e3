"""The mentorship network: a teacher's lineage and a studio's reach, within a scope.

For a scoped caller the answer is the same question asked of the part of the network inside the
scope: the store answers for the whole network, then the answer is recomputed (analysis/, the
semantics of domain/network.py) on the visible teachers among it and the mentorships between
them. So a generation-2 mentee reached only through a mentee in another county is not listed,
nor a mentee reached only through a member in another county, nor the schools only they reach.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.analysis.graph_build import NETWORK_PARTS, build_graph
from talentgraph.analysis.lineage import lineage
from talentgraph.analysis.reach import studio_reach
from talentgraph.domain.network import Lineage, Relative, StudioReach
from talentgraph.roster import Roster
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.store.protocol import NetworkSource, RecordStore


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
            found = studio_reach(build_graph(roster, NETWORK_PARTS), studio_id, as_of)
        return found.model_copy(update={
            "lead_id": scope.shown_id(found.lead_id),
            "members": sorted(scope.shown_id(t) for t in found.members),
            "mentees": sorted(scope.shown_id(t) for t in found.mentees)})


def _between(mentorships: pa.Table, people: set[str]) -> pa.Table:
    """Mentorships whose mentor and mentee are both among ``people``."""
    ids = pa.array(sorted(people), pa.string())
    keep = pc.and_(pc.is_in(mentorships["mentor_id"], ids), pc.is_in(mentorships["mentee_id"], ids))
    return mentorships.filter(pc.fill_null(keep, False))


def _relatives(scope: Scope, found: list[Relative]) -> list[Relative]:
    """Relatives as the scope sees them, by generation then (pseudonym) id."""
    ordered = sorted(found, key=lambda r: (r.generation, scope.order_key(r.teacher_id)))
    return [Relative(teacher_id=scope.shown_id(r.teacher_id), generation=r.generation) for r in ordered]
