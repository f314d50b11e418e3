"""The planners' web app: pages under /app, static files under /static, beside the HTTP API.

``mount(api, services, registry)`` adds it to the API's application (the composition root,
``talentgraph.bootstrap.api_app``, calls it), over the same use cases, tokens, roles and scopes.
The pages are a FastAPI sub-application of their own: its route table (``create_web().routes``,
and its OpenAPI document, which is not served) is what the page leak test walks, as the API's
leak test walks the API's.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from neo4j.exceptions import DriverError, Neo4jError
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentgraph.access import TokenRegistry
from talentgraph.errors import (
    Forbidden,
    InvalidTarget,
    NotFound,
    PolicyError,
    ReadOnly,
    Refused,
    StoreUnavailable,
    TalentGraphError,
    TokenFileError,
)
from talentgraph.services import Services
from talentgraph.web.deps import BadForm, SignInNeeded, WebState, visit
from talentgraph.web.forms import BadValue
from talentgraph.web.pages import auth, candidates, overview, policy, rounds, studios, teachers, upload
from talentgraph.web.refusals import refusal_words
from talentgraph.web.render import PREFIX, redirect, render
from talentgraph.web.sessions import Sessions
from talentgraph.web.uploads import PendingUploads

log = logging.getLogger("talentgraph.web")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    """Marks a message for the catalogue; the error page translates it when it renders."""
    return message

PAGES = (auth, overview, candidates, rounds, teachers, studios, upload, policy)
RETRY_AFTER_S = 5


def create_web(services: Services, registry: TokenRegistry, shared: Path | None = None) -> FastAPI:
    """The pages over the use cases ``services``, for the callers in ``registry``. Sessions and
    checked uploads live in this process, or in the folder ``shared`` when several server
    processes answer (``talentgraph serve --workers N``)."""
    web = FastAPI(title="talentgraph web", docs_url=None, redoc_url=None, openapi_url=None)
    if shared is None:
        state = WebState(services, registry, Sessions(services.keys.session))
    else:
        state = WebState(services, registry, Sessions(services.keys.session, shared / "sessions.sqlite"),
                         PendingUploads(shared / "uploads"))
    web.state.talentgraph_web = state
    for module in PAGES:
        web.include_router(module.router)
    _install_errors(web)
    return web


def mount(api: FastAPI, services: Services, registry: TokenRegistry, shared: Path | None = None) -> FastAPI:
    """Serve the web app at /app (and / leads there) and its static files at /static."""
    web = create_web(services, registry, shared)
    static = resources.files("talentgraph.web") / "static"
    api.mount("/static", StaticFiles(directory=str(static)), name="static")
    api.mount(PREFIX, web, name="web")

    @api.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(f"{PREFIX}/", status_code=303)

    return web


def _install_errors(web: FastAPI) -> None:
    async def answer(request: Request, status: int, title: str, detail: str = "",
                     problems: list[str] | None = None, original: str = "", back: str = "") -> Response:
        v = await visit(request, web.state.talentgraph_web)
        w = v.words
        response = render(v, "error.html", status, title=w.gettext(title), detail=detail,
                          problems=problems or [], original=original, back=back)
        if status == 503:
            response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @web.exception_handler(SignInNeeded)
    async def sign_in(request: Request, _: SignInNeeded) -> Response:
        v = await visit(request, web.state.talentgraph_web)
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(v, f"{PREFIX}/signin?next={_quoted(back)}")

    @web.exception_handler(NotFound)
    async def not_found(request: Request, _: NotFound) -> Response:
        # One page for "missing" and "outside your scope": nothing of the request is echoed.
        return await answer(request, 404, N_("Not found"),
                            N_("It does not exist, or it lies outside the part of the region you may see."))

    @web.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return await answer(request, 403, N_("Not allowed"), N_("Your role may not do this."))

    @web.exception_handler(BadForm)
    async def bad_form(request: Request, _: BadForm) -> Response:
        return await answer(request, 403, N_("The form has expired"),
                            N_("Open the page again and resend the form (it was not accepted)."))

    @web.exception_handler(ReadOnly)
    async def read_only(request: Request, exc: ReadOnly) -> Response:
        return await answer(request, 405, N_("This server is read-only"), str(exc))

    @web.exception_handler(InvalidTarget)
    @web.exception_handler(PolicyError)
    async def bad_question(request: Request, exc: TalentGraphError) -> Response:
        return await answer(request, 422, N_("This question cannot be asked"), str(exc))

    @web.exception_handler(BadValue)
    async def bad_value(request: Request, exc: BadValue) -> Response:
        return await answer(request, 422, N_("A value of the address cannot be read"), "", [exc.field])

    @web.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "?" for e in exc.errors()})
        return await answer(request, 422, N_("A value of the address cannot be read"), "", fields)

    @web.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        # A workflow's step refused: nothing changed. The reason in the visitor's language, and
        # the service's own English words beside it (what the API and the audit say).
        v = await visit(request, web.state.talentgraph_web)
        words, known = refusal_words(v.words, str(exc))
        shown = str(exc) if v.words.chinese or not known else ""
        at = _ROUND.match(request.url.path)  # a step of a round: back to that round
        return await answer(request, 409, N_("Refused: nothing was changed"), words, original=shown,
                            back=f"{PREFIX}/rounds/{at.group(1)}" if at else "")

    @web.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> Response:
        return await answer(request, 503, N_("The store cannot be reached"), N_("Try again in a moment."))

    @web.exception_handler(DriverError)
    @web.exception_handler(Neo4jError)
    async def store_trouble(request: Request, exc: Exception) -> Response:
        # The store did not answer, or refused a statement: a page saying so, not a 500.
        log.warning("store error: %s", exc)
        return await answer(request, 503, N_("The store cannot be reached"), N_("Try again in a moment."))

    @web.exception_handler(TokenFileError)
    async def token_file(request: Request, exc: TokenFileError) -> Response:
        log.error("%s", exc)
        return await answer(request, 500, N_("The server's token file is unreadable"),
                            N_("An administrator must repair it."))

    @web.exception_handler(TalentGraphError)
    async def other(request: Request, exc: TalentGraphError) -> Response:
        return await answer(request, 422, N_("This request cannot be answered"), str(exc))

    @web.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await not_found(request, NotFound(""))
        return await answer(request, exc.status_code, N_("This request cannot be answered"))


_ROUND = re.compile(rf"^{PREFIX}/rounds/([A-Za-z0-9_-]+)/")


def _quoted(path: str) -> str:
    return quote(path, safe="")
