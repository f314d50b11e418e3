"""Signing in with an API token, signing out, and the front page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import Response

from talentgraph.web.deps import Posted, PostedAnonymously, SignedIn, Visitor, sign_in, sign_out
from talentgraph.web.render import PREFIX, redirect, render
from talentgraph.web.sessions import COOKIE

router = APIRouter()


def _local(path: str | None) -> str:
    """Where to go after signing in: a page of this app only (never another site)."""
    if path and path.startswith(PREFIX + "/") and not path.startswith("//") and "\\" not in path:
        return path
    return f"{PREFIX}/overview"


@router.get("/", summary="The front page: the overview")
def front(p: SignedIn) -> Response:
    return redirect(p, f"{PREFIX}/overview")


@router.get("/signin", summary="Sign in with a token")
def signin_form(v: Visitor, next: str | None = None) -> Response:
    return render(v, "signin.html", next=_local(next), failed=False)


@router.post("/signin", summary="Sign in with a token")
def signin(v: PostedAnonymously, token: Annotated[str, Form()] = "",
           next: Annotated[str, Form()] = "") -> Response:
    if not sign_in(v, token):
        return render(v, "signin.html", 401, next=_local(next), failed=True)
    return redirect(v, _local(next))


@router.post("/signout", summary="Sign out")
def signout(p: Posted) -> Response:
    sign_out(p)
    response = redirect(p, f"{PREFIX}/signin")
    response.delete_cookie(COOKIE, path="/")
    return response
