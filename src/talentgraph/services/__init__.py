"""The service layer: every use case the command line, the HTTP API and (next) a web app call.

Each use case takes a ``Scope`` (who asks) first and returns only what that scope may see, in
the form it may see it; callers never filter or pseudonymise by hand. Build the use cases once
over a store (the composition root, bootstrap.py, does) and call them::

    services = Services.over(store, policy=load_policy("reference"), keys=Keys.of_home(home))
    scope = Scope(Role.PLANNER, "C01-K02", services.keys)       # or Scope.of(principal, keys)
    verdict = services.questions.explanation(scope, "T0004160", Target.parse("backbone@city"), day)

Out of scope and non-existent answer alike (``NotFound`` with the same words); a role that may
not do something gets ``Forbidden``; a write to a store that would not keep it, ``ReadOnly``.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentgraph.keys import Keys
from talentgraph.policy.schema import Policy
from talentgraph.services.bundles import Bundles
from talentgraph.services.decisions import Decisions
from talentgraph.services.network import Network
from talentgraph.services.questions import Questions, Verdicts
from talentgraph.services.records import Records, TeacherFilter
from talentgraph.services.rounds import Rounds
from talentgraph.services.scope import Scope
from talentgraph.services.writes import Writes
from talentgraph.store.protocol import TalentStore


@dataclass(frozen=True)
class Services:
    """The use cases over one store, grouped by what they are about."""

    questions: Questions
    records: Records
    writes: Writes
    network: Network
    bundles: Bundles
    rounds: Rounds
    keys: Keys
    decisions: Decisions

    @classmethod
    def over(cls, store: TalentStore, *, policy: Policy, keys: Keys | None = None) -> Services:
        """Use cases over ``store``. Writes are accepted only if the store keeps them
        (``store.durable``): a write a restart would lose is refused, never acknowledged.
        Quota headroom counts the approvals of this store's nomination rounds."""
        keep = store.durable
        questions = Questions(store, store, policy)
        rounds = Rounds(store, questions, keep)
        return cls(questions=questions, records=Records(store),
                   writes=Writes(store, keep), network=Network(store, store),
                   bundles=Bundles(store, keep), rounds=rounds, keys=keys or Keys.ephemeral(),
                   decisions=Decisions(store, store, questions, rounds.approved_in_subtree))


__all__ = ["Scope", "Services", "TeacherFilter", "Verdicts"]
