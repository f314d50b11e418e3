"""Hand-drawn regions shared by the analysis tests (drawn in each test module's docstring)."""

from __future__ import annotations

from talentgraph.store.embedded import EmbeddedStore
from tests.factories import OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region

FAR_SCHOOL = "C1-K2-S2"  # a rural school of the other county


def lineage_region() -> Region:
    """G (other county) -> A -> B -> C -> D -> E, A -> C, and a cycle D -> B.

    A -> B ended in 2016; D -> E starts after AS_OF (2026-11-22).
    """
    r = Region()
    for tid in "ABCDE":
        r.teacher(tid, entry="2005-09-01")
    r.teacher("F", school=RURAL_SCHOOL)
    r.teacher("G", school=OTHER_SCHOOL, entry="1995-09-01")
    r.mentorship("G", "A", "2010-09-01", "2011-07-01")
    r.mentorship("A", "B", "2015-09-01", "2016-07-01")
    r.mentorship("B", "C", "2018-09-01")
    r.mentorship("A", "C", "2019-09-01", kind="subject")
    r.mentorship("C", "D", "2022-09-01")
    r.mentorship("D", "B", "2023-09-01")
    r.mentorship("D", "E", "2026-12-01")
    return r


def studio_region() -> Region:
    """Studio ST1 led by L (school S1).

    Members: L itself (listed), M1 (S1), M2 (other county's school, leaves on
    AS_OF), M3 (rural S2, left 2025), M4 (joins after AS_OF). Mentorships: L -> E1
    (rural S2, current), L -> E4 (starts after AS_OF), M1 -> E2 (ended 2024),
    M1 -> M2 (a member), M3 -> E3 (M3 has left). Links: rural S2 since 2022, the far
    rural school from 2027.
    """
    r = Region().org(FAR_SCHOOL, "school", "far", "C1-K2", rural=True)
    r.teacher("L", entry="1998-09-01")
    r.teacher("M1").teacher("M2", school=OTHER_SCHOOL).teacher("M3", school=RURAL_SCHOOL)
    r.teacher("M4").teacher("E1", school=RURAL_SCHOOL).teacher("E2").teacher("E3", school=FAR_SCHOOL)
    r.teacher("E4", school=FAR_SCHOOL)
    r.studio("ST1", "L")
    r.member("ST1", "L", "2020-01-01")
    r.member("ST1", "M1", "2021-03-01")
    r.member("ST1", "M2", "2021-03-01", "2026-11-22")
    r.member("ST1", "M3", "2021-03-01", "2025-06-30")
    r.member("ST1", "M4", "2026-12-01")
    r.mentorship("L", "E1", "2025-09-01")
    r.mentorship("L", "E4", "2026-12-01")
    r.mentorship("M1", "E2", "2023-09-01", "2024-07-01")
    r.mentorship("M1", "M2", "2022-09-01")
    r.mentorship("M3", "E3", "2024-09-01")
    r.link("ST1", RURAL_SCHOOL, "2022-01-01")
    r.link("ST1", FAR_SCHOOL, "2027-01-01")
    return r


def store_of(region: Region) -> EmbeddedStore:
    return EmbeddedStore(region.roster())


__all__ = ["FAR_SCHOOL", "SCHOOL", "lineage_region", "store_of", "studio_region"]
