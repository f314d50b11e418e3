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

Several processes may open one snapshot (``talentgraph serve --workers N``): each maps the same
file, so the pages are shared. Writes hold an exclusive lock on ``.<snapshot>.lock`` beside it and
first take in any snapshot another process saved, so two writers never lose each other's changes;
``refresh`` (the server calls it before each request) takes in the file when another process
replaced it, a stat away when it did not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import NotFound
from talentgraph.roster import Roster
from talentgraph.store.changes import OWNER, Change, apply_changes
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.store.round_rows import rounds_of
from talentgraph.store.snapshot import open_snapshot, save_snapshot

if TYPE_CHECKING:
    import networkx as nx


class EmbeddedStore:
    kind = "embedded"
    _graph: nx.MultiDiGraph | None
    _network: nx.MultiDiGraph | None

    def __init__(self, roster: Roster, path: Path | None = None, facts: Facts | None = None) -> None:
        self.path = path
        self._file: tuple[int, int, int] | None = None  # the snapshot as last read or written
        self._set(roster, facts)

    def _set(self, roster: Roster, facts: Facts | None = None, *, persist: bool = False) -> None:
        # Build the new views before swapping, so a failure leaves the old state.
        facts = facts if facts is not None else facts_from_roster(roster)
        org_rows = {oid: i for i, oid in enumerate(facts.orgs.ids.tolist())}
        if persist and self.path is not None:
            save_snapshot(roster, self.path, facts)
        # One assignment, so a reader on another thread sees the old views or the new ones.
        self._roster, self._facts, self._graph, self._network, self._org_rows = (
            roster, facts, None, None, org_rows)

    @classmethod
    def open(cls, path: Path) -> EmbeddedStore:
        """The store a snapshot holds: its fact index is mapped from the file when it has one."""
        seen = _identity(path)  # before reading: a replacement meanwhile shows at the next refresh
        roster, facts = open_snapshot(path)
        store = cls(roster, path, facts)
        store._file = seen
        return store

    def refresh(self) -> bool:
        """Take in the snapshot if another process replaced it since this one read or wrote it."""
        if self.path is None or self._file is None:
            return False
        seen = _identity(self.path)
        if seen is None or seen == self._file:
            return False
        roster, facts = open_snapshot(self.path)
        self._set(roster, facts)
        self._file = seen
        return True

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One writer at a time across processes, starting from the snapshot as last saved."""
        if self.path is None:
            yield
            return
        with _locked(self.path):
            self.refresh()
            yield
            self._file = _identity(self.path)

    def save(self, path: Path | None = None) -> Path:
        target = Path(path or self.path or "talentgraph.snapshot")
        with _locked(target):  # not in the middle of a server's write to the same file
            save_snapshot(self._roster, target, self._facts)
            self.path, self._file = target, _identity(target)
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
            from talentgraph.analysis.graph_build import build_graph  # networkx: only when asked

            self._graph = build_graph(self._roster)
            self._network = None  # the full graph answers network questions too
        return self._graph

    @property
    def network(self) -> nx.MultiDiGraph:
        if self._graph is not None:
            return self._graph
        if self._network is None:
            from talentgraph.analysis.graph_build import NETWORK_PARTS, build_graph

            self._network = build_graph(self._roster, NETWORK_PARTS)
        return self._network

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
        from talentgraph.analysis.lineage import lineage

        return lineage(self.network, teacher_id, as_of, depth)

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach:
        from talentgraph.analysis.reach import studio_reach

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
        with self._writing():
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
        with self._writing():
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


@contextlib.contextmanager
def _locked(snapshot: Path) -> Iterator[None]:
    """The snapshot's writer lock (``.<name>.lock`` beside it), held exclusively."""
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    with snapshot.with_name(f".{snapshot.name}.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Which file is at ``path`` now (a save replaces it: a new inode), None if none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _where_in(table: pa.Table, column: str, values: pa.Array) -> pa.Table:
    return table.filter(pc.fill_null(pc.is_in(table[column], value_set=values), False))
