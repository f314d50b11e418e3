"""Studio reach on a hand-drawn region (tests/unit/analysis_regions.py::studio_region)."""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.access import Role
from talentgraph.analysis import graph_of, reach_over_time, studio_reach, studio_reaches
from talentgraph.domain.network import StudioReach
from talentgraph.errors import NotFound
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from tests.factories import AS_OF, CITY, COUNTY, OTHER_COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, d
from tests.unit.analysis_regions import FAR_SCHOOL, store_of, studio_region


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return store_of(studio_region()).graph


def test_reach_on_the_date(graph) -> None:  # type: ignore[no-untyped-def]
    assert studio_reach(graph, "ST1", AS_OF) == StudioReach(
        studio_id="ST1", as_of=AS_OF, lead_id="L",
        members=["M1", "M2"],  # M2 leaves on AS_OF: still in on her last day; M3 left; M4 not yet
        mentees=["E1"],  # E2's mentorship ended, E3's mentor left, E4's has not begun, M2 is a member
        schools=[SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL],  # the far school's link starts in 2027
        rural_schools=[RURAL_SCHOOL],
    )


def test_the_day_after_a_member_leaves(graph) -> None:  # type: ignore[no-untyped-def]
    r = studio_reach(graph, "ST1", d("2026-11-23"))
    assert r.members == ["M1"]
    assert r.mentees == ["E1", "M2"]  # M1 -> M2 is current and M2 is no longer a member
    assert r.schools == [SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL]


def test_later_dates_bring_new_members_mentees_and_links(graph) -> None:  # type: ignore[no-untyped-def]
    r = studio_reach(graph, "ST1", d("2027-01-01"))
    assert r.members == ["M1", "M4"] and r.mentees == ["E1", "E4", "M2"]
    assert r.schools == [SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL, FAR_SCHOOL]
    assert r.rural_schools == [RURAL_SCHOOL, FAR_SCHOOL]


def test_earlier_dates(graph) -> None:  # type: ignore[no-untyped-def]
    r = studio_reach(graph, "ST1", d("2024-01-01"))
    assert r.members == ["M1", "M2", "M3"]
    assert r.mentees == ["E2"]  # M1 -> E2 was running; M3 -> E3 had not begun
    assert r.schools == [SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL] and r.rural_schools == [RURAL_SCHOOL]
    r = studio_reach(graph, "ST1", d("2024-10-01"))
    assert r.mentees == ["E3"]  # M1 -> E2 ended on 2024-07-01, M3 -> E3 began on 2024-09-01
    assert r.schools == [SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL, FAR_SCHOOL]
    assert r.rural_schools == [RURAL_SCHOOL, FAR_SCHOOL]
    # Before anyone joined and before the link: the lead alone.
    early = studio_reach(graph, "ST1", d("2019-06-01"))
    assert (early.members, early.mentees, early.schools, early.rural_schools) == ([], [], [SCHOOL], [])


def test_unknown_studio(graph) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        studio_reach(graph, "NOPE", AS_OF)
    with pytest.raises(NotFound):  # a teacher id is not a studio
        studio_reach(graph, "L", AS_OF)


def test_a_link_without_a_since_date_counts() -> None:
    region = studio_region()
    region.rows["studio_links"][1]["since"] = None
    r = studio_reach(store_of(region).graph, "ST1", AS_OF)
    assert r.rural_schools == [RURAL_SCHOOL, FAR_SCHOOL]


def test_every_studio_founded_by_the_date() -> None:
    region = studio_region().teacher("L2").studio("ST2", "L2", founded="2026-12-15")
    g = store_of(region).graph
    assert [r.studio_id for r in studio_reaches(g, AS_OF)] == ["ST1"]
    assert studio_reaches(g, d("2027-01-01")) == [studio_reach(g, "ST1", d("2027-01-01")),
                                                  studio_reach(g, "ST2", d("2027-01-01"))]


