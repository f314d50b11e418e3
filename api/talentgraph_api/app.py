"""The application: ``create_app(services, registry)`` wires the use cases, the tokens and the routers.

It creates nothing itself: the composition root (``talentgraph.bootstrap.api_app``, which
``talentgraph serve`` and the tests call) opens the store, builds the use cases over it with the
policy and the server's keys, and reads the token registry, then hands them here.
"""

from __future__ import annotations

from fastapi import FastAPI

from talentgraph.access import TokenRegistry
from talentgraph.services import Services
from talentgraph_api import errors
from talentgraph_api.deps import AppState
from talentgraph_api.routers import (
    bundles,
    decisions,
    mentorships,
    network,
    orgs,
    questions,
    records,
    rounds,
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
a role that may not do something answers 403. A server that serves a bundle from memory
(`serve --data`) is read-only: every write answers 405 and says how to get a writable store.

**Errors** share one body: `detail`, and `problems` (each with `file`, `row`, `column`/`field`,
`reason`) for 422. 409: a conflict with what is stored. 503: the store cannot be reached (see
`Retry-After`).
"""


def create_app(services: Services, registry: TokenRegistry) -> FastAPI:
    """The API over the use cases ``services``, for the callers in ``registry``."""
    app = FastAPI(title="talentgraph", version="0.1.0", description=DESCRIPTION,
                  responses=errors.COMMON_RESPONSES)
    app.state.talentgraph = AppState(services=services, registry=registry)
    errors.install(app)
    for module in (orgs, teachers, records, mentorships, network, studios, questions, bundles, rounds):
        app.include_router(module.router)
    app.include_router(decisions.router)
    return app
