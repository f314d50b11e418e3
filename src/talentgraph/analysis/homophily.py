"""Homophily: do mentors pick mentees like themselves? Assortativity with a bootstrap interval.

Newman's attribute assortativity of the directed mentorship network
(mentor -> mentee, research mentoring: analysis/mentoring.py): r = 1 when
every mentorship joins teachers of the same category, 0 when categories mix
as at random given how many mentors and mentees each has, negative when
they avoid each other. The interval resamples mentorships with replacement
(a percentile bootstrap), so it speaks for mentorships like these, not for
teachers chosen anew.

Attributes: ``rural`` (the current school's flag: today's value, even for a
mentorship that ran while the teacher taught elsewhere), ``subject``,
``stage``, ``county`` (current school's county) and ``tier`` (highest title
held on the as-of date, not when the mentorship began). A mentorship with
an unknown value at either end is left out, and counted in ``left_out``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from talentgraph.analysis.graph import mentorship_graph
from talentgraph.analysis.mentoring import MENTORING_KINDS
from talentgraph.analysis.people import teacher_rows

ATTRIBUTES = ("rural", "subject", "stage", "county", "tier")
_COLUMN = {"county": "county_id"}


@dataclass(frozen=True)
class Assortativity:
    attribute: str
    r: float  # nan when undefined (every mentorship in one category)
    low: float
    high: float
    level: float  # of the interval, e.g. 0.95
    mentorships: int  # counted
    left_out: int  # an unknown value at either end
    mixing: dict[tuple[str, str], int]  # (mentor's value, mentee's value) -> mentorships


def assortativity(g: nx.MultiDiGraph, as_of: dt.date, attribute: str, *, resamples: int = 1000,
                  level: float = 0.95, seed: int = 0, m: nx.DiGraph | None = None,
                  rows: list[dict[str, Any]] | None = None) -> Assortativity:
    """Assortativity of the mentorship network by ``attribute`` on ``as_of``, with a bootstrap interval.

    ``m`` and ``rows`` take a mentorship graph and ``teacher_rows`` already built.

    Examples:
        >>> from talentgraph.analysis.examples import two_triangles
        >>> g = two_triangles()   # A, B, C teach maths, D, E, F art; C -> D crosses over
        >>> for t in "ABCDEF": g.nodes[f"Teacher:{t}"]["subject"] = "math" if t < "D" else "art"
        >>> a = assortativity(g, dt.date(2026, 1, 1), "subject")
        >>> round(a.r, 4), a.mentorships, a.left_out, a.mixing[("math", "art")]
        (0.72, 7, 0, 1)
    """
    if attribute not in ATTRIBUTES:
        raise ValueError(f"attribute must be one of {ATTRIBUTES}, got {attribute!r}")
    m = mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m
    rows = teacher_rows(g, as_of) if rows is None else rows
    column = _COLUMN.get(attribute, attribute)
    value = {r["teacher_id"]: r[column] for r in rows if r[column] is not None}
    pairs = [(value[a], value[b]) for a, b in m.edges if a in value and b in value]
    left_out = m.number_of_edges() - len(pairs)
    cats = sorted({str(v) for pair in pairs for v in pair})
    index = {c: i for i, c in enumerate(cats)}
    src = np.array([index[str(a)] for a, _ in pairs], dtype=np.int64)
    dst = np.array([index[str(b)] for _, b in pairs], dtype=np.int64)
    r = _coefficient(src, dst, len(cats))
    low, high = _interval(src, dst, len(cats), resamples, level, seed)
    mixing: dict[tuple[str, str], int] = {}
    for a, b in zip(src.tolist(), dst.tolist(), strict=True):
        mixing[(cats[a], cats[b])] = mixing.get((cats[a], cats[b]), 0) + 1
    return Assortativity(attribute, r, low, high, level, len(pairs), left_out, dict(sorted(mixing.items())))


def _coefficient(src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64], k: int) -> float:
    """Newman's r from the mixing matrix e (rows: mentor's category, columns: mentee's)."""
    if src.size == 0:
        return float("nan")
    return float(_from_counts(np.bincount(src * k + dst, minlength=k * k).reshape(1, k, k))[0])


def _from_counts(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """r for each of a stack of k x k mixing count matrices (nan where undefined)."""
    e = counts / counts.sum(axis=(1, 2), keepdims=True)
    ab = np.einsum("ri,ri->r", e.sum(axis=2), e.sum(axis=1))
    trace = np.einsum("rii->r", e)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ab >= 1.0 - 1e-15, np.nan, (trace - ab) / (1.0 - ab))


def _interval(src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64], k: int, resamples: int,
              level: float, seed: int) -> tuple[float, float]:
    """Percentile bootstrap over mentorships. r depends on the mixing counts only, so resampling
    the mentorships with replacement is a multinomial draw of those counts: one draw per resample."""
    if src.size == 0 or resamples < 1:
        return float("nan"), float("nan")
    counts = np.bincount(src * k + dst, minlength=k * k)
    draws = np.random.default_rng(seed).multinomial(src.size, counts / src.size, size=resamples)
    values = _from_counts(draws.reshape(resamples, k, k))
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1.0 - level) / 2
    low, high = np.quantile(values, [tail, 1.0 - tail])
    return float(low), float(high)
