"""No answer leaks, for every route in the OpenAPI document.

Over a generated two-county region with links across the county line (leak_region.py), every
operation of ``app.openapi()`` is called as a planner of county A and as a researcher, with the
ids it takes (path parameters, ``org_id``, ids in the body) inside the caller's scope and, one at
a time, outside it and missing. Then:

- no answer, errors included, holds the id or name of a teacher outside the caller's scope, the
  id of a studio led from outside it, or of an org outside it (save those an inside teacher's own
  records name: a posting to a school of the other county); a researcher's holds no real teacher
  id or name at all;
- an id outside the scope and an id that does not exist get the same answer, byte for byte, and
  that answer is "not found": 404 for an id in the path or query, 422 for one in a body.

Nothing here lists the routes: a route added later is called like the others, and one the test
cannot fill (a parameter, a body field or an answer type it does not know) fails it loudly.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.domain.rules import CATALOGUE, RULES
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.services.writes import READ_ONLY
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore
from talentgraph.store.protocol import TalentStore
from tests.api.leak_region import (
    AS_OF,
    MISSING_ORG,
    MISSING_ROUND,
    MISSING_STUDIO,
    MISSING_TEACHER,
    A,
    B,
    LeakRegion,
    leak_region,
)
from tests.integration.bolt_server import BoltTarget

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEACHER_ID, STUDIO_ID = re.compile(r"T\d{7}"), re.compile(r"ST\d{4}")
ORG_ID = re.compile(r"C\d\d-K\d\d(?:-S\d{4})?")
CJK = re.compile(r"[\u3400-\u9fff]+")
PATH_KINDS = {"teacher_id": "teacher", "studio_id": "studio", "org_id": "org", "record_id": "record",
              "round_id": "round"}
BODY_KINDS = {"teacher_id": "teacher", "mentor_id": "teacher", "mentee_id": "teacher", "lead_id": "teacher",
              "org_id": "org", "parent_id": "org", "host_org_id": "org", "school_id": "school"}
QUERY_FILLED = {"target", "policy", "track", "as_of", "format", "org_id"}
MISSING_RECORD = "0" * 16


@dataclass(frozen=True)
class Ids:
    """Values of one kind of id: some inside the caller's scope, one outside it (None when the
    caller sees everything of this kind), and one that does not exist."""

    inside: tuple[str, ...]
    outside: str | None
    missing: str


@dataclass
class Caller:
    role: str
    client: TestClient
    admin: dict[str, str]  # headers of an admin token, to find the records a caller cannot see
    ids: dict[str, Ids]
    real: dict[str, str]  # the real id of each teacher id in ``ids`` (pseudonyms, for a researcher)
    forbidden_teachers: set[str]
    forbidden_studios: set[str]
    forbidden_orgs: set[str]
    forbidden_names: set[str]
    answered: dict[str, set[int]] = field(default_factory=dict)

    def leaks(self, text: str) -> list[str]:
        found = set(TEACHER_ID.findall(text)) & self.forbidden_teachers
        found |= set(STUDIO_ID.findall(text)) & self.forbidden_studios
        found |= set(ORG_ID.findall(text)) & self.forbidden_orgs
        return sorted(found | (cjk_runs(text) & self.forbidden_names))


def cjk_runs(text: str, longest: int = 4) -> set[str]:
    """Every run of 2 to ``longest`` CJK characters in ``text``: where a name can stand."""
    out = set()
    for run in CJK.findall(text):
        out.update(run[i:j] for i in range(len(run)) for j in range(i + 2, min(len(run), i + longest) + 1))
    return out


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> LeakRegion:
    return leak_region(tmp_path_factory.mktemp("leak") / "region")


@pytest.fixture(scope="module", params=["embedded", "bolt"])
def store(request: pytest.FixtureRequest, region: LeakRegion,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalentStore]:
    """The region on each store (the answers are the service layer's, the facts each store's own),
    loaded once for both callers: the researcher's run writes nothing (403), the planner's comes
    after it (``caller``'s order) and may."""
    if request.param == "embedded":
        yield EmbeddedStore(region.roster, tmp_path_factory.mktemp("leak-store") / "region.snapshot")
        return
    target: BoltTarget = request.getfixturevalue("bolt_target")
    bolt = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
    try:
        bolt.clear()
        bolt.load(region.roster)
        yield bolt
    finally:
        bolt.close()


@pytest.fixture(params=["researcher", "planner"])
def caller(request: pytest.FixtureRequest, region: LeakRegion, store: TalentStore,
           tmp_path: Path) -> Iterator[Caller]:
    home = tmp_path / "home"
    registry = TokenRegistry(home)
    role = Role(request.param)
    token = registry.create(role, A if role is Role.PLANNER else None)[0]
    admin = {"Authorization": f"Bearer {registry.create(Role.ADMIN)[0]}"}
    app = api_app(store, home=home)
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        hide = app.state.talentgraph.services.keys.pseudonyms.hide
        yield _caller(role, client, admin, region, hide)


def _caller(role: Role, client: TestClient, admin: dict[str, str], region: LeakRegion, hide: Any) -> Caller:
    """What a planner of A, or a researcher, may send and must never read."""
    allowed = _not_names(client.app.openapi(), region)  # type: ignore[attr-defined]
    if role is Role.PLANNER:
        inside = [region.names[t] for t in region.teachers_of(A)]
        inside += [s["name"] for s in region.roster["studios"].to_pylist() if s["id"] in region.studios_of(A)]
        allowed |= set().union(*(cjk_runs(n) for n in inside))
        ids = {"teacher": Ids(region.a[:2], region.b[0], MISSING_TEACHER),
               "studio": Ids(("ST9001",), "ST9002", MISSING_STUDIO),
               "org": Ids((A, region.a_school), B, MISSING_ORG),
               "school": Ids((region.a_school,), region.b_school, f"{MISSING_ORG}-S0001"),
               "round": Ids(("RA", "RC"), "RB", MISSING_ROUND)}
        outside = region.teachers_of(B)
        names = {region.names[t] for t in outside} - allowed - {""}
        return Caller("planner", client, admin, ids, {t: t for t in region.a[:2]}, outside,
                      region.studios_of(B), _outside_orgs(region), names)
    hidden = {hide(t): t for t in region.a[:2]}
    ids = {"teacher": Ids(tuple(hidden), region.a[0], hide(MISSING_TEACHER)),
           "studio": Ids(("ST9001", "ST9002"), None, MISSING_STUDIO),
           "org": Ids((A, B), None, MISSING_ORG),
           "school": Ids((region.a_school, region.b_school), None, f"{MISSING_ORG}-S0001"),
           "round": Ids(("RA", "RC"), None, MISSING_ROUND)}
    everyone = set(region.county_of)
    return Caller("researcher", client, admin, ids, hidden, everyone, set(), set(),
                  {region.names[t] for t in everyone} - allowed - {""})


def _outside_orgs(region: LeakRegion) -> set[str]:
    """County B and its schools, save those the records of a county-A teacher name (a posting
    there, a title it awarded) or an A-led studio is hosted by: the teacher's own history."""
    roster, inside = region.roster, region.teachers_of(A)
    named = {r[c] for name, c in (("titles", "org_id"), ("programmes", "org_id"), ("postings", "school_id"))
             for r in roster[name].to_pylist() if r["teacher_id"] in inside}
    named |= {s["host_org_id"] for s in roster["studios"].to_pylist() if s["lead_id"] in inside}
    return {o for o in roster["orgs"]["id"].to_pylist() if o.startswith(B)} - named


def _not_names(schema: dict[str, Any], region: LeakRegion) -> set[str]:
    """CJK text any caller may read that is no teacher's name: org and programme names, the
    policies, rule texts, the examples of the OpenAPI document, the server's own messages."""
    roster = region.roster
    texts = [*roster["orgs"]["name"].to_pylist(), *roster["training"]["programme"].to_pylist(),
             json.dumps(schema, ensure_ascii=False), READ_ONLY, *RULES.values(),
             *(r.text for r in CATALOGUE), *(r.seed for r in CATALOGUE),
             *(load_policy(n).model_dump_json() for n in builtin_policy_names())]
    return set().union(*(cjk_runs(t) for t in texts if t))


# -- a request, from the OpenAPI document ------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """An id a request carries: where (path, query or body), under which name, of which kind."""

    where: str
    name: str
    kind: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]
    schema: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.method} {self.path}"

    def query_params(self) -> dict[str, dict[str, Any]]:
        return {p["name"]: p for p in self.spec.get("parameters", []) if p["in"] == "query"}

    def body(self) -> tuple[dict[str, Any] | None, bool]:
        """The body's example (every body in the document has one); True for a file upload."""
        content = self.spec.get("requestBody", {}).get("content", {})
        if not content:
            return None, False
        if "multipart/form-data" in content:
            return None, True
        if "application/json" not in content:
            pytest.fail(f"the leak test cannot send a {sorted(content)} body to {self.name}")
        ref = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        examples = self.schema["components"]["schemas"][ref].get("examples")
        if not examples:
            pytest.fail(f"the body of {self.name} has no example to send")
        return dict(examples[0]), False

    def slots(self, body: dict[str, Any] | None) -> list[Slot]:
        found = []
        for param in self.spec.get("parameters", []):
            if param["in"] == "path":
                if param["name"] not in PATH_KINDS:
                    pytest.fail(f"the leak test cannot fill path parameter {param['name']!r} of {self.name}")
                found.append(Slot("path", param["name"], PATH_KINDS[param["name"]]))
            elif param["name"] == "org_id":
                found.append(Slot("query", "org_id", "org"))
            elif param.get("required") and param["name"] not in QUERY_FILLED:
                pytest.fail(f"the leak test cannot fill query parameter {param['name']!r} of {self.name}")
        for name in body or {}:
            if name in BODY_KINDS:
                found.append(Slot("body", name, BODY_KINDS[name]))
            elif name.endswith("_id"):
                pytest.fail(f"the leak test cannot fill body field {name!r} of {self.name}")
        return found

    def questions(self) -> list[dict[str, str]]:
        """Query values besides ids: for an explanation, every (policy, target), as its words depend
        on them; elsewhere the example target. Every value of a ``format``."""
        params = self.query_params()
        combos: list[dict[str, str]] = [{}]
        if "target" in params and "{teacher_id}" in self.path:
            combos = [{"policy": name, "target": f"{t.tier.value}@{t.level.value}", "track": t.track.value}
                      for name in builtin_policy_names() for t in load_policy(name).covers()]
        elif "target" in params:
            combos = [{"target": params["target"]["schema"]["examples"][0]}]
        if "as_of" in params:
            combos = [c | {"as_of": AS_OF} for c in combos]
        if "format" in params:
            ref = params["format"]["schema"]["$ref"].rsplit("/", 1)[-1]
            formats = self.schema["components"]["schemas"][ref]["enum"]
            combos = [c | {"format": f} for c in combos for f in formats]
        return combos


