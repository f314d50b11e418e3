"""Materialise the networkx property graph from a roster (schema: domain/graph_schema.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import Any

import networkx as nx
import pyarrow as pa

from talentgraph.domain.enums import Level, Tier
from talentgraph.domain.graph_schema import Label, Rel, award_id, node_key
from talentgraph.roster import Roster

ORG, TEACHER, TIER, PROG, STUDIO = Label.ORG, Label.TEACHER, Label.TIER, Label.PROGRAMME, Label.STUDIO
LEVEL, TITLE = Label.LEVEL, Label.TITLE


@contextmanager
def gc_paused() -> Iterator[None]:
    # Millions of small dicts make the cyclic GC rescan the heap again and
    # again; pausing it halves the build time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build_graph(roster: Roster, parts: Collection[str] | None = None) -> nx.MultiDiGraph:
    """Orgs, teachers, tiers, programmes and studios with their relationships.

    ``parts`` limits the optional parts to some of ``PARTS`` (tiers, orgs and
    teachers are always built); ``NETWORK_PARTS`` gives the mentorship-and-studio
    graph that lineage and studio reach read, at a fraction of the full cost.
    """
    unknown = set(parts or ()) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown graph parts: {sorted(unknown)}")
    g = nx.MultiDiGraph(name="talentgraph")
    with gc_paused():
        _tiers(g)
        _orgs(g, roster["orgs"])
        _teachers(g, roster["teachers"])
        for name, build in PARTS.items():
            if parts is None or name in parts:
                build(g, roster)
    return g


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()  # type: ignore[no-any-return]


def _tiers(g: nx.MultiDiGraph) -> None:
    tiers = list(Tier)
    for t in tiers:
        g.add_node(node_key(TIER, t.value), label=TIER.value, id=t.value, rank=t.rank)
    for lower, upper in pairwise(tiers):
        g.add_edge(node_key(TIER, lower.value), node_key(TIER, upper.value), type=Rel.NEXT.value)
    levels = list(Level)
    for lv in levels:
        g.add_node(node_key(LEVEL, lv.value), label=LEVEL.value, id=lv.value, rank=lv.rank)
    for below, above in pairwise(levels):
        g.add_edge(node_key(LEVEL, below.value), node_key(LEVEL, above.value), type=Rel.NEXT.value)


def _orgs(g: nx.MultiDiGraph, orgs: pa.Table) -> None:
    rows = _rows(orgs)
    g.add_nodes_from((node_key(ORG, r["id"]), {"label": ORG.value, **r}) for r in rows)
    g.add_edges_from(
        (node_key(ORG, r["id"]), node_key(ORG, r["parent_id"]), {"type": Rel.PART_OF.value})
        for r in rows if r["parent_id"]
    )


def _teachers(g: nx.MultiDiGraph, teachers: pa.Table) -> None:
    rows = _rows(teachers)
    g.add_nodes_from((node_key(TEACHER, r["id"]), {"label": TEACHER.value, **r}) for r in rows)
    g.add_edges_from(
        (node_key(TEACHER, r["id"]), node_key(ORG, r["school_id"]), {"type": Rel.WORKS_AT.value})
        for r in rows
    )


def _award(g: nx.MultiDiGraph, label: Label, r: dict[str, Any], tier_rel: Rel, org_rel: Rel) -> str:
    """The Title or Programme node of (tier, level, org), added once with its edges to the tier,
    the level and the awarding org."""
    aid = award_id(r["tier"], r["level"], r["org_id"])
    key = node_key(label, aid)
    if key not in g:
        g.add_node(key, label=label.value, id=aid, tier=r["tier"], level=r["level"], org_id=r["org_id"])
        g.add_edge(key, node_key(TIER, r["tier"]), type=tier_rel.value)
        g.add_edge(key, node_key(LEVEL, r["level"]), type=Rel.AT_LEVEL.value)
        if r["org_id"]:
            g.add_edge(key, node_key(ORG, r["org_id"]), type=org_rel.value)
    return key


def _titles(g: nx.MultiDiGraph, titles: pa.Table) -> None:
    for r in _rows(titles):
        key = _award(g, TITLE, r, Rel.OF_TIER, Rel.AWARDED_BY)
        g.add_edge(node_key(TEACHER, r.pop("teacher_id")), key, type=Rel.HOLDS.value, **r)


def _programmes(g: nx.MultiDiGraph, programmes: pa.Table) -> None:
    for r in _rows(programmes):
        key = _award(g, PROG, r, Rel.FOR_TIER, Rel.RUN_BY)
        g.add_edge(node_key(TEACHER, r["teacher_id"]), key, type=Rel.ENROLLED_IN.value,
                   enrolled_on=r["enrolled_on"], completed_on=r["completed_on"], result=r["result"])


def _mentorships(g: nx.MultiDiGraph, mentorships: pa.Table) -> None:
    g.add_edges_from(
        (node_key(TEACHER, r.pop("mentor_id")), node_key(TEACHER, r.pop("mentee_id")),
         {"type": Rel.MENTORS.value, **r})
        for r in _rows(mentorships)
    )


def _studios(g: nx.MultiDiGraph, roster: Roster) -> None:
    for r in _rows(roster["studios"]):
        key = node_key(STUDIO, r["id"])
        g.add_node(key, label=STUDIO.value, **r)
        g.add_edge(node_key(TEACHER, r["lead_id"]), key, type=Rel.LEADS.value)
        if r["host_org_id"]:
            g.add_edge(key, node_key(ORG, r["host_org_id"]), type=Rel.HOSTED_BY.value)
    g.add_edges_from(
        (node_key(TEACHER, r["teacher_id"]), node_key(STUDIO, r["studio_id"]),
         {"type": Rel.MEMBER_OF.value, "joined_on": r["joined_on"], "left_on": r["left_on"]})
        for r in _rows(roster["studio_members"])
    )
    g.add_edges_from(
        (node_key(STUDIO, r["studio_id"]), node_key(ORG, r["school_id"]),
         {"type": Rel.SUPPORTS.value, "since": r["since"]})
        for r in _rows(roster["studio_links"])
    )


def _postings(g: nx.MultiDiGraph, postings: pa.Table) -> None:
    g.add_edges_from(
        (node_key(TEACHER, r.pop("teacher_id")), node_key(ORG, r.pop("school_id")),
         {"type": Rel.POSTED_AT.value, **r})
        for r in _rows(postings)
    )


PARTS: dict[str, Callable[[nx.MultiDiGraph, Roster], None]] = {
    "titles": lambda g, r: _titles(g, r["titles"]),
    "programmes": lambda g, r: _programmes(g, r["programmes"]),
    "mentorships": lambda g, r: _mentorships(g, r["mentorships"]),
    "studios": _studios,
    "postings": lambda g, r: _postings(g, r["postings"]),
}
NETWORK_PARTS = frozenset({"mentorships", "studios"})
