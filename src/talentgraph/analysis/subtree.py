"""Cutting a built graph to an org subtree without rebuilding it.

``within(store.graph, "C01-K02")`` is a read-only view of the cached graph:
no copy, no roster pass, so a county of a province-sized graph is ready at
once. It keeps what ``graph_of(store, org_id)`` keeps.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from talentgraph.domain.graph_schema import Label, node_key
from talentgraph.errors import NotFound


def within(g: nx.MultiDiGraph, org_id: str) -> nx.MultiDiGraph:
    """The subgraph of the orgs under ``org_id`` (and the chain above it), their teachers and facts.

    Kept: the subtree's orgs and the orgs above its root; teachers whose
    current school lies in the subtree; the tier and level ladders; programmes and
    titles with an enrolled or holding teacher kept; studios led by a kept teacher. A relationship to a
    node outside (a mentor in another county, a member from another county)
    is left out, as in ``graph_of``.

    Examples:
        >>> from talentgraph.analysis.examples import studio_example
        >>> g = studio_example()
        >>> g.add_node("Org:K", label="Org", id="K", kind="county", parent_id=None)
        >>> for s in ("S1", "S2"): g.nodes[f"Org:{s}"]["parent_id"] = "K"
        >>> sorted(n for n, label in within(g, "K").nodes(data="label") if label == "Teacher")
        ['Teacher:E', 'Teacher:L']
    """
    root = node_key(Label.ORG, org_id)
    if g.nodes.get(root, {}).get("label") != Label.ORG.value:
        raise NotFound(f"no org {org_id!r}")
    children: dict[str, list[str]] = {}
    orgs = {n: a for n, a in g.nodes(data=True) if a.get("label") == Label.ORG.value}
    for n, a in orgs.items():
        if a.get("parent_id"):
            children.setdefault(node_key(Label.ORG, a["parent_id"]), []).append(n)
    inside, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in inside:
                inside.add(child)
                stack.append(child)
    keep = set(inside)
    up = orgs[root].get("parent_id")
    while up and node_key(Label.ORG, up) in orgs and node_key(Label.ORG, up) not in keep:
        keep.add(node_key(Label.ORG, up))
        up = orgs[node_key(Label.ORG, up)].get("parent_id")
    school_ids = {orgs[n]["id"] for n in inside}
    teachers = {n for n, a in g.nodes(data=True)
                if a.get("label") == Label.TEACHER.value and a.get("school_id") in school_ids}
    keep |= teachers
    keep |= {n for n, a in g.nodes(data=True) if _belongs(g, n, a, teachers)}
    return g.subgraph(keep)


def _belongs(g: nx.MultiDiGraph, node: str, attrs: dict[str, Any], teachers: set[str]) -> bool:
    """A tier or level, a studio led by a kept teacher, or a programme or title a kept teacher
    enrolled in or holds."""
    label = attrs.get("label")
    if label == Label.STUDIO.value:
        return node_key(Label.TEACHER, attrs.get("lead_id") or "") in teachers
    if label in (Label.PROGRAMME.value, Label.TITLE.value):
        return any(t in teachers for t in g.pred[node])
    return label in (Label.TIER.value, Label.LEVEL.value)
