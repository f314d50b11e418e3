"""Tidy tables of a region as of a date: rows, types, and pseudonyms equal to the API's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from talentgraph.analysis.pseudonyms import researcher_pseudonyms
from talentgraph.analysis.tables import region_tables
from talentgraph.keys import Keys
from tests.factories import AS_OF, RURAL_SCHOOL, SCHOOL, Region, d
from tests.unit.analysis_regions import store_of


def region() -> Region:
    r = Region().teacher("A", entry="2010-09-01").teacher("B", entry="2018-09-01", school=RURAL_SCHOOL)
    r.teacher("C", entry="2027-01-01")  # enters after AS_OF
    r.title("A", "backbone", "county", "2016-01-01").title("A", "famous", "county", "2026-12-01")
    r.mentorship("A", "B", "2019-09-01", "2026-12-31", kind="subject").mentorship("A", "C", "2027-02-01")
    r.studio("ST1", "A").member("ST1", "B", "2020-01-01", "2027-06-30")
    return r


def test_rows_as_known_on_the_date() -> None:
    t = region_tables(store_of(region()).graph, AS_OF)
    assert t.teachers["teacher_id"].tolist() == ["A", "B"]
    assert t.teachers.set_index("teacher_id").loc["B", "rural"] == True  # noqa: E712
    assert t.teachers.set_index("teacher_id").loc["A", "tier"] == "backbone"  # famous comes later
    assert t.titles[["teacher_id", "tier"]].values.tolist() == [["A", "backbone"]]
    (row,) = t.mentorships.to_dict("records")  # A -> C: C had not entered
    assert (row["mentor_id"], row["mentee_id"]) == ("A", "B")
    assert row["research_mentoring"] is True and row["ongoing"] is True
    assert pd.isna(row["end_date"])  # ends after AS_OF: blank, as known then
    assert t.studio_members.to_dict("records")[0]["current"] is True
    assert t.studios["lead_id"].tolist() == ["A"]


def test_column_types_are_nullable_not_object() -> None:
    t = region_tables(store_of(region()).graph, AS_OF)
    assert str(t.teachers["rural"].dtype) == "boolean" and str(t.teachers["cohort"].dtype) == "Int64"
    assert str(t.mentorships["start_date"].dtype).startswith("datetime64")
    for frame in (t.teachers, t.titles, t.mentorships, t.studios, t.studio_members):
        assert not any(dtype == "object" for dtype in frame.dtypes.astype(str))


def test_pseudonyms_are_the_api_researcher_ones(tmp_path: Path) -> None:
    api = Keys.of_home(tmp_path).pseudonyms  # the key the API server would use
    t = region_tables(store_of(region()).graph, AS_OF, researcher_pseudonyms(tmp_path))
    assert sorted(t.teachers["teacher_id"]) == sorted([api.hide("A"), api.hide("B")])
    assert t.mentorships[["mentor_id", "mentee_id"]].values.tolist() == [[api.hide("A"), api.hide("B")]]
    assert t.studios["lead_id"].tolist() == [api.hide("A")]
    assert {api.reveal(p) for p in t.teachers["teacher_id"]} == {"A", "B"}


def test_an_earlier_date() -> None:
    t = region_tables(store_of(region()).graph, d("2015-06-01"))
    assert t.teachers["teacher_id"].tolist() == ["A"] and t.titles.empty and t.mentorships.empty
    assert t.as_of == dt.date(2015, 6, 1)
    assert SCHOOL in t.teachers["school_id"].tolist()


def test_the_core_analysis_needs_neither_pandas_nor_lifelines() -> None:
    # A plain `pip install -e .` has neither: only analysis.tables and analysis.survival may need them.
    import subprocess
    import sys

    code = """
import sys, importlib.abc, datetime as dt
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in ("pandas", "lifelines"):
            raise ModuleNotFoundError(name)
sys.meta_path.insert(0, Block())
from talentgraph import analysis
from talentgraph.analysis.examples import chain
print(analysis.betweenness(chain("A", "B", "C"), dt.date(2026, 1, 1)).scores["B"])
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0.5"
