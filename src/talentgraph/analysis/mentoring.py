"""What "mentored" means in the research layer: one definition, used by every analysis.

A teacher is **mentored** from the start of their first *subject* or *studio*
mentorship (导师带教 / 师徒结对, studio apprenticeship). Head-teacher mentoring
does not count: under XD-MENTOR every new teacher gets a head-teacher mentor
for class management in their first year, so it says nothing about who was
picked for development.

Where mentoring is set beside promotion, it is looked at *before* the tier is
reached, never over the whole record: a teacher mentored after their title
was not mentored on the way to it (counting them would be immortal-time bias).
The survival models use the date itself (a time-varying covariate, or a
landmark: mentored within the first years after entry); see analysis/survival.py.

The planners' lineage questions (``lineage``, the stores' ``lineage``) follow
every mentorship kind, head-teacher ones too, because who trained whom in a
class is part of a lineage; the research functions pass ``MENTORING_KINDS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from talentgraph.analysis.graph import started, teacher_id
from talentgraph.domain.enums import MentorshipKind
from talentgraph.domain.graph_schema import Rel

MENTORING_KINDS: tuple[str, ...] = (MentorshipKind.SUBJECT.value, MentorshipKind.STUDIO.value)


@dataclass(frozen=True)
class FirstMentoring:
    """A teacher's first mentorship of the counted kinds: when it began, and who mentored."""

    start: dt.date
    mentor_id: str
    kind: str


def first_mentoring(g: nx.MultiDiGraph, node: str, as_of: dt.date,
                    kinds: Collection[str] = MENTORING_KINDS) -> FirstMentoring | None:
    """The earliest mentorship of ``kinds`` with ``node`` as mentee, begun by ``as_of`` (None: none).

    A mentorship with no start date cannot be placed in time and is not counted.
    Ties on the day go to the lowest mentor id.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> first_mentoring(mobility_example(), "Teacher:A", dt.date(2026, 9, 1))
        FirstMentoring(start=datetime.date(2017, 9, 1), mentor_id='M', kind='subject')
        >>> first_mentoring(mobility_example(), "Teacher:B", dt.date(2026, 9, 1)) is None  # head-teacher only
        True
    """
    found = [(e["start_date"], teacher_id(a), e["kind"])
             for a, edges in g.pred[node].items() for e in edges.values()
             if e.get("type") == Rel.MENTORS.value and e.get("kind") in kinds
             and e.get("start_date") is not None and started(e, "start_date", as_of) and a != node]
    if not found:
        return None
    start, mentor, kind = min(found)
    return FirstMentoring(start, mentor, kind)
