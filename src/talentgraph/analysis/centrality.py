"""Central mentors: PageRank and betweenness on the mentorship network.

Both read ``mentorship_graph`` with the research definition of mentoring
(subject and studio mentorships begun by the as-of date; analysis/mentoring.py),
or a mentorship graph passed as ``m``. Scores are keyed by teacher id, highest
first.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import deque
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from talentgraph.analysis.graph import mentorship_graph
from talentgraph.analysis.mentoring import MENTORING_KINDS

# Exact betweenness costs about one step per (source, reachable teacher) pair: measured on this
# 2-core machine (load 4-6) at 390,000-480,000 pairs/s on dense random graphs, so 1e7 pairs take
# about 25 s. Mentorship networks are near-forests far below it: a 50,000-teacher region has about
# 1e5 pairs (0.2 s exact), a county 2e3 (0.02-0.09 s). docs/performance.md has the figures.
EXACT_UP_TO_PAIRS = 1e7


def pagerank(g: nx.MultiDiGraph, as_of: dt.date, *, alpha: float = 0.85,
             tol: float = 1e-10, max_iter: int = 1000, m: nx.DiGraph | None = None) -> dict[str, float]:
    """PageRank of teachers, with rank flowing from each mentee to their mentors.

    Like citations in a genealogy: a mentor ranks high when many mentees point
    at them, and higher when those mentees are in turn mentors of many.
    Teachers with no mentor spread their rank evenly (networkx's convention
    for dangling nodes). Computed by power iteration with numpy, so it needs
    no scipy; scores sum to 1.

    Examples:
        >>> from talentgraph.analysis.examples import star
        >>> pr = pagerank(star("M", "A", "B", "C"), dt.date(2026, 1, 1))
        >>> round(pr["M"] * 131, 6), round(pr["A"] * 131, 6)     # 71/131 and 20/131
        (71.0, 20.0)
    """
    m = mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m
    ids = sorted(m.nodes)
    n = len(ids)
    if n == 0:
        return {}
    index = {t: i for i, t in enumerate(ids)}
    mentee = np.array([index[b] for _, b in m.edges], dtype=np.int64)
    mentor = np.array([index[a] for a, _ in m.edges], dtype=np.int64)
    out_degree = np.bincount(mentee, minlength=n).astype(float)  # edges mentee -> mentor
    dangling = out_degree == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(mentor, weights=rank[mentee] / out_degree[mentee], minlength=n)
        new = alpha * (flow + rank[dangling].sum() / n) + (1.0 - alpha) / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return _ranked(dict(zip(ids, rank.tolist(), strict=True)))


@dataclass(frozen=True)
class Betweenness:
    """Normalised directed betweenness of teachers, exact or estimated with a stated error bound.

    ``scores`` are highest first. For an estimate, every score is within
    ``epsilon`` of the exact one, for all teachers at once, with probability
    at least ``1 - delta`` (Hoeffding's inequality and a union bound over the
    teachers, for ``pivots`` sources drawn uniformly with replacement); a
    score below ``epsilon`` cannot be told from zero, and two scores closer
    than ``2 * epsilon`` cannot be ranked. Exact scores have ``epsilon == 0``.
    """

    scores: dict[str, float]
    method: str  # "exact" or "estimate"
    pivots: int  # sources whose shortest paths were followed (exact: every teacher with a mentee)
    epsilon: float
    delta: float
    reachable_pairs: float  # (estimated) ordered pairs (s, t) with a mentorship path s ->..-> t

    def top(self, k: int) -> list[str]:
        return list(self.scores)[:k]


def betweenness(g: nx.MultiDiGraph, as_of: dt.date, *, method: str = "auto",
                exact_up_to: float = EXACT_UP_TO_PAIRS, epsilon: float = 0.005, delta: float = 0.05,
                seed: int = 0, m: nx.DiGraph | None = None) -> Betweenness:
    """Directed betweenness of teachers on mentor -> mentee chains, normalised by (n-1)(n-2).

    A teacher scores high when many lineages pass through them: brokers
    between generations. Brandes' algorithm runs from each source over only
    what that source reaches, so the cost is the number of (source,
    reachable teacher) pairs and the mentorships among them, not teachers
    squared. ``method="auto"`` computes exactly when a
    sample of 64 seeded sources puts that number at or under ``exact_up_to``
    (measured: docs/performance.md; every generated region up to a million
    teachers is far below it) and estimates above it; ``"exact"`` and
    ``"estimate"`` force one. The estimate follows enough seeded pivots for
    the stated (``epsilon``, ``delta``) bound, or computes exactly if that
    would take as many pivots as there are teachers.

    ``m``: the mentorship graph, if already built (``mentorship_graph(g,
    as_of, MENTORING_KINDS)``); by default it is built with the research
    definition of mentoring (subject and studio).

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> b = betweenness(chain("A", "B", "C"), dt.date(2026, 1, 1))
        >>> b.scores, b.method
        ({'B': 0.5, 'A': 0.0, 'C': 0.0}, 'exact')
    """
    if method not in ("auto", "exact", "estimate"):
        raise ValueError(f"method must be 'auto', 'exact' or 'estimate', got {method!r}")
    m = mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m
    n = m.number_of_nodes()
    pairs = _reachable_pairs(m, seed)
    pivots = _pivots_for(n, epsilon, delta)
    estimate = method == "estimate" or (method == "auto" and pairs > exact_up_to)
    if not estimate or pivots >= n:
        sources = [s for s in m if m._succ[s]]
        raw = _brandes(m, sources)
        return Betweenness(_normalised(raw, n, 1.0), "exact", len(sources), 0.0, 0.0, pairs)
    rng = random.Random(seed)
    nodes = list(m)
    drawn = [nodes[rng.randrange(n)] for _ in range(pivots)]
    raw = _brandes(m, drawn)
    return Betweenness(_normalised(raw, n, n / pivots), "estimate", pivots, epsilon, delta, pairs)


def pivots_for_bound(n: int, epsilon: float, delta: float) -> int:
    """Pivots that bound every normalised score's error by ``epsilon`` with probability ``1 - delta``.

    Each pivot s gives the unbiased term n * delta_s(v) / ((n-1)(n-2)) in
    [0, n/(n-1)]; Hoeffding and a union bound over the n teachers need
    k >= (n/(n-1))^2 ln(2n/delta) / (2 epsilon^2).

    Examples:
        >>> pivots_for_bound(50_000, 0.01, 0.05)
        72547
    """
    return _pivots_for(n, epsilon, delta)


def _pivots_for(n: int, epsilon: float, delta: float) -> int:
    if not (epsilon > 0 and 0 < delta < 1):
        raise ValueError("epsilon must be positive and delta in (0, 1)")
    if n < 3:
        return n
    span = n / (n - 1)
    return math.ceil(span * span * math.log(2 * n / delta) / (2 * epsilon * epsilon))


def _reachable_pairs(m: nx.DiGraph, seed: int, probes: int = 64) -> float:
    """n times the mean number of teachers reachable from a seeded sample of sources."""
    n = m.number_of_nodes()
    if n == 0:
        return 0.0
    nodes = list(m)
    rng = random.Random(seed)
    sample = nodes if n <= probes else [nodes[rng.randrange(n)] for _ in range(probes)]
    return float(n * sum(len(nx.descendants(m, s)) for s in sample) / len(sample))


def _brandes(m: nx.DiGraph, sources: list[str]) -> dict[str, float]:
    """Sum over ``sources`` (with repeats) of each teacher's pair dependency, unnormalised.

    Brandes (2001) for unweighted graphs: a breadth-first search from the
    source counts shortest paths, then dependencies accumulate back in
    reverse order. Written here rather than calling networkx, whose kernel
    sets up its per-source state for every node of the graph: on a
    mentorship network, where a source reaches a handful of teachers, that
    is teachers-squared work (a 4,201-teacher county: 51 s against 2 s). The
    tests check it against ``nx.betweenness_centrality``.
    """
    total = dict.fromkeys(m, 0.0)
    succ = m._succ
    for s in sources:
        if not succ[s]:
            continue  # no mentee: no path starts here
        order: list[str] = []
        preds: dict[str, list[str]] = {s: []}
        sigma, dist = {s: 1.0}, {s: 0}
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            step, paths = dist[v] + 1, sigma[v]
            for w in succ[v]:
                if w not in dist:
                    dist[w], sigma[w], preds[w] = step, 0.0, []
                    queue.append(w)
                if dist[w] == step:
                    sigma[w] += paths
                    preds[w].append(v)
        dependency = dict.fromkeys(order, 0.0)
        for w in reversed(order):
            share = (1.0 + dependency[w]) / sigma[w]
            for v in preds[w]:
                dependency[v] += sigma[v] * share
            if w != s:
                total[w] += dependency[w]
    return total


def _normalised(raw: dict[str, float], n: int, scale: float) -> dict[str, float]:
    norm = scale / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return _ranked({str(t): float(v) * norm for t, v in raw.items()})


def top_k_stability(g: nx.MultiDiGraph, as_of: dt.date, *, k: int = 10, seeds: tuple[int, ...] = (0, 1, 2),
                    m: nx.DiGraph | None = None, **options: Any) -> dict[str, Any]:
    """How far the top ``k`` brokers agree across ``seeds``: the share of names all runs put in it.

    Returns ``{"tops": {seed: [ids]}, "shared": [ids in every top k], "agreement": len(shared)/k,
    "method": ...}``; exact runs agree fully. ``options`` go to ``betweenness``.

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> top_k_stability(chain("A", "B", "C", "D"), dt.date(2026, 1, 1), k=2)["agreement"]
        1.0
    """
    m = mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m
    runs = {s: betweenness(g, as_of, seed=s, m=m, **options) for s in seeds}
    tops = {s: r.top(k) for s, r in runs.items()}
    shared = sorted(set.intersection(*(set(t) for t in tops.values()))) if tops else []
    return {"tops": tops, "shared": shared, "agreement": len(shared) / k if k else 1.0,
            "method": sorted({r.method for r in runs.values()})}


def _ranked(scores: dict[str, float]) -> dict[str, float]:
    """Highest score first, ties by teacher id."""
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))
