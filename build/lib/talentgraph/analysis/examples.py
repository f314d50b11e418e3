"""Tiny hand-drawn graphs in the schema of domain/graph_schema.py, for docstring examples.

Every node carries its label and id as ``build_graph`` would give it; dates
default to 2020-09-01 so an as-of date in 2026 sees every mentorship.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import networkx as nx

from talentgraph.domain.graph_schema import Label, Rel, node_key

START = dt.date(2020, 9, 1)


def add_teacher(g: nx.MultiDiGraph, teacher_id: str, school_id: str = "S1") -> str:
    key = node_key(Label.TEACHER, teacher_id)
    g.add_node(key, label=Label.TEACHER.value, id=teacher_id, school_id=school_id)
    return key


def add_mentorship(g: nx.MultiDiGraph, mentor: str, mentee: str, start: dt.date = START,
                   end: dt.date | None = None, kind: str = "subject") -> None:
    for tid in (mentor, mentee):
        if node_key(Label.TEACHER, tid) not in g:
            add_teacher(g, tid)
    g.add_edge(node_key(Label.TEACHER, mentor), node_key(Label.TEACHER, mentee),
               type=Rel.MENTORS.value, kind=kind, start_date=start, end_date=end)


def chain(*teacher_ids: str) -> nx.MultiDiGraph:
    """Each teacher mentors the next: ``chain("A", "B")`` is A -> B."""
    g = nx.MultiDiGraph()
    for tid in teacher_ids:
        add_teacher(g, tid)
    for mentor, mentee in pairwise(teacher_ids):
        add_mentorship(g, mentor, mentee)
    return g


def add_school(g: nx.MultiDiGraph, school_id: str, rural: bool = False) -> str:
    key = node_key(Label.ORG, school_id)
    g.add_node(key, label=Label.ORG.value, id=school_id, kind="school", rural=rural)
    return key


def studio_example() -> nx.MultiDiGraph:
    """Studio ST1: lead L (school S1), member M (S3), member X who left in 2024 (S4),
    M's mentee E (rural S2), a link to S2 since 2021 and one to rural S4 from 2027.
    """
    g = nx.MultiDiGraph()
    for school, rural in (("S1", False), ("S2", True), ("S3", False), ("S4", True)):
        add_school(g, school, rural)
    for tid, school in (("L", "S1"), ("M", "S3"), ("X", "S4"), ("E", "S2")):
        add_teacher(g, tid, school)
    studio = node_key(Label.STUDIO, "ST1")
    g.add_node(studio, label=Label.STUDIO.value, id="ST1", lead_id="L", founded_on=START)
    g.add_edge(node_key(Label.TEACHER, "L"), studio, type=Rel.LEADS.value)
    for tid, left in (("M", None), ("X", dt.date(2024, 1, 1))):
        g.add_edge(node_key(Label.TEACHER, tid), studio, type=Rel.MEMBER_OF.value,
                   joined_on=START, left_on=left)
    add_mentorship(g, "M", "E", start=dt.date(2025, 9, 1))
    for school, since in (("S2", dt.date(2021, 3, 1)), ("S4", dt.date(2027, 1, 1))):
        g.add_edge(studio, node_key(Label.ORG, school), type=Rel.SUPPORTS.value, since=since)
    return g


def star(mentor: str, *mentee_ids: str) -> nx.MultiDiGraph:
    """One mentor with several mentees."""
    g = nx.MultiDiGraph()
    add_teacher(g, mentor)
    for tid in mentee_ids:
        add_mentorship(g, mentor, tid)
    return g


def two_triangles() -> nx.MultiDiGraph:
    """Two close groups, A-B-C and D-E-F, joined by one mentorship C -> D."""
    g = nx.MultiDiGraph()
    for mentor, mentee in (("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"),
                           ("C", "D")):
        add_mentorship(g, mentor, mentee)
    return g


def mobility_example() -> nx.MultiDiGraph:
    """A (rural S2, entered 2016-09-01) was subject-mentored and became backbone on
    2020-09-01; B (urban S1, entered 2020-09-01) had only a head-teacher mentor and
    holds nothing. D has no entry date; F enters in 2027."""
    g = nx.MultiDiGraph()
    add_school(g, "S1")
    add_school(g, "S2", rural=True)
    for tid, school, entry in (("A", "S2", dt.date(2016, 9, 1)), ("B", "S1", dt.date(2020, 9, 1)),
                               ("D", "S1", None), ("F", "S1", dt.date(2027, 9, 1)), ("M", "S1", None)):
        add_teacher(g, tid, school)
        g.nodes[node_key(Label.TEACHER, tid)]["entry_date"] = entry
    add_mentorship(g, "M", "A", start=dt.date(2017, 9, 1), kind="subject")
    add_mentorship(g, "M", "B", start=dt.date(2020, 9, 1), kind="head_teacher")
    g.add_edge(node_key(Label.TEACHER, "A"), "Tier:backbone", type=Rel.HOLDS.value, track="teacher",
               level="county", awarded_on=dt.date(2020, 9, 1), valid_until=None)
    return g
