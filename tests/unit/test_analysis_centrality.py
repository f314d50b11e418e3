"""PageRank, betweenness and communities on small graphs with values worked by hand."""

from __future__ import annotations

import datetime as dt
import math
import random

import networkx as nx
import pytest

from talentgraph.analysis import betweenness, communities, mentorship_graph, pagerank
from talentgraph.analysis.centrality import pivots_for_bound, top_k_stability
from talentgraph.analysis.examples import add_mentorship, add_teacher, chain, star, two_triangles
from talentgraph.analysis.mentoring import MENTORING_KINDS

LATER = dt.date(2026, 1, 1)


def test_pagerank_of_a_star_solved_by_hand() -> None:
    # Mentees A, B, C point at M; M points nowhere (dangling, spread evenly).
    # a = 0.15/4 + 0.85 m/4 and m = 1 - 3a give m = 71/131, a = 20/131.
    pr = pagerank(star("M", "A", "B", "C"), LATER)
    assert list(pr) == ["M", "A", "B", "C"]
    assert pr["M"] == pytest.approx(71 / 131, abs=1e-9)
    assert all(pr[t] == pytest.approx(20 / 131, abs=1e-9) for t in "ABC")


def test_pagerank_of_a_cycle_is_even_and_sums_to_one() -> None:
    g = chain("A", "B", "C")
    add_mentorship(g, "C", "A")
    pr = pagerank(g, LATER)
    assert pr == pytest.approx({"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}, abs=1e-9)
    assert list(pr) == ["A", "B", "C"]  # ties by id


def test_pagerank_counts_only_mentorships_begun_by_the_date() -> None:
    g = star("M", "A")
    add_mentorship(g, "M", "B", start=dt.date(2027, 1, 1))
    # In 2026 B has no mentorship: M and B dangle. a = b = 0.05 + 0.85 (m + b) / 3, m = 1 - 2a:
    # a = 20/77, m = 37/77.
    assert pagerank(g, LATER) == pytest.approx({"M": 37 / 77, "A": 20 / 77, "B": 20 / 77}, abs=1e-9)
    # In 2027 B is M's mentee too: a = 0.05 + 0.85 m / 3, m = 1 - 2a: a = 10/47, m = 27/47.
    assert pagerank(g, dt.date(2027, 6, 1)) == pytest.approx(
        {"M": 27 / 47, "A": 10 / 47, "B": 10 / 47}, abs=1e-9)
    assert pagerank(nx.MultiDiGraph(), LATER) == {}


def test_pagerank_agrees_with_networkx_on_a_larger_graph() -> None:
    # networkx's pure-Python PageRank (its public one needs scipy) on the reversed graph.
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    g = two_triangles()
    add_mentorship(g, "F", "G")
    add_mentorship(g, "G", "A")
    m = mentorship_graph(g, LATER, MENTORING_KINDS)
    reference = _pagerank_python(m.reverse(), alpha=0.85, tol=1e-13, max_iter=500)
    assert pagerank(g, LATER) == pytest.approx(reference, abs=1e-9)


def test_betweenness_on_a_chain() -> None:
    # Directed A -> B -> C -> D: B lies on A->C and A->D, C on A->D and B->D;
    # normalised by (n-1)(n-2) = 6.
    b = betweenness(chain("A", "B", "C", "D"), LATER)
    assert b.scores == {"B": pytest.approx(2 / 6), "C": pytest.approx(2 / 6), "A": 0.0, "D": 0.0}
    assert (b.method, b.epsilon, b.pivots) == ("exact", 0.0, 3)  # A, B and C have mentees


def random_mentorships(n: int, edges: int, seed: int) -> nx.MultiDiGraph:
    """A random directed graph with cycles, repeated pairs and self-mentorships."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        add_teacher(g, f"T{i:03d}")
    for _ in range(edges):
        add_mentorship(g, f"T{rng.randrange(n):03d}", f"T{rng.randrange(n):03d}")
    return g


@pytest.mark.parametrize("n, edges, seed", [(12, 30, 0), (40, 60, 1), (60, 200, 2), (150, 160, 3)])
def test_exact_betweenness_equals_networkx(n: int, edges: int, seed: int) -> None:
    g = random_mentorships(n, edges, seed)
    reference = nx.betweenness_centrality(mentorship_graph(g, LATER), normalized=True)
    mine = betweenness(g, LATER, method="exact").scores
    assert mine.keys() == reference.keys()
    assert max(abs(mine[t] - reference[t]) for t in mine) < 1e-12


def test_estimate_stays_within_its_stated_bound() -> None:
    g = random_mentorships(300, 420, 4)
    exact = betweenness(g, LATER, method="exact").scores
    for seed in (0, 1, 2):
        est = betweenness(g, LATER, method="estimate", epsilon=0.2, delta=0.1, seed=seed)
        assert est.method == "estimate" and est.pivots == pivots_for_bound(300, 0.2, 0.1) < 300
        assert max(abs(est.scores[t] - exact[t]) for t in exact) <= est.epsilon
        assert est == betweenness(g, LATER, method="estimate", epsilon=0.2, delta=0.1, seed=seed)


def test_auto_estimates_only_above_the_measured_threshold() -> None:
    g = random_mentorships(300, 420, 4)
    assert betweenness(g, LATER).method == "exact"
    b = betweenness(g, LATER, exact_up_to=10, epsilon=0.2, delta=0.1)
    assert b.method == "estimate" and b.reachable_pairs > 10
    # A bound that would need as many pivots as teachers is cheaper computed exactly.
    assert betweenness(g, LATER, exact_up_to=10).method == "exact"
    with pytest.raises(ValueError):
        betweenness(g, LATER, method="sampled")


def test_the_pivot_count_is_hoeffding_with_a_union_bound() -> None:
    n, eps, delta = 1000, 0.05, 0.01
    k = pivots_for_bound(n, eps, delta)
    span = n / (n - 1)
    assert 2 * n * math.exp(-2 * k * eps**2 / span**2) <= delta
    assert 2 * n * math.exp(-2 * (k - 1) * eps**2 / span**2) > delta


def test_top_k_stability_across_seeds() -> None:
    g = random_mentorships(300, 420, 4)
    exact = top_k_stability(g, LATER, k=5)
    assert exact["agreement"] == 1.0 and exact["method"] == ["exact"]
    est = top_k_stability(g, LATER, k=5, method="estimate", epsilon=0.2, delta=0.1)
    assert est["method"] == ["estimate"] and set(est["tops"]) == {0, 1, 2}
    assert est["agreement"] == len(est["shared"]) / 5


def test_head_teacher_mentoring_is_not_research_mentoring() -> None:
    g = chain("A", "B")
    add_mentorship(g, "B", "C", kind="head_teacher")
    assert betweenness(g, LATER).scores["B"] == 0.0
    assert sorted(mentorship_graph(g, LATER).edges()) == [("A", "B"), ("B", "C")]
    alone = chain("A", "B")
    add_teacher(alone, "C")
    assert pagerank(g, LATER) == pytest.approx(pagerank(alone, LATER))


def test_communities_of_two_triangles() -> None:
    assert communities(two_triangles(), LATER) == [["A", "B", "C"], ["D", "E", "F"]]


def test_communities_leave_out_the_unmentored_and_the_future() -> None:
    g = two_triangles()
    add_teacher(g, "LONE")
    add_mentorship(g, "X", "Y", start=dt.date(2027, 1, 1))
    assert communities(g, LATER) == [["A", "B", "C"], ["D", "E", "F"]]
    later = communities(g, dt.date(2027, 6, 1))
    assert later == [["A", "B", "C"], ["D", "E", "F"], ["X", "Y"]]
    assert communities(g, dt.date(2027, 6, 1), min_size=3) == later[:2]


def test_same_seed_same_communities() -> None:
    g = nx.MultiDiGraph()
    for i in range(40):
        add_mentorship(g, f"T{i % 7}", f"T{(i * 11) % 37 + 7}")
    assert communities(g, LATER, seed=5) == communities(g, LATER, seed=5)
