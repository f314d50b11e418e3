"""The org tree as the API's scoping sees it: which orgs lie inside a caller's subtree.

Built from the orgs table of a store (orgs are few: a province has thousands, not millions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from talentgraph.domain.models import Org
from talentgraph.records_model import model_of

MAX_DEPTH = 16  # the tree is validated acyclic; this only guards against a broken store


@dataclass(frozen=True)
class OrgTree:
    orgs: dict[str, Org]
    children: dict[str | None, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, table: pa.Table) -> OrgTree:
        orgs: dict[str, Org] = {}
        for row in table.to_pylist():
            org = model_of("orgs", row)
            assert isinstance(org, Org)
            orgs[org.id] = org
        children: dict[str | None, list[str]] = {}
        for org in sorted(orgs.values(), key=lambda o: o.id):
            parent = org.parent_id if org.parent_id in orgs else None
            children.setdefault(parent, []).append(org.id)
        return cls(orgs, children)

    def within(self, org_id: str | None, root: str | None) -> bool:
        """Does ``org_id`` exist and lie in the subtree of ``root`` (every org when None)?"""
        if org_id is None or org_id not in self.orgs:
            return False
        if root is None:
            return True
        return root in self.ancestry(org_id)

    def ancestry(self, org_id: str) -> list[str]:
        """The org itself, then its parent, up to the root."""
        chain: list[str] = []
        current: str | None = org_id
        while current is not None and current in self.orgs and len(chain) < MAX_DEPTH:
            chain.append(current)
            current = self.orgs[current].parent_id
        return chain

    def subtree(self, root: str | None) -> list[str]:
        """Ids of ``root`` and everything below it (every org when None), depth first, by id."""
        out: list[str] = []
        stack = list(reversed(self.children.get(None, []))) if root is None else [root]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return out

    def roots(self, scope: str | None) -> list[str]:
        return [scope] if scope is not None else list(self.children.get(None, []))
