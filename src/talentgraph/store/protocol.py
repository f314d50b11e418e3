"""The store port: what services need from any backend (embedded, Neo4j)."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from talentgraph.bundle.roster import Roster
from talentgraph.eligibility.facts import Facts


class TalentStore(Protocol):
    """A place the talent graph lives.

    ``facts_in`` gathers the facts eligibility needs for an org subtree (all
    orgs when ``org_id`` is None) and says which teachers lie inside it.
    """

    kind: str

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]: ...

    def facts_of(self, teacher_id: str) -> Facts: ...

    def roster(self) -> Roster: ...

    def replace(self, roster: Roster) -> None: ...

    def close(self) -> None: ...
