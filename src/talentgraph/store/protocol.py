"""The store ports: what the service layer needs from any backend (embedded, Neo4j), by role.

Each use case depends on the small port it reads or writes through, so a new backend (or a
fake in a unit test) implements only what it serves:

- ``FactSource``: the columns eligibility reads (questions); a store may also decide sweeps
  (``SweepSource``) and count the pipeline (``PipelineSource``) itself.
- ``NetworkSource``: mentorship traversals (lineage, studio reach, cycle checks).
- ``RecordStore``: rows of bundle tables for the API's records, and writes of changes.
- ``RoundStore``: the nomination rounds, with their nominations, decisions and audit.
- ``AdminStore``: the store as a whole (kind, durability, the roster, replacing it, closing).

``TalentStore`` is all four: what a backend implements and the composition root hands around.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import Sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.pipeline import Pipeline
from talentgraph.policy.schema import Policy
from talentgraph.roster import Roster
from talentgraph.store.changes import Change


class FactSource(Protocol):
    """``facts_in`` gathers the facts eligibility needs for an org subtree (all orgs when
    ``org_id`` is None) and says which teachers lie inside it; ``facts_of`` holds one teacher."""

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]: ...

    def facts_of(self, teacher_id: str) -> Facts: ...


@runtime_checkable
class SweepSource(Protocol):
    """A store that decides sweeps itself (Neo4j: in Cypher), returning the sweep the engine
    would make from ``facts_in(org_id)``."""

    def sweep(self, policy: Policy, target: Target, as_of: dt.date, org_id: str | None) -> Sweep: ...


@runtime_checkable
class PipelineSource(Protocol):
    """A store that counts the pipeline itself (Neo4j: aggregate Cypher, only counts cross the
    wire), returning what ``eligibility.pipeline.pipeline`` makes from ``facts_in(org_id)``."""

    def pipeline_counts(self, policy: Policy, as_of: dt.date, org_id: str | None) -> Pipeline: ...


class NetworkSource(Protocol):
    """Answers with the semantics of domain/network.py (NotFound for an unknown teacher or studio)."""

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage: ...

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach: ...

    def mentoring_path(self, from_id: str, to_id: str) -> bool:
        """Whether ``from_id`` mentors ``to_id``, directly or through mentees of mentees."""
        ...


class RecordStore(Protocol):
    """Rows of some bundle tables for the teachers of an org subtree (``rows_in``) or for some
    teachers (``rows_of``: the rows each teacher owns, ``changes.OWNER``; studios: those the
    teachers lead or belong to), always with every org; ``apply`` writes changes all or nothing."""

    def orgs(self) -> pa.Table: ...

    def rows_in(self, org_id: str | None, tables: Sequence[str]) -> Roster: ...

    def rows_of(self, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster: ...

    def studio_rows(self, studio_ids: Sequence[str]) -> Roster:
        """The studios asked for, their members and their linked schools (orgs whole)."""
        ...

    def mentored_by(self, teacher_id: str) -> pa.Table:
        """The mentorship rows in which the teacher is the mentor."""
        ...

    def schools_of(self, teacher_ids: Sequence[str]) -> dict[str, str]:
        """The current school of each teacher asked for that exists."""
        ...

    def apply(self, changes: Sequence[Change]) -> None:
        """Write the changes in one go: all of them, or (on any failure) none."""
        ...


class RoundStore(Protocol):
    """Nomination rounds (docs/decisions-rounds.md); written through ``RecordStore.apply``."""

    def round_rows(self, round_ids: Sequence[str] | None = None) -> Roster:
        """The rounds asked for (every round when None) with their nominations, decisions and
        audit events; orgs whole. A round not stored is simply absent."""
        ...


class AdminStore(Protocol):
    """The store as a whole. ``durable``: whether what is written survives a restart (an
    in-memory store built from a bundle does not, so the API over it is read-only)."""

    kind: str

    @property
    def durable(self) -> bool: ...

    def roster(self) -> Roster: ...

    def replace(self, roster: Roster) -> None: ...

    def replace_atomic(self, roster: Roster) -> None:
        """Swap the whole store for ``roster`` in one go, all or nothing."""
        ...

    def close(self) -> None: ...


class TalentStore(FactSource, NetworkSource, RecordStore, RoundStore, AdminStore, Protocol):
    """A place the talent graph lives: every port at once."""
