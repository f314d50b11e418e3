"""One place that turns talentgraph's exceptions into HTTP answers (and documents them)."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import DriverError, Neo4jError, TransientError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentgraph.errors import (
    BundleError,
    Conflict,
    Forbidden,
    InvalidTarget,
    NotFound,
    PolicyError,
    Problem,
    ReadOnly,
    StoreUnavailable,
    TalentGraphError,
    TokenFileError,
)
from talentgraph.i18n import ENGLISH, Words, negotiate
from talentgraph_api.schemas.common import ErrorBody, ProblemOut

RETRY_AFTER_S = 5
log = logging.getLogger("talentgraph.api")

COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid token."},
    403: {"model": ErrorBody, "description": "The caller's role may not do this."},
    404: {"model": ErrorBody, "description": "Not found, or outside the caller's org subtree (one answer)."},
    405: {"model": ErrorBody, "description": "A write to a read-only server (serving a bundle from memory)."},
    409: {"model": ErrorBody, "description": "Conflicts with what is stored."},
    422: {"model": ErrorBody, "description": "Invalid input: each problem names the field and the reason."},
    500: {"model": ErrorBody, "description": "The server's token file is unreadable (an admin must fix it)."},
    503: {"model": ErrorBody,
          "description": "The store cannot be reached; retry after `Retry-After` seconds.",
          "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
}


def _body(status: int, detail: str, problems: list[ProblemOut] | None = None,
          headers: dict[str, str] | None = None, *, warnings: list[ProblemOut] | None = None,
          notices: list[ProblemOut] | None = None) -> JSONResponse:
    content = ErrorBody(detail=detail, problems=problems or [], warnings=warnings or [],
                        notices=notices or []).model_dump(mode="json")
    return JSONResponse(content, status_code=status, headers=headers)


def words_of(request: Request) -> Words:
    """The reader's language, as the ``Language`` dependency chooses it (``Accept-Language``;
    English without it)."""
    accept = request.headers.get("accept-language")
    return Words.of(negotiate(None, accept) if accept else ENGLISH)


def problem_out(problem: Problem, words: Words) -> ProblemOut:
    """A bundle problem (warning, notice): file, row and column as data, the reason in words."""
    return ProblemOut(file=problem.file, place=problem.place, row=problem.row, column=problem.column,
                      field=problem.column, reason=words.problem_reason(problem))


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return _body(404, words_of(request).error(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> JSONResponse:
        return _body(403, words_of(request).error(exc))

    @app.exception_handler(ReadOnly)
    async def read_only(request: Request, exc: ReadOnly) -> JSONResponse:
        allowed = sorted(_methods(app, request.url.path) & {"GET"})
        return _body(405, words_of(request).error(exc), headers={"Allow": ", ".join(allowed)})

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> JSONResponse:
        return _body(409, words_of(request).error(exc))

    @app.exception_handler(BundleError)
    async def invalid_bundle(request: Request, exc: BundleError) -> JSONResponse:
        words = words_of(request)
        problems = [problem_out(p, words) for p in exc.problems]
        detail = words.gettext("{n} problem(s); nothing was written").format(n=exc.total)
        if exc.total != len(problems):
            listed = words.gettext(" (listed: {n}; the rest are counted in summaries)")
            detail += listed.format(n=len(problems))
        return _body(422, detail, problems, warnings=[problem_out(p, words) for p in exc.warnings],
                     notices=[problem_out(p, words) for p in exc.notices])

    @app.exception_handler(InvalidTarget)
    @app.exception_handler(PolicyError)
    async def invalid_question(request: Request, exc: TalentGraphError) -> JSONResponse:
        said = words_of(request).error(exc)
        return _body(422, said, [ProblemOut(field="target", reason=said)])

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return _body(503, words_of(request).error(exc), headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(TokenFileError)
    async def token_file(_: Request, exc: TokenFileError) -> JSONResponse:
        log.error("%s", exc)  # the path and reason go to the log; the caller learns only that it failed
        return _body(500, "the server's token file is unreadable; an administrator must repair it")

    @app.exception_handler(TransientError)
    @app.exception_handler(DriverError)
    async def driver_trouble(_: Request, exc: Exception) -> JSONResponse:
        log.warning("store error: %s", exc)
        return _body(503, "the store did not answer; try again", headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(Neo4jError)
    async def store_refused(_: Request, exc: Neo4jError) -> JSONResponse:
        log.warning("store refused a statement: %s", exc)
        return _body(503, "the store could not answer this request; try again",
                     headers={"Retry-After": str(RETRY_AFTER_S)})

    @app.exception_handler(TalentGraphError)
    async def other(request: Request, exc: TalentGraphError) -> JSONResponse:
        return _body(422, words_of(request).error(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [ProblemOut(field=".".join(str(p) for p in err.get("loc", ())),
                               reason=str(err.get("msg", "")))
                    for err in exc.errors()]
        return _body(422, "invalid input", problems)

    @app.exception_handler(ValidationError)
    async def invalid_record(_: Request, exc: ValidationError) -> JSONResponse:
        """A body that parses but does not make a valid record (a result that does not fit the kind)."""
        problems = [ProblemOut(field=".".join(str(p) for p in err.get("loc", ())) or None, reason=err["msg"])
                    for err in exc.errors()]
        return _body(422, "invalid input", problems)

    @app.exception_handler(UnicodeError)
    async def bad_text(_: Request, exc: UnicodeError) -> JSONResponse:
        return _body(422, "invalid text (not UTF-8)", [ProblemOut(reason=str(exc))])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 400:  # a body that does not parse: bad input like any other
            return _body(422, "invalid input", [ProblemOut(field="body", reason=str(exc.detail))])
        if exc.status_code == 405:  # every method of the path, not only the first route's
            headers["Allow"] = ", ".join(sorted(_methods(app, request.url.path)))
        return _body(exc.status_code, str(exc.detail), headers=headers or None)


def _methods(app: FastAPI, path: str) -> set[str]:
    """The methods the OpenAPI document gives ``path`` (the route table as published: included
    routers are not flat in ``app.routes``). A literal path (/orgs/tree) is its own resource,
    even where a template (/orgs/{org_id}) would match it too."""
    paths: dict[str, dict[str, object]] = app.openapi()["paths"]
    if path in paths:
        return {method.upper() for method in paths[path]}
    return {method.upper() for template, operations in paths.items()
            if re.fullmatch(re.sub(r"\{[^}/]+\}", "[^/]+", template), path) for method in operations}
