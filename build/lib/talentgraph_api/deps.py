"""Dependencies shared by the routers: the store, the caller, paging, privacy.

They are ``async``: each does only a little work that never blocks for long (the token file is
re-read only when it changed), and a sync dependency would cost a hop through the thread pool per
request. The handlers stay sync (they run in the pool: store calls may wait on a server).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Query, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from talentgraph import records
from talentgraph.access import Principal, Pseudonyms, Role, TokenRegistry
from talentgraph.errors import NotFound
from talentgraph.policy.schema import Policy
from talentgraph.store.protocol import TalentStore

MAX_PAGE = 1000
# The days a question may be asked for: the checks count years back from the day (5 years of
# training, 3 of reviews), which the calendar cannot do near year 1; 1900-2200 is the range
# review years are accepted in too.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def as_of_query(description: str) -> Any:
    """A query parameter ``as_of``: a day between FIRST_DAY and LAST_DAY (422 otherwise)."""
    return Query(description=f"{description} Between {FIRST_DAY} and {LAST_DAY}.",
                 ge=FIRST_DAY, le=LAST_DAY)  # type: ignore[arg-type]  # typed float; pydantic compares dates


@dataclass(frozen=True)
class AppState:
    store: TalentStore
    registry: TokenRegistry
    pseudonyms: Pseudonyms
    policy: Policy


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.talentgraph
    return state


State = Annotated[AppState, Depends(app_state)]


async def get_store(state: State) -> TalentStore:
    return state.store


Store = Annotated[TalentStore, Depends(get_store)]


async def get_policy(state: State) -> Policy:
    return state.policy


CurrentPolicy = Annotated[Policy, Depends(get_policy)]


bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="A token from `talentgraph token create`: `Authorization: Bearer <token>`.")
api_key = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="api_key",
                       description="The same token, as an API key header.")


async def authenticate(
    state: State,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    key: Annotated[str | None, Depends(api_key)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    token = key
    if authorization:  # a malformed Authorization header is not silently replaced by the key
        token = credentials.credentials if credentials is not None else None
    principal = state.registry.authenticate(token) if token else None
    if principal is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    return principal


Caller = Annotated[Principal, Depends(authenticate)]


async def writer(caller: Caller) -> Principal:
    if caller.role not in (Role.ADMIN, Role.PLANNER):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"the {caller.role} role cannot write")
    return caller


async def admin(caller: Caller) -> Principal:
    if caller.role is not Role.ADMIN:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only an admin may do this")
    return caller


Writer = Annotated[Principal, Depends(writer)]
Admin = Annotated[Principal, Depends(admin)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


async def paging(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 100,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")] = 0) -> Paging:
    return Paging(limit, offset)


Page = Annotated[Paging, Depends(paging)]


OUTSIDE_SCOPE = "a teacher outside your scope"
# Characters that can continue a teacher id: an id is replaced only where it stands whole (T1 is
# not replaced inside T12). ASCII only, so an id written next to Chinese text is still replaced.
_ID_CHAR = r"[A-Za-z0-9_-]"


@dataclass(frozen=True)
class Privacy:
    """Teacher ids and names as this caller may see them: pseudonyms for researchers, and for a
    caller with an org scope, no ids of teachers outside it in free text."""

    pseudonyms: Pseudonyms | None
    scope: str | None = None

    def id(self, teacher_id: str) -> str:
        return self.pseudonyms.hide(teacher_id) if self.pseudonyms else teacher_id

    def name(self, teacher_id: str, name: str) -> str:
        return self.pseudonyms.hide(teacher_id) if self.pseudonyms else name

    def outside(self, store: TalentStore, teacher_ids: set[str]) -> set[str]:
        """The ids among ``teacher_ids`` of teachers outside the caller's scope (or unknown)."""
        if self.scope is None or not teacher_ids:
            return set()
        return teacher_ids - records.visible_teachers(store, sorted(teacher_ids), self.scope)

    def text(self, text: str, teacher_ids: set[str], outside: set[str] | None = None) -> str:
        """``text`` with the given teacher ids, where they stand as whole tokens, replaced: those in
        ``outside`` by a neutral wording, the others by their pseudonyms (for researchers)."""
        hidden = outside or set()
        shown = {t: OUTSIDE_SCOPE if t in hidden else self.id(t) for t in teacher_ids | hidden}
        shown = {t: s for t, s in shown.items() if s != t and t}
        if not shown:
            return text
        ids = "|".join(re.escape(t) for t in sorted(shown, key=len, reverse=True))
        pattern = re.compile(f"(?<!{_ID_CHAR})(?:{ids})(?!{_ID_CHAR})")
        return pattern.sub(lambda m: shown[m.group(0)], text)

    def record_id(self, record_id: str) -> str:
        """Record ids hash a row's values, teacher id included: researchers get them keyed too,
        or the id could be found by hashing guessed ids."""
        return self.pseudonyms.hide(record_id) if self.pseudonyms else record_id

    def path_id(self, given: str) -> str:
        """The real id behind a teacher id from a URL or body (a pseudonym, for researchers)."""
        if not self.pseudonyms:
            return given
        real = self.pseudonyms.reveal(given)
        if real is None:
            raise NotFound(f"no teacher {given!r}")
        return real


async def privacy(state: State, caller: Caller) -> Privacy:
    return Privacy(state.pseudonyms if caller.pseudonymised else None, caller.org_id)


Private = Annotated[Privacy, Depends(privacy)]
