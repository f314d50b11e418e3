"""The application: ``create_app(store, ...)`` wires a store, the token registry and the routers.

Nothing is created at import time; ``talentgraph serve`` (cli/serve.py) opens the store and calls
``create_app``, and tests do the same with their own store and home folder.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from talentgraph.access import Pseudonyms, TokenRegistry
from talentgraph.policy.load import load_policy
from talentgraph.policy.schema import Policy
from talentgraph.settings import get_settings
from talentgraph.store.protocol import TalentStore
from talentgraph_api import errors
from talentgraph_api.deps import AppState
from talentgraph_api.routers import (
    bundles,
    mentorships,
    network,
    orgs,
    questions,
    records,
    studios,
    teachers,
)

DESCRIPTION = """
Read and write a region's teachers, titles, training, reviews, mentorships and studios, and ask
who is eligible for which tier at which level, and why.

**Access.** Every request carries a token made with `talentgraph token create`, as
`Authorization: Bearer <token>` or `X-API-Key: <token>`. Roles: `admin` (everything),
`planner` (reads and writes inside one org subtree), `researcher` (reads only; teacher ids and
names are pseudonyms). Anything outside a caller's subtree answers 404, as if it did not exist;
a role that may not do something answers 403.

**Errors** share one body: `detail`, and `problems` (each with `file`, `row`, `column`/`field`,
`reason`) for 422. 409: a conflict with what is stored. 503: the store cannot be reached (see
`Retry-After`).
"""


def create_app(store: TalentStore, *, home: Path | None = None,
               policy: Policy | str | None = None) -> FastAPI:
    """The API over ``store``; tokens and the pseudonym key come from ``home`` (TALENTGRAPH_HOME)."""
    home = Path(home) if home is not None else get_settings().home_dir
    chosen = policy if isinstance(policy, Policy) else load_policy(policy or get_settings().policy)
    app = FastAPI(title="talentgraph", version="0.1.0", description=DESCRIPTION,
                  responses=errors.COMMON_RESPONSES)
    app.state.talentgraph = AppState(store=store, registry=TokenRegistry(home),
                                     pseudonyms=Pseudonyms.of_home(home), policy=chosen)
    errors.install(app)
    for module in (orgs, teachers, records, mentorships, network, studios, questions, bundles):
        app.include_router(module.router)
    return app