def test_store_and_services() -> None:
    store = store_of(studio_region())
    expected = studio_reach(store_of(studio_region()).graph, "ST1", AS_OF)
    assert store.studio_reach("ST1", AS_OF) == expected
    network, keys = Services.over(store, policy=load_policy("reference")).network, Scope.everything().keys
    assert network.studio_reach(Scope(Role.PLANNER, CITY, keys), "ST1", AS_OF) == expected
    # Scoped to the lead's county: the reach of the county's own part of the network.
    inside = studio_reach(graph_of(store, org_id=COUNTY), "ST1", AS_OF)
    assert network.studio_reach(Scope(Role.PLANNER, COUNTY, keys), "ST1", AS_OF) == inside
    with pytest.raises(NotFound):  # the lead L teaches in COUNTY, not in the other county
        network.studio_reach(Scope(Role.PLANNER, OTHER_COUNTY, keys), "ST1", AS_OF)
    with pytest.raises(NotFound):
        store.studio_reach("NOPE", AS_OF)


def test_graph_of_as_of_keeps_what_was_known_then() -> None:
    g = graph_of(store_of(studio_region()), as_of=dt.date(2024, 1, 1))
    assert "Teacher:M4" in g  # teachers entered in 2021
    r = studio_reach(g, "ST1", dt.date(2024, 1, 1))
    assert r == studio_reach(store_of(studio_region()).graph, "ST1", dt.date(2024, 1, 1))
    # M3 left in 2025: as known in 2024 she had not left, so a later question still sees her.
    assert studio_reach(g, "ST1", AS_OF).members == ["M1", "M2", "M3"]
    edges = [e for _, _, e in g.edges(data=True) if e["type"] == "MENTORS"]
    assert sorted(str(e["start_date"]) for e in edges) == ["2022-09-01", "2023-09-01"]
    assert all(e["end_date"] is None for e in edges)  # M1 -> E2 ended only in 2024-07


def test_graph_of_a_county_drops_the_other_county() -> None:
    g = graph_of(store_of(studio_region()), org_id=COUNTY)
    assert "Teacher:M2" not in g and "Org:" + OTHER_COUNTY not in g and "Org:" + CITY in g
    r = studio_reach(g, "ST1", AS_OF)
    assert r.members == ["M1"] and r.schools == [SCHOOL, RURAL_SCHOOL]
    with pytest.raises(NotFound):
        graph_of(store_of(studio_region()), org_id="NOPE")


def test_reach_over_time_places_teachers_by_their_postings_on_the_day() -> None:
    # M1 taught at the far rural school until 2021-08-31, then at S1 (today's school);
    # M2 has no postings: today's school stands in, and is counted as such.
    r = studio_region()
    r.posting("M1", FAR_SCHOOL, "2015-09-01", "2021-08-31", kind="regular")
    r.posting("M1", SCHOOL, "2021-09-01", kind="regular")
    r.posting("M3", FAR_SCHOOL, "2021-01-01", "2021-12-31")  # an exchange stint: her own school counts too
    g = store_of(r).graph
    early, late = reach_over_time(g, [d("2021-06-01"), AS_OF])
    # 2021-06-01: L, M1 (not yet a member: joins 2021-03-01 -> a member), M2, M3; no link yet.
    assert early.studios == 1
    assert (early.placed_by_posting, early.placed_by_today) == (1, 3)  # M1 by posting; L, M2, M3 today's
    # S1 (L), the far school (M1's posting, M3's stint), the other county's school (M2), S2 (M3).
    assert (early.schools, early.rural_schools) == (4, 2)
    on_the_day = studio_reach(g, "ST1", AS_OF)
    assert (late.schools, late.rural_schools) == (len(on_the_day.schools), len(on_the_day.rural_schools))
    assert late.placed_by_posting == 1  # M1's current posting


def test_reach_over_time_before_any_studio() -> None:
    (point,) = reach_over_time(store_of(studio_region()).graph, [d("2019-01-01")])
    assert (point.studios, point.schools, point.rural_schools) == (0, 0, 0)
