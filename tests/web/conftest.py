"""The web app's tests: a signed-in browser-like client (cookies, CSRF tokens from the forms)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def signed_in(client: TestClient, token: str) -> TestClient:
    """``client`` signed in with ``token`` through the sign-in form, as a browser would."""
    form = client.get("/app/signin")
    answer = client.post("/app/signin", data={"csrf": csrf_of(form.text), "token": token,
                                              "next": "/app/overview"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client
