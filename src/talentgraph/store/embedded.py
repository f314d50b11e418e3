"""The embedded store: a networkx property graph plus a columnar fact index.

The roster (typed Arrow tables) is the record. Two views are derived from it:
``facts`` (numpy columns, built at open: what eligibility sweeps read) and
``graph`` (a networkx MultiDiGraph with the schema of domain/graph_schema.py,
built on first use: what traversals and notebooks read). Building the graph
for a million teachers takes seconds, and an eligibility question does not
need it, so it is built only when asked for. Lineage and studio reach read
``network``: the same schema cut to orgs, teachers, mentorships and studios
(the full graph when it is already built), about half the cost to build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import numpy as np
import numpy.typing as npt

from talentgraph.analysis.lineage import lineage
from talentgraph.analysis.reach import studio_reach
from talentgraph.bundle.roster import Roster
from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import NotFound
from talentgraph.store.graph_build import NETWORK_PARTS, build_graph
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.store.snapshot import load_snapshot, save_snapshot


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, roster: Roster, path: Path | None = None) -> None:
        self.path = path
        self._set(roster)

    def _set(self, roster: Roster) -> None:
        # Build the new views before swapping, so a failure leaves the old state.
        facts = facts_from_roster(roster)
        self._roster, self._facts = roster, facts
        self._graph: nx.MultiDiGraph | None = None
        self._network: nx.MultiDiGraph | None = None
        self._org_rows = {oid: i for i, oid in enumerate(facts.orgs.ids.tolist())}

    @classmethod
    def open(cls, path: Path) -> EmbeddedStore:
        return cls(load_snapshot(path), path)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path or "talentgraph.snapshot")
        save_snapshot(self._roster, target)
        self.path = target
        return target

    @property
    def facts(self) -> Facts:
        return self._facts

    @property
    def graph(self) -> nx.MultiDiGraph:
        if self._graph is None:
            self._graph = build_graph(self._roster)
            self._network = None  # the full graph answers network questions too
        return self._graph

    @property
    def network(self) -> nx.MultiDiGraph:
        if self._graph is not None:
            return self._graph
        if self._network is None:
            self._network = build_graph(self._roster, NETWORK_PARTS)
        return self._network

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
        return lineage(self.network, teacher_id, as_of, depth)

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach:
        return studio_reach(self.network, studio_id, as_of)

    def org_row(self, org_id: str) -> int:
        try:
            return self._org_rows[org_id]
        except KeyError:
            raise NotFound(f"no org {org_id!r}") from None

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]:
        root = None if org_id is None else self.org_row(org_id)
        return self._facts, self._facts.in_scope(root)

    def facts_of(self, teacher_id: str) -> Facts:
        if self._facts.index_of(teacher_id) is None:
            raise NotFound(f"no teacher {teacher_id!r}")
        return self._facts

    def roster(self) -> Roster:
        return self._roster

    def replace(self, roster: Roster) -> None:
        self._set(roster)

    def close(self) -> None:
        self._graph = self._network = None
