"""What every page gets: the use cases, the visitor's session and language, and (signed in) the
caller's ``Scope``, built from the session's token exactly as the API builds it from a token.

Pages hand the scope to the use cases they call and never look inside it; this module and
``sessions.py`` are the only parts of the web app that touch tokens and keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form, Request

from talentgraph.access import Role, TokenRegistry
from talentgraph.i18n import Words, language_of, negotiate
from talentgraph.services import Scope, Services
from talentgraph.web.sessions import COOKIE, Session, Sessions
from talentgraph.web.uploads import PendingUploads

LANG_COOKIE = "tg_lang"
YEAR_S = 365 * 24 * 3600


@dataclass(frozen=True)
class WebState:
    services: Services
    registry: TokenRegistry
    sessions: Sessions
    uploads: PendingUploads = field(default_factory=PendingUploads)


class SignInNeeded(Exception):
    """No signed-in session: the visitor is sent to the sign-in page."""


class BadForm(Exception):
    """A POST whose CSRF token is not its session's."""


@dataclass
class Visit:
    """One request of a visitor: the session (anonymous or signed in), the language, and the
    cookies the answer must set."""

    request: Request
    state: WebState
    session: Session
    words: Words
    cookies: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def uc(self) -> Services:
        return self.state.services

    def here(self, **changes: str | None) -> str:
        """This page's address with some query values changed (None: removed)."""
        query = {k: v for k, v in self.request.query_params.items() if k not in changes}
        query |= {k: v for k, v in changes.items() if v is not None}
        base = self.request.url.path
        return f"{base}?{urlencode(query)}" if query else base


@dataclass(kw_only=True)
class Page(Visit):
    """A signed-in visit: ``scope`` is what the caller may see (handed to use cases, never read);
    ``role`` and ``org_id`` only label the header."""

    scope: Scope
    role: Role
    org_id: str | None


async def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.talentgraph_web
    return state


async def visit(request: Request, state: Annotated[WebState, Depends(web_state)]) -> Visit:
    session = state.sessions.of_cookie(request.cookies.get(COOKIE))
    cookies: dict[str, tuple[str, int | None]] = {}
    if session is None:
        session = state.sessions.new()
        cookies[COOKIE] = (state.sessions.cookie(session), None)
    asked = language_of(request.query_params.get("lang"))
    lang = negotiate(asked or request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    if asked and asked != request.cookies.get(LANG_COOKIE):
        cookies[LANG_COOKIE] = (asked, YEAR_S)
    return Visit(request, state, session, Words.of(lang), cookies)


Visitor = Annotated[Visit, Depends(visit)]


async def page(v: Visitor) -> Page:
    principal = v.state.registry.principal(v.session.token_id) if v.session.token_id else None
    if principal is None:
        if v.session.token_id:  # the token was revoked: the session ends with it
            v.state.sessions.end(v.session)
        raise SignInNeeded()
    scope = Scope.of(principal, v.state.services.keys)
    return Page(v.request, v.state, v.session, v.words, v.cookies, scope=scope, role=principal.role,
                org_id=principal.org_id)


SignedIn = Annotated[Page, Depends(page)]


async def posted(p: SignedIn, csrf: Annotated[str, Form()] = "") -> Page:
    """A signed-in POST carrying its session's CSRF token (BadForm otherwise)."""
    if not p.session.csrf_ok(csrf):
        raise BadForm()
    return p


async def posted_anonymously(v: Visitor, csrf: Annotated[str, Form()] = "") -> Visit:
    """A POST from any session (the sign-in form) carrying its CSRF token."""
    if not v.session.csrf_ok(csrf):
        raise BadForm()
    return v


Posted = Annotated[Page, Depends(posted)]
PostedAnonymously = Annotated[Visit, Depends(posted_anonymously)]


def sign_in(v: Visit, token: str) -> bool:
    """Start a signed-in session for ``token`` (a new session id and CSRF token), if it is valid."""
    principal = v.state.registry.authenticate(token.strip()) if token.strip() else None
    if principal is None:
        return False
    v.state.sessions.end(v.session)
    session = v.state.sessions.new(principal.token_id)
    v.cookies[COOKIE] = (v.state.sessions.cookie(session), None)
    return True


def sign_out(p: Page) -> None:
    p.state.sessions.end(p.session)
