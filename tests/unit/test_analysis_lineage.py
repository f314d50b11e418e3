"""Lineage on hand-drawn regions (tests/unit/analysis_regions.py::lineage_region):

    G -> A -> B -> C -> D -> E        A -> B ended 2016; D -> E starts after AS_OF
          \\_________/^    |
           A -> C      \\___/  D -> B closes a cycle B -> C -> D -> B
"""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.access import Role
from talentgraph.analysis import descendants, famous_descendants, graph_of, lineage
from talentgraph.analysis.lineage import Share, descendant_overlap
from talentgraph.domain.network import Lineage
from talentgraph.errors import NotFound
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from tests.factories import AS_OF, COUNTY, OTHER_COUNTY, d
from tests.unit.analysis_regions import lineage_region, store_of


def pairs(rels: list[object]) -> list[tuple[str, int]]:
    return [(r.teacher_id, r.generation) for r in rels]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return store_of(lineage_region()).graph


def test_lineage_follows_both_ways_with_shortest_generations_and_the_cycle(graph) -> None:  # type: ignore[no-untyped-def]
    lin = lineage(graph, "C", AS_OF, depth=2)
    # B and A mentor C directly; G mentors A, D mentors B (the cycle), A reached already.
    assert pairs(lin.ancestors) == [("A", 1), ("B", 1), ("D", 2), ("G", 2)]
    # D is C's mentee; B is D's (cycle); E's mentorship has not started.
    assert pairs(lin.descendants) == [("D", 1), ("B", 2)]
    assert lin.ancestors_per_generation == {1: 2, 2: 2}
    assert lin.descendants_per_generation == {1: 1, 2: 1}


def test_a_shortcut_gives_the_shorter_generation(graph) -> None:  # type: ignore[no-untyped-def]
    # C is A's mentee directly (A -> C) and through B: generation 1, listed once.
    assert pairs(lineage(graph, "A", AS_OF, depth=5).descendants) == [("B", 1), ("C", 1), ("D", 2)]


def test_depth_limits_the_generations(graph) -> None:  # type: ignore[no-untyped-def]
    assert pairs(lineage(graph, "A", AS_OF, depth=1).descendants) == [("B", 1), ("C", 1)]
    assert pairs(lineage(graph, "D", AS_OF, depth=1).ancestors) == [("C", 1)]
    assert pairs(lineage(graph, "D", AS_OF, depth=3).ancestors) == [("C", 1), ("A", 2), ("B", 2), ("G", 3)]


def test_the_teacher_is_never_their_own_relative_in_a_cycle(graph) -> None:  # type: ignore[no-untyped-def]
    lin = lineage(graph, "B", AS_OF, depth=10)
    assert "B" not in {r.teacher_id for r in lin.ancestors + lin.descendants}
    assert pairs(lin.descendants) == [("C", 1), ("D", 2)]
    assert pairs(lin.ancestors) == [("A", 1), ("D", 1), ("C", 2), ("G", 2)]


def test_mentorships_count_from_their_start_ended_or_not(graph) -> None:  # type: ignore[no-untyped-def]
    # On 2017-01-01 only G -> A and A -> B (both ended by then) had begun.
    lin = lineage(graph, "A", dt.date(2017, 1, 1), depth=3)
    assert pairs(lin.descendants) == [("B", 1)] and pairs(lin.ancestors) == [("G", 1)]
    # The day before a start it does not count; on the day it does.
    assert pairs(lineage(graph, "D", d("2026-11-30"), 1).descendants) == [("B", 1)]
    assert pairs(lineage(graph, "D", d("2026-12-01"), 1).descendants) == [("B", 1), ("E", 1)]
    assert lineage(graph, "A", d("2015-08-31"), 1).descendants == []


def test_a_teacher_without_mentorships_has_empty_lists(graph) -> None:  # type: ignore[no-untyped-def]
    lin = lineage(graph, "F", AS_OF, depth=3)
    assert lin == Lineage(teacher_id="F", as_of=AS_OF, depth=3, ancestors=[], descendants=[])


def test_unknown_teacher_and_bad_depth(graph) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        lineage(graph, "NOPE", AS_OF, 2)
    with pytest.raises(NotFound):  # an org id is a node, but not a teacher
        lineage(graph, COUNTY, AS_OF, 2)
    with pytest.raises(ValueError):
        lineage(graph, "A", AS_OF, 0)


