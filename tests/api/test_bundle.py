"""Bulk upload on both stores: a valid bundle (zip of CSVs, or .xlsx) replaces the graph whole; an
invalid one answers 422 with every problem (file, row, column, reason) and changes nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store import canonical
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import Api, Tokens, bundle_files, zipped
from tests.factories import Region
from tests.unit.bundle_helpers import as_xls


def smaller() -> Roster:
    region = Region().teacher("N1").teacher("N2", school="C1-K2-S1")
    return region.title("N1", "new", "school", "2024-01-01").roster()


@pytest.mark.parametrize("inside", ["", "region/"])
def test_a_valid_zip_replaces_the_graph(api: Api, tokens: Tokens, store: TalentStore, tmp_path: Path,
                                        inside: str) -> None:
    upload = {"file": ("b.zip", zipped(bundle_files(smaller(), tmp_path / "bundle", inside)))}
    answer = api.as_(tokens.admin).post("/bundle", files=upload)
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"]["teachers"] == 2 and answer.json()["notices"] == []
    assert [t["id"] for t in api.client.get("/teachers").json()["items"]] == ["N1", "N2"]
    assert canonical(store.roster()).equals(canonical(smaller()))


def test_the_answer_lists_what_was_read_without_refusing_it(api: Api, tokens: Tokens, store: TalentStore,
                                                            tmp_path: Path) -> None:
    files = bundle_files(Region().teacher("N1").teacher("N2", status="retired").roster(), tmp_path / "bundle")
    answer = api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 200, answer.text
    (notice,) = answer.json()["notices"]
    assert notice["column"] == "left_on" and "no left_on" in notice["reason"] and "row: 3" in notice["reason"]


def test_an_xlsx_workbook_too(api: Api, tokens: Tokens, store: TalentStore, tmp_path: Path) -> None:
    write_bundle(smaller(), tmp_path / "bundle.xlsx")
    data = (tmp_path / "bundle.xlsx").read_bytes()
    answer = api.as_(tokens.admin).post("/bundle", files={"file": ("bundle.xlsx", data)})
    assert answer.status_code == 200, answer.text
    assert canonical(store.roster()).equals(canonical(smaller()))


def test_an_xls_workbook_too(api: Api, tokens: Tokens, store: TalentStore, tmp_path: Path) -> None:
    """Excel 97-2003, as WPS and older templates save it; the name need not say so."""
    write_bundle(smaller(), tmp_path / "bundle.xlsx")
    data = as_xls(tmp_path / "bundle.xlsx", tmp_path / "bundle.xls").read_bytes()
    answer = api.as_(tokens.admin).post("/bundle", files={"file": ("名册", data)})
    assert answer.status_code == 200, answer.text
    assert canonical(store.roster()).equals(canonical(smaller()))


def test_an_invalid_bundle_is_422_with_every_problem_and_nothing_changes(
        api: Api, tokens: Tokens, store: TalentStore, roster: Roster, tmp_path: Path) -> None:
    files = bundle_files(smaller(), tmp_path / "bundle")
    teachers = (tmp_path / "bundle" / "teachers.csv").read_text().splitlines()
    teachers[2] = teachers[2].replace("C1-K2-S1", "C9-NOWHERE").replace("junior", "university")
    files["teachers.csv"] = "\n".join(teachers) + "\n"
    answer = api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", zipped(files))})
    assert answer.status_code == 422
    problems = {(p["file"], p["row"], p["column"]) for p in answer.json()["problems"]}
    assert problems == {("teachers.csv", 3, "school_id"), ("teachers.csv", 3, "stage")}
    assert all(p["reason"] for p in answer.json()["problems"])
    assert canonical(store.roster()).equals(canonical(roster))


def test_not_a_bundle_is_422(api: Api, tokens: Tokens, store: TalentStore, roster: Roster) -> None:
    client = api.as_(tokens.admin)
    assert client.post("/bundle", files={"file": ("x.zip", b"hello")}).status_code == 422
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "nothing here")
    assert client.post("/bundle", files={"file": ("x.zip", empty.getvalue())}).status_code == 422
    assert client.post("/bundle").status_code == 422
    assert canonical(store.roster()).equals(canonical(roster))
