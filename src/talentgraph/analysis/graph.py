"""Getting the graph to analyse, and reading it: node keys, mentorship edges, holders.

``graph_of`` builds the property graph (schema: domain/graph_schema.py) from any
store's roster, cut to an org subtree and to what was known on an as-of date.
The readers below are what every analysis function walks, so they fix once how
dates are compared: start dates count on the day (``start <= as_of``), end
dates are the last day in force (``as_of <= end``), as for titles'
``valid_until`` and the eligibility checks' studio membership.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from typing import Any, Protocol

import networkx as nx
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.analysis.graph_build import build_graph, gc_paused
from talentgraph.domain.enums import Tier, Track
from talentgraph.domain.graph_schema import Label, Rel, held_tier, node_key
from talentgraph.errors import NotFound
from talentgraph.roster import Roster

TEACHING_TRACKS = (Track.TEACHER, Track.HEAD_TEACHER)
_TEACHER = f"{Label.TEACHER.value}:"


class RosterSource(Protocol):
    """Anything that gives its whole roster: every store does."""

    def roster(self) -> Roster: ...


def graph_of(store: RosterSource, org_id: str | None = None,
             as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """The property graph of ``store``, for an org subtree, as known on ``as_of``.

    ``org_id`` keeps the subtree's orgs (and the chain of orgs above its root),
    the teachers whose current school lies in it, and their facts; a
    relationship to a node outside (a mentor in another county, a posting to
    another county's school) is dropped. ``as_of`` drops what had not happened
    by that date (teachers not yet entered, titles not yet awarded,
    mentorships, memberships, links, postings and programmes not yet begun,
    studios not yet founded) and blanks end dates that lay after it (a
    mentorship ending later was ongoing then; a programme completed later was
    in progress). It keeps what had ended: lineage counts past mentors, and the
    functions that need "in force on a day" take their own date. Current facts
    (status, school, rural flags) are today's, as everywhere in talentgraph.
    """
    roster = store.roster()
    if org_id is not None:
        roster = _subtree(roster, org_id)
    if as_of is not None:
        roster = _known_on(roster, as_of)
    g = build_graph(roster)
    # Relationships to rows cut away above created bare nodes: drop them.
    g.remove_nodes_from([n for n, label in g.nodes(data="label") if label is None])
    return g


def _subtree(roster: Roster, org_id: str) -> Roster:
    orgs = roster["orgs"]
    parent = dict(zip(orgs["id"].to_pylist(), orgs["parent_id"].to_pylist(), strict=True))
    if org_id not in parent:
        raise NotFound(f"no org {org_id!r}")
    inside, frontier = {org_id}, {org_id}
    while frontier:  # walk down: children of the frontier
        frontier = {o for o, p in parent.items() if p in frontier} - inside
        inside |= frontier
    above, up = set(), parent[org_id]
    while up is not None and up not in above:
        above.add(up)
        up = parent.get(up)
    tables = dict(roster.tables)
    teachers = tables["teachers"]
    tables["teachers"] = teachers.filter(pc.is_in(teachers["school_id"], pa.array(sorted(inside))))
    tables["orgs"] = orgs.filter(pc.is_in(orgs["id"], pa.array(sorted(inside | above))))
    return _keep_teachers(tables, roster)


_TEACHER_COLUMNS = {"titles": ("teacher_id",), "programmes": ("teacher_id",), "training": ("teacher_id",),
                    "reviews": ("teacher_id",), "postings": ("teacher_id",),
                    "mentorships": ("mentor_id", "mentee_id"), "studios": ("lead_id",),
                    "studio_members": ("teacher_id",)}


def _rows_of(name: str, table: pa.Table, ids: pa.ChunkedArray) -> pa.Table:
    """Rows of a bundle table whose teachers (all of them) are among ``ids``."""
    for col in _TEACHER_COLUMNS.get(name, ()):
        table = table.filter(pc.is_in(table[col], ids))
    return table


def _keep_teachers(tables: dict[str, pa.Table], roster: Roster) -> Roster:
    """Cut every table to the teachers left in ``tables``, and studio rows to the studios left."""
    ids = tables["teachers"]["id"]
    tables = {n: _rows_of(n, t, ids) for n, t in tables.items()}
    studios = tables["studios"]["id"]
    for name in ("studio_members", "studio_links"):
        tables[name] = tables[name].filter(pc.is_in(tables[name]["studio_id"], studios))
    return Roster(tables, roster.present)


_STARTS = {"teachers": "entry_date", "titles": "awarded_on", "programmes": "enrolled_on",
           "mentorships": "start_date", "studios": "founded_on", "studio_members": "joined_on",
           "studio_links": "since", "postings": "start_date"}
_ENDS = {"programmes": "completed_on", "mentorships": "end_date", "studio_members": "left_on",
         "postings": "end_date"}


def _known_on(roster: Roster, as_of: dt.date) -> Roster:
    day = pa.scalar(as_of, pa.date32())
    tables = dict(roster.tables)
    for name, col in _STARTS.items():
        t = tables[name]  # an unknown start date is kept: missing data is not absence
        tables[name] = t.filter(pc.fill_null(pc.less_equal(t[col], day), True))
    for name, col in _ENDS.items():
        t = tables[name]
        later = pc.fill_null(pc.greater(t[col], day), False)
        tables[name] = t.set_column(t.schema.get_field_index(col), col,
                                    pc.if_else(later, pa.scalar(None, pa.date32()), t[col]))
    p = tables["programmes"]  # completed after the date: still in progress then
    open_ = pc.is_null(p["completed_on"])
    tables["programmes"] = p.set_column(p.schema.get_field_index("result"), "result",
                                        pc.if_else(open_, pa.scalar("in_progress"), p["result"]))
    return _keep_teachers(tables, roster)


# --- reading the graph ----------------------------------------------------------


def teacher_node(g: nx.MultiDiGraph, teacher_id: str) -> str:
    """The node key of a teacher, or NotFound."""
    key = node_key(Label.TEACHER, teacher_id)
    if g.nodes.get(key, {}).get("label") != Label.TEACHER.value:
        raise NotFound(f"no teacher {teacher_id!r}")
    return key


def teacher_id(node: str) -> str:
    return node[len(_TEACHER):]


def started(attrs: dict[str, Any], col: str, as_of: dt.date) -> bool:
    """Begun on or before ``as_of`` (an unknown start counts as begun)."""
    day = attrs.get(col)
    return day is None or day <= as_of


def in_force(attrs: dict[str, Any], start: str, end: str, as_of: dt.date) -> bool:
    """Begun on or before ``as_of`` and not ended before it (the end day is the last day in force)."""
    last = attrs.get(end)
    return started(attrs, start, as_of) and (last is None or as_of <= last)


def mentees(g: nx.MultiDiGraph, node: str, as_of: dt.date, *, current: bool = False,
            kinds: Collection[str] | None = None) -> Iterator[str]:
    """Teachers ``node`` mentors (mentorships begun by ``as_of``; ``current``: also not ended;
    ``kinds``: of those kinds only, None for every kind)."""
    for other, edges in g.succ[node].items():
        if any(_mentoring(e, as_of, current, kinds) for e in edges.values()):
            yield other


def mentors(g: nx.MultiDiGraph, node: str, as_of: dt.date, *,
            kinds: Collection[str] | None = None) -> Iterator[str]:
    """Teachers who mentored ``node`` in mentorships begun by ``as_of`` (of ``kinds``, None: all)."""
    for other, edges in g.pred[node].items():
        if any(_mentoring(e, as_of, False, kinds) for e in edges.values()):
            yield other


def _mentoring(e: dict[str, Any], as_of: dt.date, current: bool,
               kinds: Collection[str] | None = None) -> bool:
    if e.get("type") != Rel.MENTORS.value or (kinds is not None and e.get("kind") not in kinds):
        return False
    return in_force(e, "start_date", "end_date", as_of) if current else started(e, "start_date", as_of)


def mentorship_graph(g: nx.MultiDiGraph, as_of: dt.date,
                     kinds: Collection[str] | None = None) -> nx.DiGraph:
    """Teacher ids, with an edge mentor -> mentee for mentorships begun by ``as_of``.

    ``kinds`` keeps mentorships of those kinds only (None: every kind; the
    research definition is ``analysis.mentoring.MENTORING_KINDS``). Teachers
    who entered after ``as_of`` are left out; self-mentorships are dropped;
    several mentorships of one pair are one edge.

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> g.add_nodes_from(["Teacher:A", "Teacher:B", "Teacher:C"], label="Teacher")
        >>> g.add_edge("Teacher:A", "Teacher:B", type="MENTORS", start_date=dt.date(2020, 9, 1))
        0
        >>> g.add_edge("Teacher:B", "Teacher:C", type="MENTORS", start_date=dt.date(2024, 9, 1))
        0
        >>> sorted(mentorship_graph(g, dt.date(2022, 1, 1)).edges())
        [('A', 'B')]
    """
    m = nx.DiGraph()
    with gc_paused():  # a million small dicts: the cyclic GC would rescan them again and again
        # Sorted, so that results do not depend on the order a graph (or a view of it) lists nodes.
        m.add_nodes_from(sorted(teacher_id(n) for n, a in g.nodes(data=True)
                                if a.get("label") == Label.TEACHER.value and started(a, "entry_date", as_of)))
        m.add_edges_from(sorted(
            (teacher_id(a), teacher_id(b)) for a, b, e in g.edges(data=True)
            if a != b and _mentoring(e, as_of, False, kinds) and teacher_id(a) in m and teacher_id(b) in m
        ))
    return m


def tiers_held(g: nx.MultiDiGraph, as_of: dt.date,
               tracks: tuple[Track, ...] = TEACHING_TRACKS) -> dict[str, Tier]:
    """Each teacher's highest tier held on ``as_of`` (titles awarded by then and not lapsed).

    Examples:
        >>> g = nx.MultiDiGraph()
        >>> g.add_edge("Teacher:A", "Tier:backbone", type="HOLDS", track="teacher",
        ...            awarded_on=dt.date(2020, 1, 1), valid_until=None)
        0
        >>> tiers_held(g, dt.date(2021, 1, 1))
        {'A': <Tier.BACKBONE: 'backbone'>}
    """
    tracks_ = {t.value for t in tracks}
    best: dict[str, Tier] = {}
    for a, b, e in g.edges(data=True):
        if (e.get("type") == Rel.HOLDS.value and (e.get("track") or Track.TEACHER.value) in tracks_
                and in_force(e, "awarded_on", "valid_until", as_of)):
            tier, who = Tier(held_tier(b, e)), teacher_id(a)
            if who not in best or best[who] < tier:
                best[who] = tier
    return best
