"""What several pages share: the org a page is about, the orgs to choose from, names of schools."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from talentgraph.domain.enums import OrgKind
from talentgraph.domain.models import Org
from talentgraph.errors import NotFound
from talentgraph.web.deps import Page


@dataclass
class OrgChoice:
    """The org a page is about, and what the visitor may pick instead."""

    current: Org
    orgs: list[Org]  # every visible org, depth first
    choices: list[Org]  # the visible orgs above school level, depth first

    @cached_property
    def names(self) -> dict[str, str]:
        return {o.id: o.name for o in self.orgs}

    def name(self, org_id: str | None) -> str:
        return self.names.get(org_id or "", org_id or "")

    def schools_under(self, org_id: str) -> list[Org]:
        """The schools in ``org_id``'s subtree, depth first (the org list is depth first)."""
        below, out, inside = False, [], set()
        for org in self.orgs:
            if org.id == org_id:
                below, inside = True, {org.id}
                if org.kind is OrgKind.SCHOOL:
                    out.append(org)
                continue
            if below and org.parent_id in inside:
                inside.add(org.id)
                if org.kind is OrgKind.SCHOOL:
                    out.append(org)
        return out


def org_choice(p: Page, asked: str | None) -> OrgChoice:
    """The org asked for (NotFound from the use case if the caller may not see it), else the
    caller's own root (the first, for a caller who sees several)."""
    orgs = p.uc.records.orgs(p.scope)
    if asked:
        current = p.uc.records.org(p.scope, asked)
    else:
        roots = p.uc.records.org_tree(p.scope)
        if not roots:  # a planner's org that is no longer in the roster
            raise NotFound("no such org")
        current = roots[0].org
    return OrgChoice(current, orgs, [o for o in orgs if o.kind is not OrgKind.SCHOOL])
