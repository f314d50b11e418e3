"""The schema page and the schema in code say the same thing; the embedded graph follows it."""

from __future__ import annotations

import re
from pathlib import Path

from talentgraph.domain.graph_schema import ROUND_SHAPES, SHAPES, Label, Rel, node_key
from talentgraph.store.embedded import EmbeddedStore
from tests.factories import COUNTY, RURAL_SCHOOL, SCHOOL, Region

DOC = Path(__file__).parents[2] / "docs" / "graph-schema.md"


def test_every_relationship_in_code_is_drawn_and_tabled_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for shape in SHAPES:
        assert f"{shape.start.value} -- {shape.rel.value} --> {shape.end.value}" in text
        assert re.search(rf"\| `{shape.rel.value}` \|", text), shape.rel


def test_every_label_in_code_is_tabled_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for label in Label:
        assert f"| `{label.value}` |" in text


def test_doc_names_no_relationship_the_code_lacks() -> None:
    text = DOC.read_text(encoding="utf-8")
    drawn = set(re.findall(r"-- ([A-Z_]+) -->", text))
    assert drawn == {r.value for r in Rel}


def small_region() -> Region:
    return (
        Region()
        .teacher("T1", entry="2005-09-01")
        .teacher("T2", entry="2020-09-01")
        .teacher("T3", entry="2023-09-01", school=RURAL_SCHOOL)
        .title("T1", "famous", "county", "2020-01-01")
        .title("T1", "backbone", "county", "2015-01-01")
        .mentorship("T1", "T2", "2020-09-01", kind="subject")
        .mentorship("T2", "T3", "2023-09-01")
        .programme("T2", "emerging", "county", "pass")
        .studio("S1", "T1")
        .member("S1", "T2", "2021-01-01")
        .link("S1", RURAL_SCHOOL, "2021-01-01")
        .posting("T2", RURAL_SCHOOL, "2022-09-01", "2023-07-01")
    )


def test_embedded_graph_has_the_schema_shapes_and_only_those() -> None:
    g = EmbeddedStore(small_region().roster()).graph
    allowed = {(s.start.value, s.rel.value, s.end.value) for s in SHAPES}
    seen = {(g.nodes[u]["label"], d["type"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)}
    assert seen <= allowed
    # Everything but the columnar event records and the rounds (tables there) appears in this region.
    rounds = {(s.start.value, s.rel.value, s.end.value) for s in ROUND_SHAPES}
    expected = {s for s in allowed - rounds if s[1] not in {Rel.TRAINED.value, Rel.REVIEWED.value}}
    assert seen == expected


def test_embedded_graph_answers_traversals_with_exact_values() -> None:
    g = EmbeddedStore(small_region().roster()).graph
    t1 = node_key(Label.TEACHER, "T1")
    holds = sorted((d["tier"], d["level"]) for _, _, d in g.out_edges(t1, data=True) if d["type"] == "HOLDS")
    assert holds == [("backbone", "county"), ("famous", "county")]
    mentees = [v for _, v, d in g.out_edges(t1, data=True) if d["type"] == "MENTORS"]
    assert mentees == [node_key(Label.TEACHER, "T2")]
    ladder = [v for _, v, d in g.out_edges(node_key(Label.TIER, "backbone"), data=True)
              if d["type"] == "NEXT"]
    assert ladder == [node_key(Label.TIER, "famous")]
    school_parent = [v for _, v, d in g.out_edges(node_key(Label.ORG, SCHOOL), data=True)]
    assert school_parent == [node_key(Label.ORG, COUNTY)]
    supported = [v for _, v, d in g.out_edges(node_key(Label.STUDIO, "S1"), data=True)
                 if d["type"] == "SUPPORTS"]
    assert supported == [node_key(Label.ORG, RURAL_SCHOOL)]
