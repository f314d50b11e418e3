"""Central mentors: PageRank and betweenness on the mentorship network.

Both read ``mentorship_graph`` (teacher ids, mentor -> mentee, mentorships
begun by the as-of date). Scores are keyed by teacher id, highest first.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np

from talentgraph.analysis.graph import mentorship_graph

SAMPLE_ABOVE = 2_000  # exact betweenness is O(nodes x edges); sample pivots above this size


def pagerank(g: nx.MultiDiGraph, as_of: dt.date, *, alpha: float = 0.85,
             tol: float = 1e-10, max_iter: int = 1000) -> dict[str, float]:
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
    m = mentorship_graph(g, as_of)
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


def betweenness(g: nx.MultiDiGraph, as_of: dt.date, *, sample_above: int = SAMPLE_ABOVE,
                k: int = 500, seed: int = 0) -> dict[str, float]:
    """Directed betweenness of teachers on mentor -> mentee chains (normalised).

    A teacher scores high when many lineages pass through them: brokers
    between generations. Above ``sample_above`` teachers, ``k`` seeded pivots
    estimate it (networkx's ``k``), so large regions take seconds; the same
    seed gives the same scores.

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> betweenness(chain("A", "B", "C"), dt.date(2026, 1, 1))
        {'B': 0.5, 'A': 0.0, 'C': 0.0}
    """
    m = mentorship_graph(g, as_of)
    sample = min(k, m.number_of_nodes()) if m.number_of_nodes() > sample_above else None
    scores = nx.betweenness_centrality(m, k=sample, normalized=True, seed=seed)
    return _ranked({str(t): float(v) for t, v in scores.items()})


def _ranked(scores: dict[str, float]) -> dict[str, float]:
    """Highest score first, ties by teacher id."""
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))
