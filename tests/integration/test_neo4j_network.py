"""Lineage and studio reach through the Neo4j store, on hand-drawn regions with exact answers
(semantics: domain/network.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from talentgraph.domain.network import Relative
from talentgraph.errors import NotFound
from talentgraph.store.neo4j_store import Neo4jStore
from tests.factories import AS_OF, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region

pytestmark = pytest.mark.integration


def rel(*pairs: tuple[str, int]) -> list[Relative]:
    return [Relative(teacher_id=t, generation=g) for t, g in pairs]


def genealogy() -> Region:
    """T1 -> T2 -> T3 -> T4 (mentor -> mentee); T5 also mentored T2 (ended long ago, still
    counts); T3 mentored T1 later (a cycle); T2 -> T6 starts after AS_OF (does not count yet)."""
    region = Region()
    for t in ("T1", "T2", "T3", "T4", "T5", "T6"):
        region.teacher(t)
    return (region.mentorship("T1", "T2", "2015-09-01", "2016-07-01")
            .mentorship("T5", "T2", "2014-09-01", "2015-07-01")
            .mentorship("T2", "T3", "2018-09-01")
            .mentorship("T3", "T4", "2022-09-01")
            .mentorship("T3", "T1", "2023-09-01", "2024-07-01")
            .mentorship("T2", "T6", "2026-11-23"))


def test_lineage_walks_generations_both_ways(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(genealogy().roster())
    found = neo4j_store.lineage("T2", AS_OF, depth=2)
    assert found.ancestors == rel(("T1", 1), ("T5", 1), ("T3", 2))
    assert found.descendants == rel(("T3", 1), ("T1", 2), ("T4", 2))
    assert found.descendants_per_generation == {1: 1, 2: 2}
    assert found.ancestors_per_generation == {1: 2, 2: 1}


def test_lineage_stops_at_depth_and_never_lists_the_teacher(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(genealogy().roster())
    assert neo4j_store.lineage("T2", AS_OF, depth=1).descendants == rel(("T3", 1))
    # Deep enough to come round the cycle T1 -> T2 -> T3 -> T1: T1 is not its own descendant.
    deep = neo4j_store.lineage("T1", AS_OF, depth=10)
    assert deep.descendants == rel(("T2", 1), ("T3", 2), ("T4", 3))
    assert deep.ancestors == rel(("T3", 1), ("T2", 2), ("T5", 3))


def test_lineage_counts_a_mentorship_from_its_first_day(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(genealogy().roster())
    day = dt.date(2026, 11, 23)
    assert neo4j_store.lineage("T2", day, depth=1).descendants == rel(("T3", 1), ("T6", 1))
    assert neo4j_store.lineage("T2", day - dt.timedelta(days=1), depth=1).descendants == rel(("T3", 1))
    # Before any mentorship started, nobody is related.
    early = neo4j_store.lineage("T2", dt.date(2014, 1, 1), depth=3)
    assert early.ancestors == [] and early.descendants == []


def test_lineage_of_unknown_teacher_is_not_found(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(genealogy().roster())
    with pytest.raises(NotFound, match="no teacher 'T9'"):
        neo4j_store.lineage("T9", AS_OF, depth=2)


def studio_region() -> Region:
    """Studio S1 led by T3 (other county). Members on AS_OF: T2 (rural school) and T5, who
    leaves on AS_OF itself (bounds are inclusive). T1 left before; T7 joins after. Mentees on
    AS_OF: T4 (of the lead) and T8 (of T5); T2's mentorship of T6 ended; the lead mentoring a
    member (T2) does not make T2 a mentee. Links: the rural school (since 2021) counts, the
    other-county school links from after AS_OF."""
    region = Region()
    for t, school in (("T1", SCHOOL), ("T2", RURAL_SCHOOL), ("T3", OTHER_SCHOOL), ("T4", SCHOOL),
                      ("T5", OTHER_SCHOOL), ("T6", SCHOOL), ("T7", SCHOOL), ("T8", OTHER_SCHOOL)):
        region.teacher(t, school=school)
    return (region.studio("S1", "T3", level="city")
            .member("S1", "T2", "2021-01-01")
            .member("S1", "T5", "2022-01-01", "2026-11-22")
            .member("S1", "T1", "2020-03-01", "2022-01-01")
            .member("S1", "T7", "2026-12-01")
            .member("S1", "T3", "2020-01-01")
            .mentorship("T3", "T4", "2025-09-01")
            .mentorship("T5", "T8", "2026-11-22", "2027-07-01")
            .mentorship("T2", "T6", "2022-09-01", "2023-07-01")
            .mentorship("T3", "T2", "2021-09-01")
            .link("S1", RURAL_SCHOOL, "2021-01-01")
            .link("S1", OTHER_SCHOOL, "2027-01-01")
            .studio("S2", "T6"))


def test_studio_reach_on_a_day(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(studio_region().roster())
    reach = neo4j_store.studio_reach("S1", AS_OF)
    assert reach.lead_id == "T3"
    assert reach.members == ["T2", "T5"]
    assert reach.mentees == ["T4", "T8"]
    assert reach.schools == sorted([OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL])
    assert reach.rural_schools == [RURAL_SCHOOL]


def test_studio_reach_of_a_lone_lead_is_the_lead_school(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(studio_region().roster())
    reach = neo4j_store.studio_reach("S2", AS_OF)
    assert (reach.lead_id, reach.members, reach.mentees) == ("T6", [], [])
    assert (reach.schools, reach.rural_schools) == ([SCHOOL], [])


def test_studio_reach_of_unknown_studio_is_not_found(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(studio_region().roster())
    with pytest.raises(NotFound, match="no studio 'S9'"):
        neo4j_store.studio_reach("S9", AS_OF)
