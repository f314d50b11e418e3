"""The mentorship and studio networks as typed graphs for Gephi, Cytoscape, igraph or networkx.

``mentorship_network`` and ``studio_network`` return plain networkx graphs
whose attributes are all str, int, float or bool (never None: an unknown
value is left off the node or edge, which GraphML and GEXF read as missing),
and ``write_networks`` writes them as GraphML and GEXF. Dates are ISO
strings with a ``*_year`` integer beside them for filtering. Teachers carry
no names; with ``hide`` (``researcher_pseudonyms()``) their ids are the API
researcher role's pseudonyms. Values marked "today's" in analysis/people.py
(school, rural, status) are today's in the files too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import networkx as nx

from talentgraph.analysis.graph import in_force, started, teacher_id
from talentgraph.analysis.mentoring import MENTORING_KINDS
from talentgraph.analysis.people import teacher_rows
from talentgraph.analysis.pseudonyms import Hide, shown
from talentgraph.domain.enums import Tier
from talentgraph.domain.graph_schema import Label, Rel, node_key

FORMATS = ("graphml", "gexf")
_TEACHER_FIELDS = ("school_id", "county_id", "rural", "subject", "stage", "cohort", "status",
                   "head_teacher", "tier")


def mentorship_network(g: nx.MultiDiGraph, as_of: dt.date, hide: Hide | None = None) -> nx.DiGraph:
    """Teachers, and one edge mentor -> mentee per pair with a mentorship begun by ``as_of``.

    Edge attributes: ``kinds`` (sorted, ``;``-joined), ``research_mentoring``
    (a subject or studio mentorship among them: analysis/mentoring.py),
    ``mentorships``, ``start_date`` / ``start_year`` (the earliest),
    ``ongoing`` on ``as_of``. Every mentorship kind is exported; filter on
    ``research_mentoring`` for the research definition.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> net = mentorship_network(mobility_example(), dt.date(2026, 9, 1))
        >>> sorted(net.edges(data="kinds")), net.nodes["A"]["tier"], "rural" in net.nodes["M"]
        ([('M', 'A', 'subject'), ('M', 'B', 'head_teacher')], 'backbone', True)
    """
    name = shown(hide)
    out = nx.DiGraph(name="talentgraph mentorships", as_of=as_of.isoformat())
    for row in teacher_rows(g, as_of):
        out.add_node(name(row["teacher_id"]), **_teacher_attrs(row))
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for a, b, e in g.edges(data=True):
        if e.get("type") == Rel.MENTORS.value and a != b and started(e, "start_date", as_of):
            mentor, mentee = name(teacher_id(a)), name(teacher_id(b))
            if mentor in out and mentee in out:
                pairs.setdefault((mentor, mentee), []).append(e)
    for (mentor, mentee), found in sorted(pairs.items()):
        kinds = sorted({str(e.get("kind")) for e in found if e.get("kind")})
        attrs: dict[str, Any] = {
            "kinds": ";".join(kinds), "research_mentoring": any(k in MENTORING_KINDS for k in kinds),
            "mentorships": len(found),
            "ongoing": any(in_force(e, "start_date", "end_date", as_of) for e in found)}
        starts = [e["start_date"] for e in found if e.get("start_date") is not None]
        if starts:
            attrs |= {"start_date": min(starts).isoformat(), "start_year": min(starts).year}
        out.add_edge(mentor, mentee, **attrs)
    return out


def studio_network(g: nx.MultiDiGraph, as_of: dt.date, hide: Hide | None = None) -> nx.DiGraph:
    """Studios founded by ``as_of``, their leads and members, the schools they support or work in.

    Nodes have ``kind`` studio, teacher or school (keys ``studio:<id>``,
    ``teacher:<id or pseudonym>``, ``school:<id>``). Edges have ``relation``
    leads, member_of (``joined_date``, ``current`` on ``as_of``), supports
    (``since_date``) and works_at (the teacher's current school, today's).
    (Not ``type``: GEXF keeps that name for an edge's direction.)

    Examples:
        >>> from talentgraph.analysis.examples import studio_example
        >>> net = studio_network(studio_example(), dt.date(2026, 1, 1))
        >>> sorted((a, b, t) for a, b, t in net.edges(data="relation") if t != "works_at")
        ... # doctest: +NORMALIZE_WHITESPACE
        [('studio:ST1', 'school:S2', 'supports'), ('teacher:L', 'studio:ST1', 'leads'),
         ('teacher:M', 'studio:ST1', 'member_of'), ('teacher:X', 'studio:ST1', 'member_of')]
    """
    name = shown(hide)
    rows = {r["teacher_id"]: r for r in teacher_rows(g, as_of)}
    out = nx.DiGraph(name="talentgraph studios", as_of=as_of.isoformat())

    def teacher(tid: str) -> str | None:
        if tid not in rows:
            return None
        key = f"teacher:{name(tid)}"
        if key not in out:
            out.add_node(key, kind="teacher", **_teacher_attrs(rows[tid]))
            school = rows[tid]["school_id"]
            if school:
                out.add_edge(key, _school(out, g, school), relation="works_at")
        return key

    for node, a in g.nodes(data=True):
        if a.get("label") != Label.STUDIO.value or not started(a, "founded_on", as_of):
            continue
        key = f"studio:{a['id']}"
        out.add_node(key, kind="studio", **_present({
            "level": a.get("level"), "subject": a.get("subject"), "rural": a.get("rural"),
            "host_org_id": a.get("host_org_id"), **_day("founded", a.get("founded_on"))}))
        lead = teacher(a["lead_id"])
        if lead:
            out.add_edge(lead, key, relation="leads")
        for who, edges in g.pred[node].items():
            for e in edges.values():
                joined = e.get("type") == Rel.MEMBER_OF.value and started(e, "joined_on", as_of)
                member = teacher(teacher_id(who)) if joined else None
                if member and member != lead:
                    out.add_edge(member, key, relation="member_of",
                                 current=in_force(e, "joined_on", "left_on", as_of),
                                 **_day("joined", e.get("joined_on")))
        for school, edges in g.succ[node].items():
            for e in edges.values():
                if e.get("type") == Rel.SUPPORTS.value and started(e, "since", as_of):
                    out.add_edge(key, _school(out, g, school.split(":", 1)[1]), relation="supports",
                                 **_day("since", e.get("since")))
    return out


def write_networks(g: nx.MultiDiGraph, as_of: dt.date, folder: Path, hide: Hide | None = None,
                   formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``mentorships.<fmt>`` and ``studios.<fmt>`` into ``folder``; the paths written."""
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown formats {sorted(unknown)}; choose from {FORMATS}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, net in (("mentorships", mentorship_network(g, as_of, hide)),
                      ("studios", studio_network(g, as_of, hide))):
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            if fmt == "graphml":
                nx.write_graphml(net, path, named_key_ids=True)
            else:
                nx.write_gexf(net, path)
            written.append(path)
    return written


def _teacher_attrs(row: dict[str, Any]) -> dict[str, Any]:
    attrs = _present({f: row[f] for f in _TEACHER_FIELDS})
    attrs["tier_rank"] = Tier(row["tier"]).rank if row["tier"] != "none" else -1
    return attrs


def _school(out: nx.DiGraph, g: nx.MultiDiGraph, school_id: str) -> str:
    key = f"school:{school_id}"
    if key not in out:
        a = g.nodes.get(node_key(Label.ORG, school_id), {})
        attrs = _present({"county_id": a.get("parent_id"), "rural": a.get("rural")})
        out.add_node(key, kind="school", **attrs)
    return key


def _day(prefix: str, day: dt.date | None) -> dict[str, Any]:
    return {} if day is None else {f"{prefix}_date": day.isoformat(), f"{prefix}_year": day.year}


def _present(attrs: dict[str, Any]) -> dict[str, Any]:
    """The attributes with a value: GraphML and GEXF have no null, so unknown is left off."""
    return {k: v for k, v in attrs.items() if v is not None}
