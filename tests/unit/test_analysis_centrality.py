"""PageRank, betweenness and communities on small graphs with values worked by hand."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from talentgraph.analysis import betweenness, communities, mentorship_graph, pagerank
from talentgraph.analysis.examples import add_mentorship, add_teacher, chain, star, two_triangles

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
    reference = _pagerank_python(mentorship_graph(g, LATER).reverse(), alpha=0.85, tol=1e-13, max_iter=500)
    assert pagerank(g, LATER) == pytest.approx(reference, abs=1e-9)


def test_betweenness_on_a_chain() -> None:
    # Directed A -> B -> C -> D: B lies on A->C and A->D, C on A->D and B->D;
    # normalised by (n-1)(n-2) = 6.
    assert betweenness(chain("A", "B", "C", "D"), LATER) == {
        "B": pytest.approx(2 / 6), "C": pytest.approx(2 / 6), "A": 0.0, "D": 0.0}


def test_betweenness_samples_pivots_above_the_threshold_reproducibly() -> None:
    g = chain(*[f"T{i:02d}" for i in range(30)])
    exact = betweenness(g, LATER)
    assert betweenness(g, LATER, sample_above=10, k=30) == pytest.approx(exact)  # every node a pivot
    sampled = betweenness(g, LATER, sample_above=10, k=5, seed=3)
    assert sampled == betweenness(g, LATER, sample_above=10, k=5, seed=3)
    assert sampled != pytest.approx(exact)  # 5 pivots of 30 only estimate


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
