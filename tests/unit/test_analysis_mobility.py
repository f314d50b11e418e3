"""Tier mobility: times to a tier, mentoring before it, and survival models peer-checked with lifelines."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from lifelines import CoxTimeVaryingFitter, KaplanMeierFitter
from lifelines.statistics import logrank_test

from talentgraph.analysis import survival, tier_times
from talentgraph.analysis.tables import tier_table
from talentgraph.domain.enums import Tier
from tests.factories import AS_OF, COUNTY, RURAL_SCHOOL, Region, d
from tests.unit.analysis_regions import store_of

UNKNOWN_SCHOOL = "C1-K1-S3"  # rural flag unknown


def years(start: str, end: str | dt.date) -> float:
    end_day = end if isinstance(end, dt.date) else d(end)
    return (end_day - d(start)).days / 365.25


@pytest.fixture(scope="module")
def times():  # type: ignore[no-untyped-def]
    r = Region().org(UNKNOWN_SCHOOL, "school", "x", COUNTY, rural=None)
    r.teacher("A", entry="2010-09-01").title("A", "backbone", "county", "2016-09-01")
    r.teacher("B", entry="2012-09-01", school=RURAL_SCHOOL).title("B", "famous", "county", "2020-09-01")
    r.mentorship("A", "B", "2014-09-01", "2016-07-01", kind="subject")
    r.teacher("C", entry="2015-09-01").mentorship("A", "C", "2015-09-01", "2016-07-01")  # head-teacher
    r.teacher("D", entry="2014-09-01", school=RURAL_SCHOOL).title("D", "backbone", "county", "2027-01-01")
    r.mentorship("B", "D", "2015-09-01", kind="studio")
    r.teacher("E", entry="").teacher("F", entry="2027-09-01")
    r.teacher("G", entry="2011-09-01").title("G", "backbone", "school", "2013-09-01", until="2018-08-31")
    r.mentorship("A", "G", "2014-01-01", kind="subject")  # after G's title: not on the way to it
    r.teacher("H", entry="2011-09-01").title("H", "backbone", "county", "2015-01-01", track="principal")
    r.teacher("I", entry="2016-09-01").title("I", "backbone", "school", "2016-01-01")
    r.teacher("J", entry="2016-09-01", school=UNKNOWN_SCHOOL).title("J", "emerging", "school", "2019-09-01")
    r.mentorship("A", "J", "2030-01-01", kind="subject")  # after AS_OF
    return tier_times(store_of(r).graph, Tier.BACKBONE, AS_OF)


def test_times_to_the_tier_and_censoring(times) -> None:  # type: ignore[no-untyped-def]
    # E (no entry date) and F (enters after AS_OF) are not in the population.
    assert times.teacher_ids == ["A", "B", "C", "D", "G", "H", "I", "J"]
    assert times.years.tolist() == pytest.approx([
        years("2010-09-01", "2016-09-01"),  # A: backbone
        years("2012-09-01", "2020-09-01"),  # B: famous is above backbone
        years("2015-09-01", AS_OF),  # C: censored
        years("2014-09-01", AS_OF),  # D: the title comes after AS_OF
        years("2011-09-01", "2013-09-01"),  # G: first award counts, though lapsed since
        years("2011-09-01", AS_OF),  # H: a principal-track title is not the teaching ladder
        0.0,  # I: awarded before the recorded entry
        years("2016-09-01", AS_OF),  # J: emerging only
    ])
    assert times.reached.tolist() == [True, True, False, False, True, False, True, False]
    assert times.cohort.tolist() == [2010, 2012, 2015, 2014, 2011, 2011, 2016, 2016]


def test_mentored_means_subject_or_studio_mentoring_before_the_tier(times) -> None:  # type: ignore[no-untyped-def]
    # B subject-mentored, D studio-mentored; C's head-teacher mentor (XD-MENTOR) does not count;
    # G's mentoring began after G's title; J's begins after AS_OF.
    mentored = dict(zip(times.teacher_ids, times.mentored.tolist(), strict=True))
    assert mentored == {"A": False, "B": True, "C": False, "D": True, "G": False, "H": False, "I": False,
                        "J": False}
    at = dict(zip(times.teacher_ids, times.mentored_at.tolist(), strict=True))
    assert at["B"] == pytest.approx(years("2012-09-01", "2014-09-01"))
    assert at["D"] == pytest.approx(years("2014-09-01", "2015-09-01"))
    assert [times.mentor_tier[i] for i in (1, 3)] == ["none", "none"]
    assert times.rural.tolist() == [0, 1, 0, 1, 0, 0, 0, -1]


def test_the_mentor_tier_is_the_one_held_when_mentoring_began() -> None:
    r = Region().teacher("M", entry="1995-09-01").title("M", "famous", "city", "2012-01-01")
    r.teacher("X", entry="2010-09-01").mentorship("M", "X", "2011-09-01", kind="subject")
    r.teacher("Y", entry="2012-09-01").mentorship("M", "Y", "2013-09-01", kind="subject")
    t = tier_times(store_of(r).graph, Tier.BACKBONE, AS_OF)
    assert dict(zip(t.teacher_ids, t.mentor_tier, strict=True)) == {"M": "", "X": "none", "Y": "famous"}


# --- survival models, peer-checked against lifelines called directly -------------------------


def hand_table() -> pd.DataFrame:
    """Twelve teachers: years to the tier, reached or censored, mentoring start, rural, stage..."""
    rows = [  # years, reached, mentored_at, mentor_tier, rural, subject, stage, cohort
        (2.0, True, np.nan, None, True, "math", "primary", 2001),
        (4.0, True, 1.0, "backbone", False, "math", "primary", 2003),
        (5.0, False, 2.0, "famous", False, "art", "junior", 2005),
        (6.0, True, 3.5, "backbone", True, "art", "junior", 2010),
        (7.0, True, np.nan, None, False, "math", "junior", 2011),
        (3.5, False, np.nan, None, None, "math", "primary", 2012),
        (8.0, True, 0.0, "famous", True, "art", "primary", 2002),
        (9.0, False, 4.0, "backbone", False, "math", "junior", 2004),
        (4.0, True, np.nan, None, True, "art", "primary", 2008),
        (10.0, True, 6.0, "backbone", False, "math", "junior", 2000),
        (3.0, True, 2.5, "famous", False, "art", "junior", 2006),
        (6.5, False, np.nan, None, True, "math", "primary", 2009),
    ]
    frame = pd.DataFrame(rows, columns=["years", "reached", "mentored_at", "mentor_tier", "rural", "subject",
                                        "stage", "cohort"])
    frame.insert(0, "teacher_id", [f"T{i:02d}" for i in range(len(rows))])
    frame["mentored"] = frame["mentored_at"].notna()
    frame["rural"] = frame["rural"].astype("boolean")
    return frame


def test_landmark_groups_leave_out_who_reached_the_tier_before_it() -> None:
    split = survival.groups(hand_table(), "mentored", landmark=3.0)
    # At risk at year 3 (years > 3): T01, T02, T03, T04, T05, T06, T07, T08, T09, T11.
    # Mentored by year 3: T01 (1.0), T02 (2.0), T06 (0.0); T03 (3.5), T07 (4.0), T09 (6.0) later.
    assert split.left_out == 2 and split.landmark == 3.0
    assert split.durations["mentored by year 3"].tolist() == [1.0, 2.0, 5.0]
    assert split.events["mentored by year 3"].tolist() == [True, False, True]
    assert sorted(split.durations["not mentored by year 3"].tolist()) == [0.5, 1.0, 3.0, 3.5, 4.0, 6.0, 7.0]


def test_kaplan_meier_and_log_rank_equal_lifelines() -> None:
    table = hand_table()
    split = survival.groups(table, "rural")
    assert split.left_out == 1  # T05: unknown rural
    fits = survival.kaplan_meier(split)
    known = table[table["rural"].notna()]
    for flag, name in ((True, "rural school"), (False, "urban school")):
        rows = known[known["rural"] == flag]
        ref = KaplanMeierFitter().fit(rows["years"], rows["reached"])
        for mine, theirs in ((fits[name].survival_function_, ref.survival_function_),
                             (fits[name].confidence_interval_, ref.confidence_interval_)):
            assert mine.shape == theirs.shape
            assert np.abs(mine.to_numpy() - theirs.to_numpy()).max() <= 1e-15
    ref = logrank_test(known[known["rural"] == True]["years"], known[known["rural"] == False]["years"],  # noqa: E712
                       known[known["rural"] == True]["reached"], known[known["rural"] == False]["reached"])  # noqa: E712
    assert survival.logrank(split)["p"] == pytest.approx(ref.p_value, abs=1e-12)
    table_ = survival.medians(fits).set_index("group")
    # Rural: T00, T03, T06, T08 reach at 2, 6, 8, 4; T11 censored at 6.5. S = 4/5 at 2, 3/5 at 4,
    # 2/5 at 6 (the median), 0 at 8.
    assert table_.loc["rural school", "median_years"] == 6.0
    assert table_.loc["rural school", "teachers"] == 5 and table_.loc["rural school", "reached"] == 4
    assert table_.loc["rural school", "reached_by_5"] == pytest.approx(2 / 5)


def test_groups_by_subject_and_cohort_leave_out_unknown_values() -> None:
    table = hand_table()
    table.loc[0, "subject"] = None
    by_subject = survival.groups(table, "subject")
    assert by_subject.left_out == 1
    assert {k: len(v) for k, v in by_subject.durations.items()} == {"art": 5, "math": 6}
    by_cohort = survival.groups(table, "cohort", cohort_years=5)
    assert {k: len(v) for k, v in by_cohort.durations.items()} == {
        "2000-2004": 5, "2005-2009": 4, "2010-2014": 3}
    with pytest.raises(ValueError):
        survival.groups(table, "name")


def test_episodes_split_at_mentoring_on_a_month_grid() -> None:
    long, notes = survival.episodes(hand_table(), min_share=0.0)
    assert notes["unknown_rural"] == 1 and notes["at_tier_on_entry"] == 0
    by_id = {i: rows[["start", "stop", "event", "mentored", "famous_mentor"]].values.tolist()
             for i, rows in long.groupby("id")}
    assert by_id[0] == [[0.0, 2.0, True, 0, 0]]  # never mentored
    assert by_id[1] == [[0.0, 1.0, False, 0, 0], [1.0, 4.0, True, 1, 0]]
    assert by_id[2] == [[0.0, 2.0, False, 0, 0], [2.0, 5.0, False, 1, 1]]  # a famous mentor
    assert by_id[5] == [[0.0, 8.0, True, 1, 1]]  # T06 mentored from entry (T05 left out)


def test_cox_equals_lifelines_on_the_same_episodes() -> None:
    rng = np.random.default_rng(3)
    n = 300
    mentored_at = np.where(rng.random(n) < 0.5, rng.uniform(0, 4, n), np.nan)
    table = pd.DataFrame({
        "teacher_id": [f"T{i}" for i in range(n)], "years": np.round(rng.uniform(0.5, 15, n), 3),
        "reached": rng.random(n) < 0.6, "mentored_at": mentored_at,
        "mentor_tier": np.where(rng.random(n) < 0.3, "famous", "backbone"),
        "rural": pd.array(rng.random(n) < 0.4, dtype="boolean"),
        "subject": rng.choice(["math", "chinese", "art"], n), "stage": rng.choice(["primary", "junior"], n),
        "cohort": rng.integers(1995, 2020, n)})
    fit, notes = survival.cox(table)
    long, _ = survival.episodes(table)
    ref = CoxTimeVaryingFitter().fit(long, id_col="id", event_col="event", start_col="start", stop_col="stop",
                                     strata=["stage"], show_progress=False)
    assert np.abs(fit.params_.to_numpy() - ref.params_.to_numpy()).max() < 1e-12
    hr = survival.hazard_ratios(fit)
    assert list(hr.index[:4]) == ["mentored", "famous_mentor", "rural", "cohort_decades"]
    assert (hr["low"] < hr["hazard_ratio"]).all() and (hr["hazard_ratio"] < hr["high"]).all()
    assert notes["teachers"] == n and notes["events"] == int(table["reached"].sum())


def test_tier_table_from_times(times) -> None:  # type: ignore[no-untyped-def]
    table = tier_table(times)
    assert table["teacher_id"].tolist() == times.teacher_ids
    assert table["rural"].isna().tolist() == [False] * 7 + [True]
    assert table["mentored"].tolist() == times.mentored.tolist()
    hidden = tier_table(times, hide=lambda t: f"P-{t}")
    assert hidden["teacher_id"].tolist() == [f"P-{t}" for t in times.teacher_ids]
