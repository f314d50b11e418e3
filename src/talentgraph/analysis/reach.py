"""Studio reach: how far a famous-teacher studio 名师工作室 radiates on a date (XD 名师扶百校).

Semantics are domain/network.py's. Dates: a member is in from ``joined_on``
through ``left_on`` (the last day), a mentorship from ``start_date`` through
``end_date``; a studio link counts from ``since`` (an unknown ``since``
counts: the link is recorded, only its start is not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from talentgraph.analysis.graph import in_force, mentees, started
from talentgraph.domain.enums import PostingKind
from talentgraph.domain.graph_schema import Label, Rel, node_key
from talentgraph.domain.network import StudioReach
from talentgraph.errors import NotFound


def studio_reach(g: nx.MultiDiGraph, studio_id: str, as_of: dt.date) -> StudioReach:
    """The lead, members, their current mentees, and the schools they reach, on ``as_of``.

    Args:
        g: the property graph (``graph_of``, or ``EmbeddedStore.graph``).
        studio_id: the studio; NotFound if not in ``g``.
        as_of: the day the reach is taken.

    Returns:
        A ``StudioReach`` with every list sorted by id.

    Examples:
        >>> from talentgraph.analysis.examples import studio_example
        >>> r = studio_reach(studio_example(), "ST1", dt.date(2026, 1, 1))
        >>> r.lead_id, r.members, r.mentees
        ('L', ['M'], ['E'])
        >>> r.schools, r.rural_schools
        (['S1', 'S2', 'S3'], ['S2'])
    """
    people, taught, linked = _reach(g, studio_id, as_of)
    lead = node_key(Label.TEACHER, g.nodes[node_key(Label.STUDIO, studio_id)]["lead_id"])
    schools = {g.nodes[p].get("school_id") for p in people | taught if p in g}
    schools = {node_key(Label.ORG, s) for s in schools if s} | linked
    return StudioReach(
        studio_id=studio_id, as_of=as_of, lead_id=teacher_id_of(lead),
        members=_ids(people - {lead}), mentees=_ids(taught),
        schools=_ids(schools), rural_schools=_ids(s for s in schools if g.nodes.get(s, {}).get("rural")),
    )


def _reach(g: nx.MultiDiGraph, studio_id: str, as_of: dt.date) -> tuple[set[str], set[str], set[str]]:
    """The studio's people (lead and members in), their current mentees, its linked schools (keys)."""
    node = node_key(Label.STUDIO, studio_id)
    attrs = g.nodes.get(node, {})
    if attrs.get("label") != Label.STUDIO.value:
        raise NotFound(f"no studio {studio_id!r}")
    lead = node_key(Label.TEACHER, attrs["lead_id"])
    members = {a for a, e in _edges_in(g, node, Rel.MEMBER_OF)
               if in_force(e, "joined_on", "left_on", as_of)} - {lead}
    people = members | {lead}
    taught = {m for p in people if p in g for m in mentees(g, p, as_of, current=True)} - people
    linked = {b for b, e in _edges_out(g, node, Rel.SUPPORTS) if started(e, "since", as_of)}
    return people, taught, linked


def studio_reaches(g: nx.MultiDiGraph, as_of: dt.date) -> list[StudioReach]:
    """``studio_reach`` of every studio founded by ``as_of`` (or of unknown founding), by id.

    Examples:
        >>> from talentgraph.analysis.examples import studio_example
        >>> [(r.studio_id, len(r.schools)) for r in studio_reaches(studio_example(), dt.date(2026, 1, 1))]
        [('ST1', 3)]
    """
    ids = sorted(a["id"] for _, a in g.nodes(data=True)
                 if a.get("label") == Label.STUDIO.value and started(a, "founded_on", as_of))
    return [studio_reach(g, sid, as_of) for sid in ids]


def _edges_in(g: nx.MultiDiGraph, node: str, rel: Rel) -> Iterable[tuple[str, dict[str, Any]]]:
    return ((a, e) for a, edges in g.pred[node].items() for e in edges.values() if e.get("type") == rel.value)


def _edges_out(g: nx.MultiDiGraph, node: str, rel: Rel) -> Iterable[tuple[str, dict[str, Any]]]:
    return ((b, e) for b, edges in g.succ[node].items() for e in edges.values() if e.get("type") == rel.value)


def _ids(nodes: Iterable[str]) -> list[str]:
    """Sorted ids of node keys (``"Teacher:T1"`` -> ``"T1"``)."""
    return sorted(n.split(":", 1)[1] for n in nodes)


def teacher_id_of(node: str) -> str:
    return node.split(":", 1)[1]


@dataclass(frozen=True)
class ReachOnDay:
    """All studios' reach on one day, with where each teacher's school on that day came from."""

    day: dt.date
    studios: int  # founded by the day (or of unknown founding)
    schools: int  # distinct schools reached by any studio
    rural_schools: int
    placed_by_posting: int  # (studio, teacher) placements whose school came from a posting in force
    placed_by_today: int  # ... from the teacher's current school (no regular posting in force that day)


def reach_over_time(g: nx.MultiDiGraph, days: Iterable[dt.date]) -> list[ReachOnDay]:
    """Studio reach on each of ``days``: studios, schools and rural schools reached.

    Who is reached follows ``studio_reach`` on each day (members in, current
    mentees, links made). A teacher's school on a past day comes from their
    postings in force that day (any kind: an exchange or support stint counts
    as well as the home school); without a regular posting in force it is
    their current school, today's value, and ``placed_by_today`` counts how
    often that stood in. The graph needs its postings (``store.graph``, not
    ``store.network``) for past days to be placed by them.

    Examples:
        >>> from talentgraph.analysis.examples import studio_example
        >>> [(p.day.year, p.schools, p.rural_schools) for p in reach_over_time(
        ...     studio_example(), [dt.date(2020, 1, 1), dt.date(2022, 1, 1), dt.date(2027, 6, 1)])]
        [(2020, 0, 0), (2022, 4, 2), (2027, 4, 2)]
    """
    studios = sorted(a["id"] for _, a in g.nodes(data=True) if a.get("label") == Label.STUDIO.value)
    points = []
    for day in days:
        schools: set[str] = set()
        by_posting = by_today = 0
        for sid in studios:
            if not started(g.nodes[node_key(Label.STUDIO, sid)], "founded_on", day):
                continue
            people, taught, linked = _reach(g, sid, day)
            schools |= linked
            for t in people | taught:
                placed, from_posting = schools_on(g, t, day)
                schools |= placed
                by_posting += from_posting
                by_today += not from_posting
        founded = sum(started(g.nodes[node_key(Label.STUDIO, s)], "founded_on", day) for s in studios)
        rural = sum(1 for s in schools if g.nodes.get(s, {}).get("rural"))
        points.append(ReachOnDay(day, founded, len(schools), rural, by_posting, by_today))
    return points


def schools_on(g: nx.MultiDiGraph, teacher: str, day: dt.date) -> tuple[set[str], bool]:
    """A teacher's schools (node keys) on ``day``, and whether a regular posting placed them.

    Postings in force that day, of any kind; without a regular one, the
    current school is added (today's value).
    """
    placed, regular = set(), False
    for b, e in _edges_out(g, teacher, Rel.POSTED_AT):
        if in_force(e, "start_date", "end_date", day):
            placed.add(b)
            regular = regular or e.get("kind") in (None, PostingKind.REGULAR.value)
    if not regular and g.nodes[teacher].get("school_id"):
        placed.add(node_key(Label.ORG, g.nodes[teacher]["school_id"]))
    return placed, regular
