"""Who is asking: the ``Scope`` every use case receives.

A scope is a role, an org subtree (None: every org) and the server's keys. It is built once per
request from the caller's token (``Scope.of``), or as ``Scope.everything()`` for the command
line, and passed to every use case, which returns only what that scope may see, already in the
form it may see it: pseudonyms for researchers, keyed record ids for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentgraph.access import Principal, Role
from talentgraph.domain.message import N_, message
from talentgraph.errors import Forbidden
from talentgraph.keys import Keys


@dataclass(frozen=True)
class Scope:
    role: Role
    org_id: str | None
    keys: Keys = field(repr=False, compare=False)

    @classmethod
    def everything(cls, keys: Keys | None = None) -> Scope:
        """Every org, real ids: the command line, or an admin."""
        return cls(Role.ADMIN, None, keys or Keys.ephemeral())

    @classmethod
    def of(cls, principal: Principal, keys: Keys) -> Scope:
        """The scope of an API caller (a token's role and org)."""
        return cls(principal.role, principal.org_id, keys)

    @property
    def pseudonymised(self) -> bool:
        return self.role is Role.RESEARCHER

    @property
    def sees_everything(self) -> bool:
        """Every org under real ids: nothing is hidden from this scope."""
        return self.org_id is None and not self.pseudonymised

    def require_writer(self) -> None:
        if self.role not in (Role.ADMIN, Role.PLANNER):
            raise Forbidden(message(N_("the {role} role cannot write"), role=self.role.value))

    def require_admin(self) -> None:
        if self.role is not Role.ADMIN:
            raise Forbidden(message(N_("only an admin may do this")))

    # -- teachers as this scope sees them ----------------------------------------------------

    def shown_id(self, teacher_id: str) -> str:
        return self.keys.pseudonyms.hide(teacher_id) if self.pseudonymised else teacher_id

    def shown_name(self, teacher_id: str, name: str) -> str:
        return self.keys.pseudonyms.hide(teacher_id) if self.pseudonymised else name

    def real_id(self, given: str) -> str | None:
        """The teacher id behind one from a URL or a body (a pseudonym, for researchers); None
        when a researcher's is not one of ours."""
        return self.keys.pseudonyms.reveal(given) if self.pseudonymised else given

    def order_key(self, teacher_id: str) -> str:
        """What a list of teachers is sorted by: the id, or for researchers the pseudonym (an id
        order would give away which pseudonym stands for which id)."""
        return self.keys.pseudonyms.order_key(teacher_id) if self.pseudonymised else teacher_id
