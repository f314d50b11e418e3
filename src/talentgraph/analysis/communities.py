"""Communities of the mentorship network: Louvain modularity, and the components it cuts up.

Louvain on the undirected mentorship graph (who trained whom, direction
ignored), seeded so a run is repeatable. A mentorship network is close to a
forest of lineage trees, so most of its structure is already in its
connected components; Louvain then splits the large trees into branches.
Read a community as "a branch of lineages", not as a group whose members
train one another: ``components`` says how much of the partition the
components alone explain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from talentgraph.analysis.graph import mentorship_graph
from talentgraph.analysis.mentoring import MENTORING_KINDS


def communities(g: nx.MultiDiGraph, as_of: dt.date, *, seed: int = 0, resolution: float = 1.0,
                min_size: int = 2, m: nx.DiGraph | None = None) -> list[list[str]]:
    """Mentorship communities of at least ``min_size`` teachers, largest first.

    Teachers with no mentorship by ``as_of`` form no community. Each
    community is a sorted list of teacher ids; ties in size go by first id.

    Examples:
        >>> from talentgraph.analysis.examples import two_triangles
        >>> communities(two_triangles(), dt.date(2026, 1, 1))
        [['A', 'B', 'C'], ['D', 'E', 'F']]
    """
    u = (mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m).to_undirected()
    u.remove_nodes_from([t for t, degree in u.degree if degree == 0])
    found = nx.community.louvain_communities(u, seed=seed, resolution=resolution)
    groups = [sorted(str(t) for t in c) for c in found if len(c) >= min_size]
    return sorted(groups, key=lambda c: (-len(c), c[0]))


def components(g: nx.MultiDiGraph, as_of: dt.date, *, m: nx.DiGraph | None = None) -> dict[str, Any]:
    """The mentorship network's shape: connected components (direction ignored) and cycles.

    Returns ``{"teachers", "mentored_or_mentoring", "components", "sizes"
    (largest first, of components with 2+ teachers), "is_forest"}``:
    ``is_forest`` is True when no two teachers are joined by two different
    chains (no cycle, direction ignored).

    Examples:
        >>> from talentgraph.analysis.examples import two_triangles
        >>> components(two_triangles(), dt.date(2026, 1, 1))["sizes"]
        [6]
    """
    u = (mentorship_graph(g, as_of, MENTORING_KINDS) if m is None else m).to_undirected()
    linked = [t for t, degree in u.degree if degree > 0]
    sizes = sorted((len(c) for c in nx.connected_components(u.subgraph(linked))), reverse=True)
    return {"teachers": u.number_of_nodes(), "mentored_or_mentoring": len(linked),
            "components": len(sizes), "sizes": sizes, "is_forest": nx.is_forest(u) if len(u) else True}