def test_descendants_without_depth_follow_every_generation(graph) -> None:  # type: ignore[no-untyped-def]
    assert pairs(descendants(graph, "G", AS_OF)) == [("A", 1), ("B", 2), ("C", 2), ("D", 3)]
    assert pairs(descendants(graph, "G", AS_OF, depth=2)) == [("A", 1), ("B", 2), ("C", 2)]


def test_store_and_services_answer_with_the_graph_function() -> None:
    store = store_of(lineage_region())
    expected = lineage(store.graph, "C", AS_OF, 3)
    fresh = store_of(lineage_region())  # answers from the lighter network graph
    assert fresh.lineage("C", AS_OF, 3) == expected
    network = Services.over(fresh, policy=load_policy("reference")).network
    assert network.lineage(Scope.everything(), "C", AS_OF, 3) == expected
    # Scoped to C's county: the lineage of the county's own part of the network, as graph_of cuts
    # it (G, in the other county, is not listed, nor anyone reached only through G).
    county = Scope(Role.PLANNER, COUNTY, Scope.everything().keys)
    inside = lineage(graph_of(fresh, org_id=COUNTY), "C", AS_OF, 3)
    assert network.lineage(county, "C", AS_OF, 3) == inside != expected
    with pytest.raises(NotFound):
        network.lineage(county, "G", AS_OF, 3)
    with pytest.raises(NotFound):
        network.lineage(Scope(Role.PLANNER, OTHER_COUNTY, county.keys), "C", AS_OF, 3)
    with pytest.raises(NotFound):
        fresh.lineage("NOPE", AS_OF, 3)


def test_graph_of_a_subtree_drops_relatives_outside() -> None:
    g = graph_of(store_of(lineage_region()), org_id=COUNTY)
    assert pairs(lineage(g, "C", AS_OF, 2).ancestors) == [("A", 1), ("B", 1), ("D", 2)]
    with pytest.raises(NotFound):
        lineage(g, "G", AS_OF, 2)


def test_famous_descendants_count_by_tier_held_on_the_date() -> None:
    r = lineage_region()
    r.title("G", "famous", "city", "2015-01-01")
    r.title("A", "famous", "county", "2018-01-01", until="2023-12-31")  # lapsed by AS_OF
    r.title("B", "backbone", "county", "2020-01-01")
    r.title("C", "emerging", "school", "2021-01-01")
    r.title("C", "backbone", "school", "2027-01-01")  # after AS_OF: not held
    g = store_of(r).graph
    # Every mentorship kind: G's descendants: A (lapsed famous: holds nothing), B backbone,
    # C emerging, D none.
    assert famous_descendants(g, AS_OF, kinds=None) == {"G": {"backbone": 1, "emerging": 1, "none": 2}}
    assert famous_descendants(g, AS_OF, depth=1, kinds=None) == {"G": {"none": 1}}
    assert famous_descendants(g, d("2020-06-01"), kinds=None) == {
        "A": {"backbone": 1, "none": 1},  # on 2020-06-01 A's descendants were B and C
        "G": {"famous": 1, "backbone": 1, "none": 1},
    }


def test_famous_descendants_follow_research_mentoring_by_default() -> None:
    # Only A -> C is subject mentoring; the rest is head-teacher induction (XD-MENTOR).
    r = lineage_region()
    r.title("G", "famous", "city", "2015-01-01").title("A", "famous", "county", "2018-01-01")
    g = store_of(r).graph
    assert famous_descendants(g, AS_OF) == {"A": {"none": 1}, "G": {}}


def test_descendant_overlap_counts_each_teacher_once() -> None:
    # Every kind: A -> B, A -> C, B -> C, C -> D, D -> B; G -> A. Roots G and C:
    # G reaches A, B, C, D; C reaches D, B. Shared: B and D; C is itself under G.
    g = store_of(lineage_region()).graph
    o = descendant_overlap(g, AS_OF, ["G", "C"], kinds=None)
    assert o.per_root == {"C": Share(2, 0, 2), "G": Share(4, 2, 2)}
    assert (o.distinct, o.counted, o.nested) == (4, 6, [("G", "C")])
    assert o.by_tier == {"none": 4}
    assert sum(o.by_tier.values()) == o.distinct
