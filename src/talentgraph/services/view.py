"""What a scope may see of a store: its orgs, teachers and studios, and the one answer for the rest.

Everything outside the scope is reported exactly like something that does not exist: the same
exception with the same words, naming no id ("no such teacher"), so a caller cannot tell an id
in another county from an id that was never used. (A caller who sees everything, the command
line or an admin, is told which id was not found.) Use cases look things up here and nowhere
else, which is what keeps that true.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.models import Org, Teacher
from talentgraph.errors import NotFound
from talentgraph.orgtree import OrgTree
from talentgraph.records_model import model_of
from talentgraph.roster import Roster
from talentgraph.services.scope import Scope
from talentgraph.store.protocol import RecordStore


def missing(scope: Scope, what: str, given: str, within: str | None = None) -> NotFound:
    """The answer for a ``what`` (teacher, org, studio, record) that is not there for ``scope``."""
    thing = _THINGS.get(what) or Message.literal(what)
    if not scope.sees_everything:
        return NotFound(message(N_("no such {what}"), what=thing))
    if within:
        return NotFound(message(N_("no {what} {given!r} in org {org!r}"), what=thing, given=given,
                                org=within))
    return NotFound(message(N_("no {what} {given!r}"), what=thing, given=given))


# What a NotFound names, in words (a record of another table: as written).
_THINGS = {"teacher": message(N_("teacher")), "org": message(N_("org")), "studio": message(N_("studio")),
           "round": message(N_("round"))}


class View:
    """One scope's view of a store, for one use case call (the org tree is read once, when needed)."""

    def __init__(self, store: RecordStore, scope: Scope) -> None:
        self.store = store
        self.scope = scope

    @cached_property
    def tree(self) -> OrgTree:
        return OrgTree.of(self.store.orgs())

    def missing(self, what: str, given: str, within: str | None = None) -> NotFound:
        return missing(self.scope, what, given, within)

    # -- orgs ------------------------------------------------------------------------------

    def has_org(self, org_id: str | None) -> bool:
        return self.tree.within(org_id, self.scope.org_id)

    def org(self, org_id: str) -> Org:
        if not self.has_org(org_id):
            raise self.missing("org", org_id)
        return self.tree.orgs[org_id]

    def above(self, org_id: str) -> bool:
        """Is the org above the scope's root (an awarding or host org the caller may name)?"""
        root = self.scope.org_id
        return root is not None and org_id in self.tree.ancestry(root)

    def root(self, org_id: str | None = None) -> str | None:
        """The org a question is about: ``org_id`` if visible (NotFound otherwise), else the scope's."""
        if org_id is not None:
            self.org(org_id)
            return org_id
        return self.scope.org_id

    # -- teachers --------------------------------------------------------------------------

    def teacher_id(self, given: str) -> str:
        """The visible teacher behind an id from a URL (a pseudonym, for researchers)."""
        real = self.scope.real_id(given)
        if real is None:
            raise self.missing("teacher", given)
        self.teacher(real)
        return real

    def teacher(self, teacher_id: str) -> Teacher:
        """The teacher, if inside the scope."""
        rows = self.store.rows_of([teacher_id], ("teachers",))["teachers"].to_pylist()
        if not rows or not self.has_org(rows[0]["school_id"]):
            raise self.missing("teacher", teacher_id)
        teacher = model_of("teachers", rows[0])
        assert isinstance(teacher, Teacher)
        return teacher

    def teachers(self, teacher_ids: Iterable[str]) -> set[str]:
        """The teachers among ``teacher_ids`` that exist and teach inside the scope."""
        wanted = sorted(set(teacher_ids))
        if not wanted:
            return set()
        return {t for t, school in self.store.schools_of(wanted).items() if self.has_org(school)}

    # -- studios ---------------------------------------------------------------------------

    def studio(self, studio_id: str) -> Roster:
        """The studio's rows (studio, members, links), if its lead teaches inside the scope
        (a studio belongs where its lead teaches)."""
        rows = self.store.studio_rows([studio_id])
        studios = rows["studios"].to_pylist()
        if not studios or (self.scope.org_id is not None and not self.teachers([studios[0]["lead_id"]])):
            raise self.missing("studio", studio_id)
        return rows
