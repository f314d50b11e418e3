"""The API over both stores: an app per test on a small two-county region, and tokens per role.

``store`` is parametrised: ``embedded`` (a snapshot in a temporary folder: a store that keeps
writes, as the API's writes need) and ``bolt`` (the Neo4j store on the Bolt
test server of tests/integration, loaded with the same region). Tokens are made in a temporary
TALENTGRAPH_HOME, as ``talentgraph token create`` makes them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentgraph.access import Role, TokenRegistry
from talentgraph.bootstrap import api_app
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.settings import get_settings
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore
from talentgraph.store.protocol import TalentStore
from tests.factories import COUNTY, OTHER_COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.integration.bolt_server import BoltTarget

A, B = COUNTY, OTHER_COUNTY  # county A (C1-K1) and county B (C1-K2) of one city (C1)
A_TEACHERS = ("T1", "T2", "T3", "T4")
B_TEACHERS = ("T5", "T6")


def region() -> Region:
    """County A: T1 (backbone@county, mentors T2 and T3, leads studio SA), T2 (rural school), T3,
    T4 (left). County B: T5 (mentors T6, leads studio SB), T6."""
    r = (Region()
         .teacher("T1", entry="2005-09-01", head_teacher=True, stage="senior", subject="physics")
         .teacher("T2", entry="2019-09-01", school=RURAL_SCHOOL, stage="primary", subject="chinese")
         .teacher("T3", entry="2012-09-01")
         .teacher("T4", entry="2010-09-01", status="left")
         .teacher("T5", entry="2008-09-01", school=OTHER_SCHOOL)
         .teacher("T6", entry="2020-09-01", school=OTHER_SCHOOL)
         .title("T1", "backbone", "school", "2015-09-01")
         .title("T1", "backbone", "county", "2019-09-01", org=COUNTY)
         .title("T5", "backbone", "school", "2016-09-01", org=OTHER_SCHOOL)
         .programme("T3", "emerging", "school", "pass")
         .mentorship("T1", "T2", "2019-09-01")
         .mentorship("T1", "T3", "2013-09-01", "2014-07-01")
         .mentorship("T5", "T6", "2020-09-01")
         .studio("SA", "T1").member("SA", "T3", "2021-03-01").link("SA", RURAL_SCHOOL, "2021-01-01")
         .studio("SB", "T5").member("SB", "T6", "2021-03-01")
         .posting("T3", RURAL_SCHOOL, "2016-09-01", "2017-07-01"))
    for teacher in (*A_TEACHERS, *B_TEACHERS):
        r.yearly_hours(teacher, range(2019, 2026))
        for year in range(2021, 2026):
            r.review(teacher, year, "ethics", "pass").review(teacher, year, "annual", "qualified")
    return r


@pytest.fixture
def roster() -> Roster:
    return region().roster()


@pytest.fixture(params=["embedded", "bolt"])
def store(request: pytest.FixtureRequest, roster: Roster, tmp_path: Path) -> Iterator[TalentStore]:
    """The region in each store (a fresh load per test)."""
    if request.param == "embedded":
        yield EmbeddedStore(roster, tmp_path / "region.snapshot")
        return
    target: BoltTarget = request.getfixturevalue("bolt_target")
    bolt = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
    try:
        bolt.clear()
        bolt.load(roster)
        yield bolt
    finally:
        bolt.close()


@pytest.fixture
def embedded(roster: Roster, tmp_path: Path) -> EmbeddedStore:
    return EmbeddedStore(roster, tmp_path / "region.snapshot")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "home"
    monkeypatch.setenv("TALENTGRAPH_HOME", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@dataclass(frozen=True)
class Tokens:
    admin: str
    planner_a: str
    planner_b: str
    researcher: str

    @staticmethod
    def header(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(home: Path) -> Tokens:
    registry = TokenRegistry(home)
    return Tokens(admin=registry.create(Role.ADMIN)[0], planner_a=registry.create(Role.PLANNER, A)[0],
                  planner_b=registry.create(Role.PLANNER, B)[0],
                  researcher=registry.create(Role.RESEARCHER)[0])


class Api:
    """A TestClient that speaks as one token at a time: ``api.as_(token).get(...)``."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def as_(self, token: str) -> TestClient:
        self.client.headers["Authorization"] = f"Bearer {token}"
        return self.client


@pytest.fixture
def api(store: TalentStore, home: Path, tokens: Tokens) -> Iterator[Api]:
    with TestClient(api_app(store, home=home)) as client:
        yield Api(client)


@pytest.fixture
def embedded_api(embedded: EmbeddedStore, home: Path, tokens: Tokens) -> Iterator[Api]:
    with TestClient(api_app(embedded, home=home)) as client:
        yield Api(client)


def zipped(files: Mapping[str, bytes | str]) -> bytes:
    """A zip of the named entries, in memory, as an upload carries a bundle of CSVs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def bundle_files(roster: Roster, folder: Path, inside: str = "") -> dict[str, bytes | str]:
    """``roster`` written as a CSV bundle in ``folder``: each file's name (under ``inside``, a
    folder of the zip) and its bytes, for a test to change one before zipping them."""
    write_bundle(roster, folder)
    return {f"{inside}{path.name}": path.read_bytes() for path in sorted(folder.iterdir())}


def two_teachers(folder: Path) -> dict[str, bytes | str]:
    """A small valid bundle's files (N1 in county A, N2 in county B), unlike the stored region."""
    return bundle_files(Region().teacher("N1").teacher("N2", school="C1-K2-S1").roster(), folder)


__all__ = ["A", "B", "SCHOOL", "RURAL_SCHOOL", "OTHER_SCHOOL"]
