"""graph_of: the property graph of a store, cut to a subtree and to what was known on a date."""

from __future__ import annotations

import pytest

from talentgraph.analysis import graph_of, mentorship_graph, tiers_held
from talentgraph.analysis.graph_build import NETWORK_PARTS, build_graph
from talentgraph.domain.enums import Tier
from talentgraph.errors import NotFound
from tests.factories import AS_OF, CITY, COUNTY, OTHER_COUNTY, OTHER_SCHOOL, SCHOOL, Region, d
from tests.unit.analysis_regions import store_of


@pytest.fixture(scope="module")
def region() -> Region:
    r = Region()
    r.teacher("A", entry="2010-09-01").teacher("B", entry="2018-09-01").teacher("C", entry="2025-09-01")
    r.teacher("O", school=OTHER_SCHOOL, entry="2010-09-01")
    r.title("A", "backbone", "county", "2016-01-01").title("A", "famous", "county", "2024-01-01")
    r.programme("B", "backbone", "county", "pass", enrolled="2022-09-01", completed="2023-07-01")
    r.mentorship("A", "B", "2018-09-01", "2019-07-01").mentorship("O", "A", "2012-09-01")
    r.posting("A", OTHER_SCHOOL, "2015-09-01", "2016-07-01")
    return r


def edges(g, rel):  # type: ignore[no-untyped-def]
    return sorted((a, b) for a, b, e in g.edges(data=True) if e["type"] == rel)


def test_whole_store_today(region: Region) -> None:
    g = graph_of(store_of(region))
    assert edges(g, "MENTORS") == [("Teacher:A", "Teacher:B"), ("Teacher:O", "Teacher:A")]
    assert tiers_held(g, AS_OF) == {"A": Tier.FAMOUS}


def test_as_of_drops_what_had_not_happened_and_blanks_later_ends(region: Region) -> None:
    g = graph_of(store_of(region), as_of=d("2023-01-01"))
    assert "Teacher:C" not in g  # entered in 2025
    assert tiers_held(g, AS_OF) == {"A": Tier.BACKBONE}  # the famous title came in 2024
    (prog,) = [e for _, _, e in g.edges(data=True) if e["type"] == "ENROLLED_IN"]
    assert (prog["completed_on"], prog["result"]) == (None, "in_progress")  # completed in 2023
    g = graph_of(store_of(region), as_of=d("2019-01-01"))
    (m,) = [e for a, _, e in g.edges(data=True) if e["type"] == "MENTORS" and a == "Teacher:A"]
    assert m["end_date"] is None  # ended in 2019-07: ongoing as known then
    assert not any(e["type"] == "ENROLLED_IN" for _, _, e in g.edges(data=True))


def test_subtree_keeps_the_orgs_above_and_drops_edges_leaving_it(region: Region) -> None:
    g = graph_of(store_of(region), org_id=COUNTY)
    orgs = sorted(a["id"] for _, a in g.nodes(data=True) if a["label"] == "Org")
    assert orgs == sorted([CITY, COUNTY, SCHOOL, "C1-K1-S2"])
    assert OTHER_COUNTY not in orgs and "Teacher:O" not in g
    assert edges(g, "MENTORS") == [("Teacher:A", "Teacher:B")]
    assert edges(g, "POSTED_AT") == []  # a posting to the other county's school
    assert all(label is not None for _, label in g.nodes(data="label"))
    assert sorted(mentorship_graph(g, AS_OF).edges) == [("A", "B")]


def test_network_parts_build_only_what_lineage_and_reach_read(region: Region) -> None:
    roster = region.roster()
    g = build_graph(roster, NETWORK_PARTS)
    types = {e["type"] for _, _, e in g.edges(data=True)}
    assert types == {"PART_OF", "WORKS_AT", "NEXT", "MENTORS"}  # no studios in this region
    assert {e["type"] for _, _, e in build_graph(roster).edges(data=True)} > types
    with pytest.raises(ValueError, match="training"):
        build_graph(roster, {"training"})


def test_within_cuts_the_cached_graph_as_graph_of_does(region: Region) -> None:
    from talentgraph.analysis import within

    store = store_of(region)
    view, rebuilt = within(store.graph, COUNTY), graph_of(store, org_id=COUNTY)
    assert sorted(view.nodes) == sorted(rebuilt.nodes)
    assert sorted((a, b, e["type"]) for a, b, e in view.edges(data=True)) == sorted(
        (a, b, e["type"]) for a, b, e in rebuilt.edges(data=True))
    assert tiers_held(view, AS_OF) == tiers_held(rebuilt, AS_OF)
    with pytest.raises(NotFound):
        within(store.graph, "NOPE")
