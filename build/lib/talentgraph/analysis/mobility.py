"""Tier mobility: how long teachers take from entry to a tier, as a survival curve.

DESCRIPTIVE, NOT CAUSAL. The curves compare groups as the data has them:
mentored teachers may differ from others in ways that also speed them up
(who gets a mentor is not random), "mentored" is judged on the whole record
up to the as-of date rather than before the title (so a teacher mentored
late counts as mentored all along), and a teacher who left is censored at the
as-of date because the roster keeps no leaving date. Read differences as
questions to ask, not effects of mentoring or of rural service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx
import numpy as np
import numpy.typing as npt

from talentgraph.analysis.graph import TEACHING_TRACKS, started, teacher_id
from talentgraph.domain.enums import MentorshipKind, Tier, Track
from talentgraph.domain.graph_schema import Label, Rel, node_key

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
DAYS_PER_YEAR = 365.25
SUBJECT_MENTORING = (MentorshipKind.SUBJECT, MentorshipKind.STUDIO)


@dataclass(frozen=True)
class TierTimes:
    """Per teacher: years from entry to the first title of ``tier`` or higher, or to ``as_of``."""

    tier: Tier
    as_of: dt.date
    teacher_ids: list[str]
    years: Floats
    reached: Bools  # False: censored (not reached by as_of)
    mentored: Bools
    rural: npt.NDArray[np.int8]  # current school: 1 rural, 0 not, -1 unknown


@dataclass(frozen=True)
class SurvivalCurve:
    """Kaplan-Meier: share still below the tier at each event time (steps, right-continuous)."""

    times: Floats  # distinct event times, ascending
    survival: Floats  # S(t) just after each time
    at_risk: npt.NDArray[np.int64]
    events: npt.NDArray[np.int64]
    n: int

    @property
    def median(self) -> float | None:
        """The first time half have reached the tier, or None if fewer ever do."""
        below = np.flatnonzero(self.survival <= 0.5)
        return float(self.times[below[0]]) if below.size else None

    def reached_by(self, years: float) -> float:
        """Estimated share that reached the tier within ``years``: 1 - S(years)."""
        i = int(np.searchsorted(self.times, years, side="right"))
        return 0.0 if i == 0 else float(1.0 - self.survival[i - 1])


def tier_times(g: nx.MultiDiGraph, tier: Tier, as_of: dt.date, *,
               mentor_kinds: tuple[MentorshipKind, ...] = SUBJECT_MENTORING,
               tracks: tuple[Track, ...] = TEACHING_TRACKS) -> TierTimes:
    """Time to ``tier`` for every teacher who had entered teaching by ``as_of`` (entry date known).

    Reaching a tier means a first title of that tier or higher, at any level,
    on the ``tracks``, awarded by ``as_of``. ``mentored`` means a mentorship of
    ``mentor_kinds`` (by default subject and studio mentoring; every new
    teacher gets a head-teacher mentor under XD-MENTOR) begun by ``as_of``.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> t = tier_times(mobility_example(), Tier.BACKBONE, dt.date(2026, 9, 1))
        >>> t.teacher_ids, t.years.round(2).tolist(), t.reached.tolist(), t.mentored.tolist()
        (['A', 'B'], [4.0, 6.0], [True, False], [True, False])
    """
    ids, years, reached, mentored, rural = [], [], [], [], []
    for node, a in g.nodes(data=True):
        entry = a.get("entry_date")
        if a.get("label") != Label.TEACHER.value or entry is None or entry > as_of:
            continue
        first = _first_award(g, node, tier, as_of, {t.value for t in tracks})
        end = as_of if first is None else max(first, entry)
        ids.append(teacher_id(node))
        years.append((end - entry).days / DAYS_PER_YEAR)
        reached.append(first is not None)
        mentored.append(_mentored(g, node, as_of, {k.value for k in mentor_kinds}))
        flag = g.nodes.get(node_key(Label.ORG, a.get("school_id") or ""), {}).get("rural")
        rural.append(-1 if flag is None else int(flag))
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    return TierTimes(tier, as_of, [ids[i] for i in order], np.array(years, float)[order],
                     np.array(reached, bool)[order], np.array(mentored, bool)[order],
                     np.array(rural, np.int8)[order])


def _first_award(g: nx.MultiDiGraph, node: str, tier: Tier, as_of: dt.date,
                 tracks: set[str]) -> dt.date | None:
    days = [e["awarded_on"] for b, edges in g.succ[node].items() for e in edges.values()
            if e.get("type") == Rel.HOLDS.value and Tier(b.split(":", 1)[1]) >= tier
            and (e.get("track") or Track.TEACHER.value) in tracks
            and e.get("awarded_on") is not None and e["awarded_on"] <= as_of]
    return min(days, default=None)


def _mentored(g: nx.MultiDiGraph, node: str, as_of: dt.date, kinds: set[str]) -> bool:
    return any(e.get("type") == Rel.MENTORS.value and e.get("kind") in kinds
               and started(e, "start_date", as_of)
               for edges in g.pred[node].values() for e in edges.values())


def kaplan_meier(durations: Floats, observed: Bools) -> SurvivalCurve:
    """The Kaplan-Meier estimate of S(t) = P(not yet reached by t), with right censoring.

    A teacher censored at t is still at risk at t (events at a time come before
    censorings at the same time, the usual convention).

    Examples:
        >>> c = kaplan_meier(np.array([1, 2, 2, 3, 4.0]), np.array([1, 1, 0, 1, 0], bool))
        >>> c.times.tolist(), c.survival.round(3).tolist(), c.at_risk.tolist()
        ([1.0, 2.0, 3.0], [0.8, 0.6, 0.3], [5, 4, 2])
    """
    durations, observed = np.asarray(durations, float), np.asarray(observed, bool)
    times, events = np.unique(durations[observed], return_counts=True)
    # Sorted durations: those still at risk at t are the ones with duration >= t.
    at_risk = durations.size - np.searchsorted(np.sort(durations), times, side="left")
    survival: Floats = np.cumprod(1.0 - events / np.maximum(at_risk, 1)).astype(np.float64)
    return SurvivalCurve(times, survival, at_risk.astype(np.int64), events.astype(np.int64),
                         int(durations.size))


def tier_mobility(times: TierTimes, by: str = "mentored") -> dict[str, SurvivalCurve]:
    """Survival curves of ``tier_times`` split ``by`` ``"mentored"`` or ``"rural"`` (unknown rural left out).

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> t = tier_times(mobility_example(), Tier.BACKBONE, dt.date(2026, 9, 1))
        >>> {k: (c.n, c.median) for k, c in tier_mobility(t, "mentored").items()}
        {'mentored': (1, 4.0), 'unmentored': (1, None)}
        >>> {k: c.n for k, c in tier_mobility(t, "rural").items()}
        {'rural': 1, 'urban': 1}
    """
    if by == "mentored":
        groups = {"mentored": times.mentored, "unmentored": ~times.mentored}
    elif by == "rural":
        groups = {"rural": times.rural == 1, "urban": times.rural == 0}
    else:
        raise ValueError(f"by must be 'mentored' or 'rural', got {by!r}")
    return {name: kaplan_meier(times.years[rows], times.reached[rows]) for name, rows in groups.items()}
