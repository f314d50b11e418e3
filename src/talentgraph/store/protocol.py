"""The store port: what services need from any backend (embedded, Neo4j)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import numpy as np
import numpy.typing as npt

from talentgraph.bundle.roster import Roster
from talentgraph.domain.network import Lineage, StudioReach
from talentgraph.eligibility.facts import Facts


class TalentStore(Protocol):
    """A place the talent graph lives.

    ``facts_in`` gathers the facts eligibility needs for an org subtree (all
    orgs when ``org_id`` is None) and says which teachers lie inside it.
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

    def close(self) -> None: ...
