"""The layers hold: no import cycles in src/ and api/, and each layer imports only what it may.

The import graph is grimp's (every ``import`` in talentgraph and talentgraph_api, including those
inside functions and under TYPE_CHECKING). Routers and the web app's pages are also read as source:
they may not reach for a store, the keys or a scope's fields; scope and pseudonyms are the service
layer's.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import grimp
import networkx as nx
import pytest

import talentgraph.web.pages
import talentgraph_api.routers

PACKAGES = ("talentgraph", "talentgraph_api")

# (importer, imported): no module under the first may import a module under the second.
FORBIDDEN = [
    *((low, high) for low in ("talentgraph.domain", "talentgraph.eligibility")
      for high in ("talentgraph.store", "talentgraph.services", "talentgraph.cli", "talentgraph.bootstrap",
                   "talentgraph_api", "talentgraph.web", "talentgraph.i18n")),
    *(("talentgraph.analysis", high) for high in ("talentgraph.store", "talentgraph.services",
                                                   "talentgraph.cli", "talentgraph_api", "talentgraph.web")),
    *(("talentgraph.store", high) for high in ("talentgraph.services", "talentgraph.cli",
                                                "talentgraph.bootstrap", "talentgraph_api",
                                                "talentgraph.web")),
    *(("talentgraph.services", high) for high in ("talentgraph.cli", "talentgraph.bootstrap",
                                                   "talentgraph_api", "talentgraph.web")),
    # The language layer is for every entry point: it knows the domain's words and nothing above.
    *(("talentgraph.i18n", high) for high in ("talentgraph.store", "talentgraph.services",
                                               "talentgraph.cli", "talentgraph.bootstrap", "talentgraph_api",
                                               "talentgraph.web")),
    ("talentgraph_api", "talentgraph.cli"),
    ("talentgraph_api", "talentgraph.bootstrap"),
    ("talentgraph_api", "talentgraph.web"),
    *(("talentgraph.web", high) for high in ("talentgraph.cli", "talentgraph.bootstrap", "talentgraph_api")),
    *((pages, low) for pages in ("talentgraph_api.routers", "talentgraph.web.pages")
      for low in ("talentgraph.store", "talentgraph.keys", "talentgraph.access", "talentgraph.orgtree")),
]
# The bottom layers, whitelisted: the table schema imports nothing outward, and the canonical
# roster only the schema (errors.py is a leaf every layer may raise from).
ONLY_BELOW = {
    "talentgraph.domain": ("talentgraph.domain", "talentgraph.errors"),
    "talentgraph.roster": ("talentgraph.roster", "talentgraph.domain", "talentgraph.errors"),
    "talentgraph.errors": ("talentgraph.errors",),
}
# What a router may not touch on any object: the store, the server's keys, a scope's parts.
ROUTER_FORBIDDEN_ATTRIBUTES = {"store", "keys", "pseudonyms", "hide", "reveal", "shown_id", "shown_name",
                               "real_id", "order_key", "org_id", "role", "require_writer", "require_admin"}


@cache
def imports() -> nx.DiGraph:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)  # no cache: a stale one hides a new import
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        edges.add_edges_from((module, other) for other in graph.find_modules_directly_imported_by(module))
    return edges


def unit(module: str) -> str:
    """A module's package one level below the top (talentgraph.store, talentgraph_api.routers)."""
    return ".".join(module.split(".")[:2])


def test_no_module_imports_itself_round_a_cycle() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports()) if len(c) > 1]
    assert cycles == []


def test_no_package_cycles() -> None:
    """store <-> analysis, cli <-> api and the like: packages form a hierarchy too."""
    packages = nx.DiGraph()
    packages.add_edges_from((unit(a), unit(b)) for a, b in imports().edges if unit(a) != unit(b))
    assert [sorted(c) for c in nx.strongly_connected_components(packages) if len(c) > 1] == []


@pytest.mark.parametrize(("importer", "imported"), FORBIDDEN, ids=[f"{a}-x->{b}" for a, b in FORBIDDEN])
def test_layer_rule(importer: str, imported: str) -> None:
    def under(module: str, package: str) -> bool:
        return module == package or module.startswith(package + ".")

    found = [(a, b) for a, b in imports().edges if under(a, importer) and under(b, imported)]
    assert found == []


@pytest.mark.parametrize("layer", ONLY_BELOW)
def test_the_bottom_layers_import_only_what_lies_below_them(layer: str) -> None:
    def under(module: str, package: str) -> bool:
        return module == package or module.startswith(package + ".")

    allowed = ONLY_BELOW[layer]
    found = [(a, b) for a, b in imports().edges
             if under(a, layer) and not any(under(b, p) for p in allowed)]
    assert found == []


@pytest.mark.parametrize("package", [talentgraph_api.routers, talentgraph.web.pages],
                         ids=["routers", "pages"])
def test_routers_and_pages_do_not_reach_for_stores_keys_or_scope_parts(package: object) -> None:
    folder = Path(str(getattr(package, "__file__", ""))).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ROUTER_FORBIDDEN_ATTRIBUTES:
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
    assert found == []


def test_the_rules_see_the_imports() -> None:
    """The graph is not empty or blind: known edges are in it."""
    edges = imports()
    assert edges.has_edge("talentgraph.cli.main", "talentgraph.bootstrap")
    assert edges.has_edge("talentgraph.store.neo4j_store.store", "talentgraph.store.neo4j_store.records")
    assert edges.has_edge("talentgraph_api.routers.questions", "talentgraph.services")
    assert edges.has_edge("talentgraph.roster.upgrade", "talentgraph.domain.tables")
    assert edges.has_edge("talentgraph.web.pages.candidates", "talentgraph.exports")
