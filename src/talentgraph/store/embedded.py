"""The embedded store: a networkx property graph plus a columnar fact index.

The roster (typed Arrow tables) is the record. Two views are derived from it:
``facts`` (numpy columns, built at open: what eligibility sweeps read) and
``graph`` (a networkx MultiDiGraph with the schema of domain/graph_schema.py,
built on first use: what traversals and notebooks read). Building the graph
for a million teachers takes seconds, and an eligibility question does not
need it, so it is built only when asked for. Lineage and studio reach read
``network``: the same schema cut to orgs, teachers, mentorships and studios
(the full graph when it is already built), about half the cost to build.

Writes (``apply``, ``replace``) build the new roster and its views first, save
the snapshot (when the store has a path), and only then swap them in, so a
failure leaves both the store and its file as they were.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.analysis.graph_build import NETWORK_PARTS, build_graph
from talentgraph.analysis.lineage import lineage
from talentgraph.analysis.reach import studio_reach
from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import NotFound
from talentgraph.roster import Roster
from talentgraph.store.changes import OWNER, Change, apply_changes
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.store.round_rows import rounds_of
from talentgraph.store.snapshot import load_snapshot, save_snapshot


class EmbeddedStore:
    kind = "embedded"
    _graph: nx.MultiDiGraph | None
    _network: nx.MultiDiGraph | None

    def __init__(self, roster: Roster, path: Path | None = None) -> None:
        self.path = path
        self._set(roster)

    def _set(self, roster: Roster, *, persist: bool = False) -> None:
        # Build the new views before swapping, so a failure leaves the old state.
        facts = facts_from_roster(roster)
        org_rows = {oid: i for i, oid in enumerate(facts.orgs.ids.tolist())}
        if persist and self.path is not None:
            save_snapshot(roster, self.path)
        # One assignment, so a reader on another thread sees the old views or the new ones.
        self._roster, self._facts, self._graph, self._network, self._org_rows = (
            roster, facts, None, None, org_rows)

    @classmethod
    def open(cls, path: Path) -> EmbeddedStore:
        return cls(load_snapshot(path), path)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path or "talentgraph.snapshot")
        save_snapshot(self._roster, target)
        self.path = target
        return target

    @property
    def durable(self) -> bool:
        """Writes are kept only when the store has a snapshot to save them to."""
        return self.path is not None

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
        """Swap in ``roster`` (and save it to the snapshot, when the store has one)."""
        self._set(roster, persist=True)

    def replace_atomic(self, roster: Roster) -> None:
        self.replace(roster)  # replace already swaps whole

    def close(self) -> None:
        self._graph = self._network = None

    # -- records -------------------------------------------------------------------------

    def orgs(self) -> pa.Table:
        return self._roster["orgs"]

    def rows_in(self, org_id: str | None, tables: Sequence[str]) -> Roster:
        facts, scope = self.facts_in(org_id)
        return self._rows_for(self._roster, facts.teacher_ids[scope].tolist(), tables)

    def rows_of(self, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster:
        return self._rows_for(self._roster, list(teacher_ids), tables)

    def studio_rows(self, studio_ids: Sequence[str]) -> Roster:
        roster, ids = self._roster, pa.array(list(studio_ids), pa.string())
        return Roster({"orgs": roster["orgs"],
                       "studios": _where_in(roster["studios"], "id", ids),
                       "studio_members": _where_in(roster["studio_members"], "studio_id", ids),
                       "studio_links": _where_in(roster["studio_links"], "studio_id", ids)},
                      roster.present)

    def mentored_by(self, teacher_id: str) -> pa.Table:
        return _where_in(self._roster["mentorships"], "mentor_id", pa.array([teacher_id], pa.string()))

    def mentoring_path(self, from_id: str, to_id: str) -> bool:
        table = self._roster["mentorships"]
        mentees: dict[str, list[str]] = {}
        pairs = zip(table["mentor_id"].to_pylist(), table["mentee_id"].to_pylist(), strict=True)
        for mentor, mentee in pairs:
            mentees.setdefault(mentor, []).append(mentee)
        seen, queue = {from_id}, deque([from_id])
        while queue:
            for nxt in mentees.get(queue.popleft(), ()):
                if nxt == to_id:
                    return True
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return False

    def schools_of(self, teacher_ids: Sequence[str]) -> dict[str, str]:
        found = _where_in(self._roster["teachers"], "id", pa.array(list(teacher_ids), pa.string()))
        return dict(zip(found["id"].to_pylist(), found["school_id"].to_pylist(), strict=True))

    def round_rows(self, round_ids: Sequence[str] | None = None) -> Roster:
        return rounds_of(self._roster, round_ids)

    def apply(self, changes: Sequence[Change]) -> None:
        self._set(apply_changes(self._roster, changes), persist=True)

    @staticmethod
    def _rows_for(roster: Roster, teacher_ids: list[str], tables: Sequence[str]) -> Roster:
        ids = pa.array(teacher_ids, pa.string())
        picked = {"orgs": roster["orgs"]}
        for name in tables:
            column = OWNER[name]
            if name == "studio_links":  # links of the studios these teachers lead
                led = _where_in(roster["studios"], "lead_id", ids)["id"].combine_chunks()
                picked[name] = _where_in(roster[name], "studio_id", led)
            elif name == "studios":  # the studios these teachers lead or belong to
                joined = _where_in(roster["studio_members"], "teacher_id", ids)["studio_id"].combine_chunks()
                studios = roster[name]
                mask = pc.or_(pc.is_in(studios["lead_id"], value_set=ids),
                              pc.is_in(studios["id"], value_set=joined))
                picked[name] = studios.filter(pc.fill_null(mask, False))
            else:
                picked[name] = _where_in(roster[name], column, ids)
        return Roster(picked, roster.present)


def _where_in(table: pa.Table, column: str, values: pa.Array) -> pa.Table:
    return table.filter(pc.fill_null(pc.is_in(table[column], value_set=values), False))
