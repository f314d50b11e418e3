"""Dependencies shared by the routers: the use cases, the caller's scope, paging.

They are ``async``: each does only a little work that never blocks for long (the token file is
re-read only when it changed), and a sync dependency would cost a hop through the thread pool per
request. The handlers stay sync (they run in the pool: use cases may wait on a store server).

A router gets ``Services`` (the use cases) and a ``Scope`` (who asks) and hands the scope to one
use case: scoping and pseudonyms are the service layer's, never a router's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from talentgraph.access import TokenRegistry
from talentgraph.i18n import ENGLISH, Words, negotiate
from talentgraph.services import Scope, Services

MAX_PAGE = 1000


@dataclass(frozen=True)
class AppState:
    services: Services
    registry: TokenRegistry


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.talentgraph
    return state


# Each dependency FastAPI solves costs CPU on every request (it looks
# for path, query, header and cookie parameters of its own): the app's state is read from the
# request rather than being a dependency, and the token and the scope are one.


async def get_services(request: Request) -> Services:
    return _state(request).services


UseCases = Annotated[Services, Depends(get_services)]


bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="A token from `talentgraph token create`: `Authorization: Bearer <token>`.")
api_key = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="api_key",
                       description="The same token, as an API key header.")


async def scope_of(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    key: Annotated[str | None, Depends(api_key)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Scope:
    """Who asks: the scope of the token's principal (401 without a valid token)."""
    state = _state(request)
    token = key
    if authorization:  # a malformed Authorization header is not silently replaced by the key
        token = credentials.credentials if credentials is not None else None
    principal = state.registry.authenticate(token) if token else None
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return Scope.of(principal, state.services.keys)


Caller = Annotated[Scope, Depends(scope_of)]


async def writer(request: Request, caller: Caller) -> Scope:
    """A caller who may write here (403 for a role that may not; 405 on a read-only server),
    refused before the body is read. The use case checks again: this only answers early."""
    _state(request).services.writes.allowed(caller)
    return caller


async def admin(request: Request, caller: Caller) -> Scope:
    _state(request).services.bundles.allowed(caller)
    return caller


Writer = Annotated[Scope, Depends(writer)]
Admin = Annotated[Scope, Depends(admin)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


async def paging(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 100,
                 offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0,
                 ) -> Paging:
    return Paging(limit, offset)


Page = Annotated[Paging, Depends(paging)]


async def language(accept_language: Annotated[str | None, Header(
        description="zh-CN or en (by weight): the language of human-readable fields (reasons, evidence, "
                    "notes, export headers and values). Machine fields (ids, enums, rule IDs) never change. "
                    "Without the header: English.")] = None) -> Words:
    """The reader's language from ``Accept-Language``; English when the header is absent, so a
    client that asks nothing keeps the words it always had."""
    return Words.of(negotiate(None, accept_language) if accept_language else ENGLISH)


Language = Annotated[Words, Depends(language)]
