"""No page leaks, for every page of the web app: the API's leak test, extended to the pages.

The pages are found the way the API's routes are: from the web app's own route table (its
OpenAPI document, ``web.openapi()``, which the server does not publish). Every GET page is
opened, signed in as a planner of county A and as a researcher, over the two-county region of
tests/api/leak_region.py on both stores, with each id it takes (in the path, ``org_id``,
``school``) inside the caller's scope and, one at a time, outside it and missing. Then:

- no page, error pages included, shows the id or name of a teacher outside the caller's scope, a
  studio led from outside it or an org outside it (those the API may show, the pages may too);
  a researcher's pages show no real teacher id or name at all;
- an id outside the scope and a missing one get the same page, byte for byte, and it is the
  404 page.

A page added later is opened like the others; one whose parameters the test cannot fill fails it.
Every POST route is refused without its session's CSRF token (test_forms.py).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.i18n import CHINESE, translations
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.protocol import TalentStore
from tests.api.leak_region import AS_OF, A, LeakRegion
from tests.api.test_leaks import (  # noqa: F401 - the region and its stores are the API test's fixtures
    PATH_KINDS,
    Caller,
    Ids,
    _caller,
    _text,
    cjk_runs,
    region,
    store,
)
from tests.web.conftest import signed_in

ID_QUERIES = {"org_id": "org", "school": "school", "round": "round"}
# Query values besides ids: what a planner would choose (every value that changes the words).
QUERY_VALUES: dict[str, list[str]] = {
    "as_of": [AS_OF], "verdict": ["", "review"], "stage": ["", "junior"], "subject": ["", "math"],
    "page": ["1", "2"], "format": ["xlsx", "csv"], "lang": ["zh_CN", "en"], "name": builtin_policy_names(),
    "track": ["teacher"], "next": ["/app/overview"], "sort": ["", "roster"], "readiness": ["", "1"],
}


def web_of(app: FastAPI) -> FastAPI:
    """The web app mounted in the API's application."""
    for route in app.routes:
        if isinstance(route, Mount) and route.path == "/app" and isinstance(route.app, FastAPI):
            return route.app
    raise AssertionError("no web app mounted at /app")


def pages(web: FastAPI) -> list[tuple[str, dict[str, Any]]]:
    """Every GET page of the web app: (path, operation) from its route table."""
    paths: dict[str, dict[str, Any]] = web.openapi()["paths"]
    return [("/app" + ("" if path == "/" else path), spec["get"])
            for path, spec in paths.items() if "get" in spec]


@pytest.fixture(params=["researcher", "planner"])
def visitor(request: pytest.FixtureRequest, region: LeakRegion, store: TalentStore,  # noqa: F811
            tmp_path: Path) -> Iterator[Caller]:
    home = tmp_path / "home"
    registry = TokenRegistry(home)
    role = Role(request.param)
    token = registry.create(role, A if role is Role.PLANNER else None)[0]
    admin = {"Authorization": f"Bearer {registry.create(Role.ADMIN)[0]}"}
    app = api_app(store, home=home)
    with TestClient(app) as client:
        signed_in(client, token)
        hide = app.state.talentgraph.services.keys.pseudonyms.hide
        caller = _caller(role, client, admin, region, hide)
        for text in translations(CHINESE)._catalog.values():  # type: ignore[attr-defined]
            caller.forbidden_names -= cjk_runs(text)  # the pages' own words are nobody's name
        yield caller


@dataclass(frozen=True)
class Slot:
    where: str
    name: str
    kind: str


def _slots(path: str, op: dict[str, Any]) -> tuple[list[Slot], list[dict[str, str]]]:
    """The ids a page takes, and the query values to ask it with: a first combination, then one
    value changed at a time (every target, and every policy where the page takes one)."""
    slots: list[Slot] = []
    choices: dict[str, list[dict[str, str]]] = {}
    names = {q["name"] for q in op.get("parameters", [])}
    for param in op.get("parameters", []):
        name = param["name"]
        if param["in"] == "path":
            if name not in PATH_KINDS:
                pytest.fail(f"the page leak test cannot fill path parameter {name!r} of {path}")
            slots.append(Slot("path", name, PATH_KINDS[name]))
        elif name in ID_QUERIES:
            slots.append(Slot("query", name, ID_QUERIES[name]))
        elif name == "target":
            policies = builtin_policy_names() if "policy" in names else ["reference"]
            choices[name] = [{"target": f"{t.tier.value}@{t.level.value}", "track": t.track.value}
                             | ({"policy": p} if "policy" in names else {})
                             for p in policies for t in load_policy(p).covers()]
        elif name in QUERY_VALUES:
            choices[name] = [{name: v} if v else {} for v in QUERY_VALUES[name]]
        elif name not in ("policy", "track"):
            pytest.fail(f"the page leak test cannot fill query parameter {name!r} of {path}")
    first: dict[str, str] = {}
    for options in choices.values():
        first |= options[0]
    combos = [first] + [first | option for options in choices.values() for option in options[1:]]
    return slots, combos


def _address(path: str, values: dict[Slot, str], query: dict[str, str]) -> tuple[str, dict[str, str]]:
    params = dict(query)
    for slot, value in values.items():
        if slot.where == "path":
            path = path.replace("{" + slot.name + "}", value)
        else:
            params[slot.name] = value
    return path, params


def test_no_page_leaks_and_outside_reads_as_missing(visitor: Caller) -> None:
    web = web_of(visitor.client.app)  # type: ignore[arg-type]
    found = pages(web)
    assert len(found) >= 9, "the page table is not what the test reads"
    problems: list[str] = []
    answered: dict[str, set[int]] = {}

    def send(path: str, values: dict[Slot, str], query: dict[str, str]) -> httpx.Response:
        address, params = _address(path, values, query)
        answer = visitor.client.get(address, params=params, follow_redirects=False)
        what = f"GET {address} {params}"
        assert answer.status_code < 500, (what, answer.text[-2000:])
        answered.setdefault(path, set()).add(answer.status_code)
        problems.extend(f"{what}: {leak}" for leak in visitor.leaks(_text(answer, what)))
        return answer

    for path, op in found:
        slots, combos = _slots(path, op)
        teachers = itertools.cycle(visitor.ids["teacher"].inside)
        inside = {s: next(teachers) if s.kind == "teacher" else visitor.ids[s.kind].inside[0] for s in slots}
        for n, query in enumerate(combos):
            variants = [inside]
            if n == 0:
                variants += [inside | {s: v} for s in slots for v in visitor.ids[s.kind].inside[1:]]
                for slot in slots:
                    ids: Ids = visitor.ids[slot.kind]
                    if ids.outside is None:
                        continue
                    out = send(path, inside | {slot: ids.outside}, query)
                    missing = send(path, inside | {slot: ids.missing}, query)
                    if (out.status_code, out.content) != (missing.status_code, missing.content):
                        problems.append(f"{path} {slot.name}: outside {out.status_code}, missing "
                                        f"{missing.status_code}: the pages differ")
                    if missing.status_code != 404:
                        problems.append(f"{path} {slot.name}: a missing id answers {missing.status_code}")
            for variant in variants:
                send(path, variant, query)
    assert problems == []
    unread = sorted(p for p, codes in answered.items() if 200 not in codes and p != "/app")
    assert unread == [], "pages that never showed content"
