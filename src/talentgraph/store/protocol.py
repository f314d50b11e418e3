"""The store port: what services need from any backend (embedded, Neo4j)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.eligibility.facts import Facts
from talentgraph.roster import Roster
from talentgraph.store.changes import Change


class TalentStore(Protocol):
    """A place the talent graph lives.

    ``facts_in`` gathers the facts eligibility needs for an org subtree (all
    orgs when ``org_id`` is None) and says which teachers lie inside it.

    The record methods serve the API: ``rows_in`` and ``rows_of`` give the rows of
    some bundle tables for the teachers of an org subtree or for some teachers (the
    rows each teacher owns, ``changes.OWNER``; studios: those the teachers lead or
    belong to), always with every org; ``apply`` writes changes all or nothing.

    ``lineage`` and ``studio_reach`` answer with the semantics of
    domain/network.py, raising NotFound for an unknown teacher or studio.
    """

    kind: str

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]: ...

    def facts_of(self, teacher_id: str) -> Facts: ...

    def roster(self) -> Roster: ...

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage: ...

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach: ...

    def replace(self, roster: Roster) -> None: ...

    def replace_atomic(self, roster: Roster) -> None:
        """Swap the whole store for ``roster`` in one go, all or nothing."""
        ...

    def close(self) -> None: ...

    # -- records, for the API ------------------------------------------------------------

    def orgs(self) -> pa.Table: ...

    def rows_in(self, org_id: str | None, tables: Sequence[str]) -> Roster: ...

    def rows_of(self, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster: ...

    def studio_rows(self, studio_ids: Sequence[str]) -> Roster:
        """The studios asked for, their members and their linked schools (orgs whole)."""
        ...

    def mentored_by(self, teacher_id: str) -> pa.Table:
        """The mentorship rows in which the teacher is the mentor."""
        ...

    def mentoring_path(self, from_id: str, to_id: str) -> bool:
        """Whether ``from_id`` mentors ``to_id``, directly or through mentees of mentees."""
        ...

    def schools_of(self, teacher_ids: Sequence[str]) -> dict[str, str]:
        """The current school of each teacher asked for that exists."""
        ...

    def apply(self, changes: Sequence[Change]) -> None:
        """Write the changes in one go: all of them, or (on any failure) none."""
        ...
