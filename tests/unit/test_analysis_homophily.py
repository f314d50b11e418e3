"""Assortativity by rural/urban, subject, stage, county and tier, peer-checked against networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from talentgraph.analysis import MENTORING_KINDS, assortativity, mentorship_graph, teacher_rows
from talentgraph.analysis.homophily import ATTRIBUTES
from tests.factories import AS_OF, COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.unit.analysis_regions import store_of

SCHOOLS = (SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL, "C1-K1-S3")


@pytest.fixture(scope="module")
def region():  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    r = Region().org("C1-K1-S3", "school", "x", COUNTY, rural=None)
    for i in range(60):
        r.teacher(f"T{i:02d}", entry="2000-09-01", school=SCHOOLS[i % 4], subject=rng.choice(["math", "art"]),
                  stage=rng.choice(["primary", "junior", "senior"]))
        if i % 5 == 0:
            r.title(f"T{i:02d}", rng.choice(["emerging", "backbone", "famous"]), "county", "2015-01-01")
    for _ in range(120):
        a, b = rng.sample(range(60), 2)
        kind = rng.choice(["subject", "studio", "head_teacher"])
        r.mentorship(f"T{a:02d}", f"T{b:02d}", "2016-09-01", kind=kind)
    return r


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_equals_networkx(region, attribute: str) -> None:  # type: ignore[no-untyped-def]
    g = store_of(region).graph
    m = mentorship_graph(g, AS_OF, MENTORING_KINDS)
    column = {"county": "county_id"}.get(attribute, attribute)
    for row in teacher_rows(g, AS_OF):
        if row[column] is not None:
            m.nodes[row["teacher_id"]]["x"] = row[column]
    unknown = [t for t in m if "x" not in m.nodes[t]]
    known = m.subgraph(set(m) - set(unknown))
    mine = assortativity(g, AS_OF, attribute, resamples=200)
    assert mine.r == pytest.approx(nx.attribute_assortativity_coefficient(known, "x"), abs=1e-12)
    assert mine.mentorships == known.number_of_edges()
    assert mine.left_out == m.number_of_edges() - known.number_of_edges()
    assert sum(mine.mixing.values()) == mine.mentorships
    assert mine.low <= mine.r <= mine.high and mine.level == 0.95


def test_rural_flag_unknown_is_left_out(region) -> None:  # type: ignore[no-untyped-def]
    a = assortativity(store_of(region).graph, AS_OF, "rural", resamples=50)
    assert a.left_out > 0 and {k for pair in a.mixing for k in pair} == {"False", "True"}


def test_same_seed_same_interval_and_bad_attribute(region) -> None:  # type: ignore[no-untyped-def]
    g = store_of(region).graph
    assert assortativity(g, AS_OF, "subject", seed=4) == assortativity(g, AS_OF, "subject", seed=4)
    with pytest.raises(ValueError):
        assortativity(g, AS_OF, "name")


def test_one_category_only_is_undefined() -> None:
    r = Region().teacher("A").teacher("B").mentorship("A", "B", "2020-09-01", kind="subject")
    a = assortativity(store_of(r).graph, AS_OF, "subject")
    assert a.r != a.r and a.mentorships == 1  # nan: every mentorship within "math"
