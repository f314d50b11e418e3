"""As of means as of, on both stores: a question about a past date reads the status of that date
(``left_on``), the school of that date (regular postings) and the titles valid then."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import OTHER_COUNTY, OTHER_SCHOOL, SCHOOL, Region
from tests.judging import ELIGIBLE, verdict_for


def leaver() -> Region:
    """T1, a county backbone teacher graded excellent, who left on 2025-06-30."""
    return (Region().teacher("T1", status="left", left_on="2025-06-30")
            .title("T1", "backbone", "county", "2022-06-01").review("T1", 2023, "annual", "excellent")
            .yearly_hours("T1", range(2019, 2026)))


@pytest.mark.parametrize(("as_of", "candidate"), [(dt.date(2025, 3, 1), True),
                                                  (dt.date(2025, 7, 1), False)])
def test_a_leaver_is_judged_while_in_post(as_of: dt.date, candidate: bool) -> None:
    verdict = verdict_for(leaver(), "famous@county", policy="jiangmen", as_of=as_of)
    assert verdict.candidate is candidate
    if candidate:
        assert verdict.verdict is ELIGIBLE
    else:
        assert verdict.note is not None and verdict.note.startswith("left teaching on 2025-06-30")


def test_the_school_and_the_title_of_the_date() -> None:
    """On 2021-06-01 T1 served at 台山第一中学 and held no county title yet; today T1 serves at
    新会第一中学 and holds the county title of 新会区."""
    region = (Region().teacher("T1", entry="2012-09-01").yearly_hours("T1", range(2015, 2026))
              .title("T1", "emerging", "county", "2023-06-01")
              .posting("T1", OTHER_SCHOOL, "2012-09-01", "2022-08-31", kind="regular"))
    then = verdict_for(region, "emerging@city", policy="jiangmen", as_of=dt.date(2021, 6, 1))
    assert then.school_id == OTHER_SCHOOL and "JM-LEVEL" in then.failed_rules
    now = verdict_for(region, "emerging@city", policy="jiangmen")
    assert now.school_id == SCHOOL and now.verdict is ELIGIBLE


def test_the_own_chain_is_the_chain_of_that_date() -> None:
    """JM-LEVEL «原则上市一级培养对象需为县级认定对象» on the candidate's own chain, as of the date:
    a county title of 台山市 counts while T1 served at 台山第一中学 (their county then), and not once
    T1 serves at 新会第一中学 (新会区 is their county now)."""
    region = (Region().teacher("T1", entry="2012-09-01").yearly_hours("T1", range(2015, 2026))
              .title("T1", "emerging", "county", "2021-06-01", org=OTHER_COUNTY)
              .posting("T1", OTHER_SCHOOL, "2012-09-01", "2022-08-31", kind="regular"))
    then = verdict_for(region, "emerging@city", policy="jiangmen", as_of=dt.date(2022, 6, 1))
    assert then.school_id == OTHER_SCHOOL and then.verdict is ELIGIBLE
    now = verdict_for(region, "emerging@city", policy="jiangmen")
    assert now.school_id == SCHOOL and now.failed_rules == ("JM-LEVEL",)
