"""Studio reach: how far a famous-teacher studio 名师工作室 radiates on a date (XD 名师扶百校).

Semantics are domain/network.py's. Dates: a member is in from ``joined_on``
through ``left_on`` (the last day), a mentorship from ``start_date`` through
``end_date``; a studio link counts from ``since`` (an unknown ``since``
counts: the link is recorded, only its start is not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from talentgraph.analysis.graph import in_force, mentees, started
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
    schools = {g.nodes[p].get("school_id") for p in people | taught if p in g}
    schools = {node_key(Label.ORG, s) for s in schools if s} | linked
    return StudioReach(
        studio_id=studio_id, as_of=as_of, lead_id=attrs["lead_id"],
        members=_ids(members), mentees=_ids(taught),
        schools=_ids(schools), rural_schools=_ids(s for s in schools if g.nodes.get(s, {}).get("rural")),
    )


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
