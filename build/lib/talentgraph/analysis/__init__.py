"""Research analytics on the talent graph: pure functions taking a networkx graph first.

Get a graph with ``graph_of(store, org_id, as_of)`` (any store), then ask it.
Nothing here does I/O; every function takes the graph first and the as-of
date second, and returns plain values or the models of domain/network.py.
"""

from talentgraph.analysis.centrality import betweenness, pagerank
from talentgraph.analysis.communities import communities
from talentgraph.analysis.graph import graph_of, mentorship_graph, tiers_held
from talentgraph.analysis.lineage import descendants, famous_descendants, lineage
from talentgraph.analysis.mobility import SurvivalCurve, TierTimes, kaplan_meier, tier_mobility, tier_times
from talentgraph.analysis.reach import studio_reach, studio_reaches

__all__ = [
    "SurvivalCurve",
    "TierTimes",
    "betweenness",
    "communities",
    "descendants",
    "famous_descendants",
    "graph_of",
    "kaplan_meier",
    "lineage",
    "mentorship_graph",
    "pagerank",
    "studio_reach",
    "studio_reaches",
    "tier_mobility",
    "tier_times",
    "tiers_held",
]
