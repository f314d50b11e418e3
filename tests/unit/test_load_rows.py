"""A load hands the rows its reference checks found to the fact index (Roster.rows): the facts
built from them are the facts built by looking every id up again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.eligibility.facts import Facts, Keyed
from talentgraph.roster import Roster
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.synth import generate_region

AS_OF = dt.date(2026, 9, 1)
EVENTS = ("titles", "programmes", "training", "reviews", "mentors", "memberships", "postings")


def _same_keyed(a: Keyed, b: Keyed) -> None:
    assert np.array_equal(a.teacher, b.teacher) and np.array_equal(a.offsets, b.offsets)
    assert a.cols.keys() == b.cols.keys()
    for name in a.cols:
        assert np.array_equal(a.cols[name], b.cols[name]), name


def _same_facts(a: Facts, b: Facts) -> None:
    for name in EVENTS:
        _same_keyed(getattr(a, name), getattr(b, name))
    assert np.array_equal(a.school, b.school) and np.array_equal(a.orgs.parent, b.orgs.parent)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("region") / "bundle"
    write_bundle(generate_region(300, seed=11, as_of=AS_OF), folder)
    return folder


def test_the_fact_index_of_a_load_is_the_one_looked_up_afresh(bundle: Path) -> None:
    loaded = load_bundle(bundle, today=AS_OF)
    assert ("training", "teacher_id") in loaded.rows and ("orgs", "parent_id") in loaded.rows
    afresh = Roster(dict(loaded.tables), loaded.present)
    assert not afresh.rows
    _same_facts(facts_from_roster(loaded), facts_from_roster(afresh))


def test_the_rows_a_load_found_are_read_only(bundle: Path) -> None:
    loaded = load_bundle(bundle, today=AS_OF)
    rows = loaded.rows[("reviews", "teacher_id")]
    with pytest.raises(ValueError):
        rows[0] = 0
    facts_from_roster(loaded)  # and the facts built from them do not write into them
    assert np.array_equal(rows, load_bundle(bundle, today=AS_OF).rows[("reviews", "teacher_id")])
