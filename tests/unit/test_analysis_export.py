"""GraphML and GEXF exports: typed attributes, no None, read back by networkx; pseudonyms as the API's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from talentgraph.analysis import mentorship_network, studio_network, write_networks
from talentgraph.analysis.pseudonyms import researcher_pseudonyms
from talentgraph.keys import Keys
from tests.factories import AS_OF, RURAL_SCHOOL, SCHOOL
from tests.unit.analysis_regions import lineage_region, store_of, studio_region


def all_values(g: nx.Graph) -> list[object]:
    return ([v for _, a in g.nodes(data=True) for v in a.values()]
            + [v for _, _, a in g.edges(data=True) for v in a.values()])


def test_mentorship_network_attributes() -> None:
    net = mentorship_network(store_of(lineage_region()).graph, AS_OF)
    assert None not in all_values(net)
    assert net.edges["A", "C"] == {"kinds": "subject", "research_mentoring": True, "mentorships": 1,
                                   "ongoing": True, "start_date": "2019-09-01", "start_year": 2019}
    assert net.edges["A", "B"] == {"kinds": "head_teacher", "research_mentoring": False, "mentorships": 1,
                                   "ongoing": False, "start_date": "2015-09-01", "start_year": 2015}
    assert ("D", "E") not in net.edges  # begins after AS_OF
    assert net.nodes["F"]["rural"] is True and net.nodes["A"]["school_id"] == SCHOOL
    assert net.nodes["A"]["tier"] == "none" and net.nodes["A"]["tier_rank"] == -1


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_written_files_read_back_with_the_same_graph(tmp_path: Path, fmt: str) -> None:
    g = store_of(studio_region()).graph
    paths = write_networks(g, AS_OF, tmp_path, formats=(fmt,))
    assert [p.name for p in paths] == [f"mentorships.{fmt}", f"studios.{fmt}"]
    for path, expected in zip(paths, (mentorship_network(g, AS_OF), studio_network(g, AS_OF)), strict=True):
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert back.is_directed()
        assert sorted(back.nodes) == sorted(expected.nodes)
        assert sorted(back.edges) == sorted(expected.edges)
        for node, attrs in expected.nodes(data=True):
            got = {k: v for k, v in back.nodes[node].items() if k not in ("label",)}
            assert got == attrs, node  # same values, same types (bool stays bool, int stays int)
        for a, b, attrs in expected.edges(data=True):
            got = {k: v for k, v in back.edges[a, b].items() if k not in ("id", "label")}
            assert got == attrs
    if fmt == "graphml":  # well-formed GraphML with typed keys, readable by any XML tool
        keys = ET.parse(paths[0]).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
        types = {k.get("attr.name"): k.get("attr.type") for k in keys}
        assert types["rural"] == "boolean" and types["cohort"] in ("int", "long")


def test_studio_network_reach() -> None:
    net = studio_network(store_of(studio_region()).graph, AS_OF)
    kinds = {(a, b): t for a, b, t in net.edges(data="relation")}
    assert kinds[("teacher:L", "studio:ST1")] == "leads"
    assert kinds[("studio:ST1", f"school:{RURAL_SCHOOL}")] == "supports"
    assert net.edges["teacher:M3", "studio:ST1"]["current"] is False  # left in 2025
    assert "teacher:M4" not in net  # joins after AS_OF
    assert None not in all_values(net)


def test_pseudonymised_exports_use_the_api_key(tmp_path: Path) -> None:
    hide = researcher_pseudonyms(tmp_path)
    api = Keys.of_home(tmp_path).pseudonyms
    net = mentorship_network(store_of(lineage_region()).graph, AS_OF, hide)
    assert api.hide("A") in net and "A" not in net
    assert {api.reveal(p) for p in net} == set("ABCDEFG")
    studios = studio_network(store_of(studio_region()).graph, AS_OF, hide)
    assert f"teacher:{api.hide('L')}" in studios
