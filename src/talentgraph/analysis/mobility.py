"""Tier mobility: how long teachers take from entry to a tier, with what was true before it.

One row per teacher who had entered teaching by the as-of date: years from
entry to the first title of the tier (or higher), or to the end of follow-up
(censored). Covariates are what a survival model needs without looking past
the event: mentoring is recorded only if it began *before* the tier was
reached (or before follow-up ended), with the years from entry at which it
began, so models can treat it as time-varying (analysis/survival.py).

What the data cannot give: a leaver's ``left_on`` ends follow-up there, but
a leaver without one (format version 1 had no such column) is followed up
to the as-of date; ``rural`` is the current school's flag, today's value,
not where the teacher taught while waiting for the title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from talentgraph.analysis.graph import TEACHING_TRACKS, teacher_id
from talentgraph.analysis.mentoring import MENTORING_KINDS, first_mentoring
from talentgraph.analysis.people import NO_TIER
from talentgraph.domain.enums import Tier, Track
from talentgraph.domain.graph_schema import Label, Rel, held_tier, node_key

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class TierTimes:
    """Per teacher: years from entry to the first title of ``tier`` or higher, or to the end of follow-up."""

    tier: Tier
    as_of: dt.date
    teacher_ids: list[str]
    years: Floats
    reached: Bools  # False: censored (not reached by the end of follow-up)
    mentored_at: Floats  # years from entry to the first research mentoring begun before the tier; nan: none
    mentor_tier: list[str]  # the tier that mentor held when it began ("none"); "" when not mentored
    rural: npt.NDArray[np.int8]  # current school: 1 rural, 0 not, -1 unknown
    subject: list[str | None]
    stage: list[str | None]
    cohort: npt.NDArray[np.int64]  # year of entry

    @property
    def mentored(self) -> Bools:
        """Mentored before reaching the tier (or before follow-up ended): the one definition."""
        return ~np.isnan(self.mentored_at)


def tier_times(g: nx.MultiDiGraph, tier: Tier, as_of: dt.date, *,
               tracks: tuple[Track, ...] = TEACHING_TRACKS) -> TierTimes:
    """Time to ``tier`` for every teacher who had entered teaching by ``as_of`` (entry date known).

    Reaching a tier means a first title of that tier or higher, at any level,
    on the ``tracks``, awarded by ``as_of``. A teacher counts as mentored when
    a subject or studio mentorship (``MENTORING_KINDS``) began strictly before
    the title (or on or before the end of follow-up, if not reached); a title
    recorded before entry counts as reached at entry.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> t = tier_times(mobility_example(), Tier.BACKBONE, dt.date(2026, 9, 1))
        >>> t.teacher_ids, t.years.round(2).tolist(), t.reached.tolist(), t.mentored.tolist()
        (['A', 'B'], [4.0, 6.0], [True, False], [True, False])
        >>> t.mentored_at.round(2).tolist()[0], t.mentor_tier[0], t.cohort.tolist()
        (1.0, 'none', [2016, 2020])
    """
    tracks_ = {t.value for t in tracks}
    rows = []
    for node, a in g.nodes(data=True):
        entry = a.get("entry_date")
        if a.get("label") != Label.TEACHER.value or entry is None or entry > as_of:
            continue
        left = a.get("left_on")
        last = min(as_of, left) if left is not None and left >= entry else as_of
        first = _first_award(g, node, tier, last, tracks_)
        end = last if first is None else max(first, entry)
        mentoring = first_mentoring(g, node, end, MENTORING_KINDS)
        if mentoring is not None and first is not None and mentoring.start >= end:
            mentoring = None  # began on or after the title: not on the way to it
        school = g.nodes.get(node_key(Label.ORG, a.get("school_id") or ""), {}).get("rural")
        rows.append((
            teacher_id(node), _years(entry, end), first is not None,
            np.nan if mentoring is None else _years(entry, max(mentoring.start, entry)),
            "" if mentoring is None else _tier_on(g, node_key(Label.TEACHER, mentoring.mentor_id),
                                                  mentoring.start, tracks_),
            -1 if school is None else int(school), a.get("subject"), a.get("stage"), entry.year,
        ))
    rows.sort(key=lambda r: r[0])
    cols: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in range(9)]
    return TierTimes(tier, as_of, list(cols[0]), np.array(cols[1], float), np.array(cols[2], bool),
                     np.array(cols[3], float), list(cols[4]), np.array(cols[5], np.int8), list(cols[6]),
                     list(cols[7]), np.array(cols[8], np.int64))


def _years(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_YEAR


def _first_award(g: nx.MultiDiGraph, node: str, tier: Tier, as_of: dt.date,
                 tracks: set[str]) -> dt.date | None:
    days = [e["awarded_on"] for b, edges in g.succ[node].items() for e in edges.values()
            if e.get("type") == Rel.HOLDS.value and Tier(held_tier(b, e)) >= tier
            and (e.get("track") or Track.TEACHER.value) in tracks
            and e.get("awarded_on") is not None and e["awarded_on"] <= as_of]
    return min(days, default=None)


def _tier_on(g: nx.MultiDiGraph, node: str, day: dt.date, tracks: set[str]) -> str:
    """The highest teaching tier ``node`` held on ``day`` (``"none"``; a teacher not in ``g``: none)."""
    if node not in g:
        return NO_TIER
    held = [Tier(held_tier(b, e)) for b, edges in g.succ[node].items() for e in edges.values()
            if e.get("type") == Rel.HOLDS.value and (e.get("track") or Track.TEACHER.value) in tracks
            and e.get("awarded_on") is not None and e["awarded_on"] <= day
            and (e.get("valid_until") is None or day <= e["valid_until"])]
    return max(held).value if held else NO_TIER
