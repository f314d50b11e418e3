"""Communities of the mentorship network: groups that train one another.

Louvain modularity on the undirected mentorship graph (who trained whom,
direction ignored), seeded so a run is repeatable.
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from talentgraph.analysis.graph import mentorship_graph


def communities(g: nx.MultiDiGraph, as_of: dt.date, *, seed: int = 0, resolution: float = 1.0,
                min_size: int = 2) -> list[list[str]]:
    """Mentorship communities of at least ``min_size`` teachers, largest first.

    Teachers with no mentorship by ``as_of`` form no community. Each
    community is a sorted list of teacher ids; ties in size go by first id.

    Examples:
        >>> from talentgraph.analysis.examples import two_triangles
        >>> communities(two_triangles(), dt.date(2026, 1, 1))
        [['A', 'B', 'C'], ['D', 'E', 'F']]
    """
    m = mentorship_graph(g, as_of).to_undirected()
    m.remove_nodes_from([t for t, degree in m.degree if degree == 0])
    found = nx.community.louvain_communities(m, seed=seed, resolution=resolution)
    groups = [sorted(str(t) for t in c) for c in found if len(c) >= min_size]
    return sorted(groups, key=lambda c: (-len(c), c[0]))