def _request(op: Operation, values: dict[Slot, str], query: dict[str, str], body: dict[str, Any] | None,
             upload: bool) -> tuple[str, dict[str, str], dict[str, Any] | None, dict[str, Any] | None]:
    path, query, body = op.path, dict(query), None if body is None else dict(body)
    for slot, value in values.items():
        if slot.where == "path":
            path = path.replace("{" + slot.name + "}", value)
        elif slot.where == "query":
            query[slot.name] = value
        elif body is not None:
            body[slot.name] = value
    files = {"file": ("bundle.zip", b"not a zip", "application/zip")} if upload else None
    return path, query, body, files


def _text(answer: httpx.Response, what: str) -> str:
    kind = answer.headers.get("content-type", "")
    if not answer.content:
        return ""
    if kind.startswith(("application/json", "text/")):
        return answer.text
    if kind.startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    pytest.fail(f"the leak test cannot read a {kind!r} answer of {what}")


# -- the test --------------------------------------------------------------------------------


class Run:
    """Calls one operation for one caller, in every variant, and collects what leaked."""

    def __init__(self, caller: Caller, op: Operation, new_ids: Iterator[int]) -> None:
        self.caller, self.op, self.new_ids = caller, op, new_ids
        self.example, self.upload = op.body()
        self.slots = op.slots(self.example)
        self.problems: list[str] = []

    def send(self, values: dict[Slot, str], query: dict[str, str]) -> httpx.Response:
        body = self.example
        if body is not None and "id" in body:  # a new entity's own id: one nobody has
            body = body | {"id": f"LEAK{next(self.new_ids):04d}"}
        path, params, body, files = _request(self.op, values, query, body, self.upload)
        answer = self.caller.client.request(self.op.method, path, params=params, json=body, files=files)
        what = f"{self.op.name} {params} {body}"
        assert answer.status_code < 500, (what, answer.text)
        self.caller.answered.setdefault(self.op.name, set()).add(answer.status_code)
        self.problems += [f"{what}: {leak}" for leak in self.caller.leaks(_text(answer, what))]
        return answer

    def ids_for(self, inside: dict[Slot, str]) -> dict[str, Ids]:
        ids = dict(self.caller.ids)
        record = next((s for s in self.slots if s.kind == "record"), None)
        if record is not None:
            ids["record"] = self._records(inside)
        return ids

    def _records(self, inside: dict[Slot, str]) -> Ids:
        """For /{record_id}: a record the caller can list, one it cannot (the same teacher's, hidden
        from it, else an outside teacher's), and one that does not exist."""
        teacher = next(v for s, v in inside.items() if s.kind == "teacher" and s.where == "path")
        listing = _request(self.op, inside, {}, None, False)[0].rsplit("/{record_id}", 1)[0]
        client, caller = self.caller.client, self.caller
        mine = [r["record_id"] for r in client.get(listing).json()["items"]]
        every = [r["record_id"] for r in client.get(listing.replace(teacher, caller.real[teacher]),
                                                    headers=caller.admin).json()["items"]]
        hidden = [r for r in every if r not in mine]
        if caller.role == "researcher":  # sees every record
            return Ids(tuple(mine[:1]) or (MISSING_RECORD,), None, MISSING_RECORD)
        for other in sorted(caller.forbidden_teachers):  # else a record of a teacher outside
            if hidden:
                break
            hidden = [r["record_id"] for r in client.get(listing.replace(teacher, other),
                                                        headers=caller.admin).json()["items"]]
        return Ids(tuple(mine[:1]) or (MISSING_RECORD,), hidden[0], MISSING_RECORD)

    def run(self) -> None:
        teachers = itertools.cycle(self.caller.ids["teacher"].inside)
        inside = {s: next(teachers) if s.kind == "teacher" else self.caller.ids[s.kind].inside[0]
                  for s in self.slots if s.kind != "record"}
        for n, query in enumerate(self.op.questions()):
            ids = self.ids_for(inside)
            values = inside | {s: ids["record"].inside[0] for s in self.slots if s.kind == "record"}
            if n == 0:
                self.outside_reads_as_missing(values, query, ids)
            variants = [values]
            if n == 0 and self.op.method == "GET":  # every id inside the scope, one at a time
                variants += [values | {s: v} for s in self.slots if s.kind != "record"
                             for v in ids[s.kind].inside[1:]]
            for variant in variants:
                self.send(variant, query)

    def outside_reads_as_missing(self, values: dict[Slot, str], query: dict[str, str],
                                 ids: dict[str, Ids]) -> None:
        for slot in self.slots:
            kind = ids[slot.kind]
            if kind.outside is None:
                continue
            out = self.send(values | {slot: kind.outside}, query)
            missing = self.send(values | {slot: kind.missing}, query)
            if (out.status_code, out.content) != (missing.status_code, missing.content):
                self.problems.append(f"{self.op.name} {slot.name}: outside the scope {out.status_code} "
                                     f"{out.text[:160]!r}; missing {missing.status_code} "
                                     f"{missing.text[:160]!r}")
            not_found = 422 if slot.where == "body" else 404
            if missing.status_code not in (not_found, 403):  # 403: the role may not call it at all
                self.problems.append(f"{self.op.name} {slot.name}: a missing id answers "
                                     f"{missing.status_code}, not {not_found}: {missing.text[:160]!r}")


def test_no_answer_leaks_and_outside_reads_as_missing(caller: Caller) -> None:
    schema = caller.client.app.openapi()  # type: ignore[attr-defined]
    operations = [Operation(method.upper(), path, spec, schema)
                  for path, specs in schema["paths"].items() for method, spec in specs.items()]
    assert len(operations) >= 40, "the route table is not what the test reads"
    operations.sort(key=lambda o: o.method != "GET")  # reads first: writes change what reads see
    new_ids, problems = itertools.count(), []
    for op in operations:
        run = Run(caller, op, new_ids)
        run.run()
        problems += run.problems
    assert problems == []
    # Not vacuous: every read answered with content at least once.
    unread = sorted(k for k, codes in caller.answered.items() if k.startswith("GET") and 200 not in codes)
    assert unread == []
