"""Research analytics on the talent graph: pure functions taking a networkx graph first.

Take the store's cached graph (``EmbeddedStore.graph``, built once on first
use) or ``graph_of(store, org_id, as_of)`` for any store, cut it to a county
with ``within`` if needed, then ask it. Nothing here does I/O except the
exports; every function takes the graph first and the as-of date second.

Tidy tables and survival models need pandas and lifelines (the ``notebooks``
extra); they live in ``analysis.tables`` and ``analysis.survival`` and are
imported only when used, so the core install stays lean.
"""

from talentgraph.analysis.centrality import Betweenness, betweenness, pagerank, top_k_stability
from talentgraph.analysis.communities import communities, components
from talentgraph.analysis.export import mentorship_network, studio_network, write_networks
from talentgraph.analysis.graph import graph_of, mentorship_graph, tiers_held
from talentgraph.analysis.homophily import Assortativity, assortativity
from talentgraph.analysis.lineage import descendant_overlap, descendants, famous_descendants, lineage
from talentgraph.analysis.mentoring import MENTORING_KINDS, first_mentoring
from talentgraph.analysis.mobility import TierTimes, tier_times
from talentgraph.analysis.people import teacher_rows
from talentgraph.analysis.reach import ReachOnDay, reach_over_time, studio_reach, studio_reaches
from talentgraph.analysis.subtree import within

__all__ = [
    "MENTORING_KINDS",
    "Assortativity",
    "Betweenness",
    "ReachOnDay",
    "TierTimes",
    "assortativity",
    "betweenness",
    "communities",
    "components",
    "descendant_overlap",
    "descendants",
    "famous_descendants",
    "first_mentoring",
    "graph_of",
    "lineage",
    "mentorship_graph",
    "mentorship_network",
    "pagerank",
    "reach_over_time",
    "studio_network",
    "studio_reach",
    "studio_reaches",
    "teacher_rows",
    "tier_times",
    "tiers_held",
    "top_k_stability",
    "within",
    "write_networks",
]
