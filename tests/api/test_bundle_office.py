"""Uploads as offices make them and as attackers make them (issue 12, points 2 and 3): what is not
read comes back as ``warnings`` (strict: 422); hostile zips are refused within the upload limits;
a refused upload changes nothing."""

from __future__ import annotations

import io
import zipfile
from contextlib import nullcontext
from pathlib import Path

import pytest

from talentgraph.bundle.read import UPLOAD_LIMITS, ReadLimits
from talentgraph.bundle.write import write_bundle
from talentgraph.roster import Roster
from talentgraph.services import bundles
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import canonical
from tests.api.conftest import Api, Tokens
from tests.factories import Region


def _zip(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bundle_files(tmp_path: Path) -> dict[str, bytes | str]:
    write_bundle(Region().teacher("N1").teacher("N2", school="C1-K2-S1").roster(), tmp_path / "b")
    return {path.name: path.read_bytes() for path in sorted((tmp_path / "b").iterdir())}


def _unchanged(embedded: EmbeddedStore, roster: Roster) -> bool:
    return bool(canonical(embedded.roster()).equals(canonical(roster)))


def test_what_is_not_read_comes_back_as_warnings(embedded_api: Api, tokens: Tokens, tmp_path: Path) -> None:
    files = _bundle_files(tmp_path)
    files["Training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    files["说明.txt"] = "填写说明"
    files["old/notes.csv"] = "a,b\n"
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", _zip(files))})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["rows"]["training"] == 1
    warnings = {(w["file"], w["column"]): w["reason"] for w in body["warnings"]}
    assert "did you mean 'passed'?" in warnings[("training.csv", "pass")]
    assert "not read" in warnings[("old/notes.csv", None)]
    assert "not a bundle file" in warnings[("说明.txt", None)]


def test_strict_refuses_them_and_changes_nothing(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                                 roster: Roster, tmp_path: Path) -> None:
    files = _bundle_files(tmp_path)
    files["training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    upload = {"file": ("b.zip", _zip(files))}
    answer = embedded_api.as_(tokens.admin).post("/bundle?strict=true", files=upload)
    assert answer.status_code == 422, answer.text
    assert [(p["file"], p["column"]) for p in answer.json()["problems"]] == [("training.csv", "pass")]
    assert _unchanged(embedded, roster)


@pytest.mark.parametrize("second", ["teachers.csv", "Teachers.csv", "TEACHERS.CSV"])
def test_a_name_twice_in_the_zip_is_refused(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                            roster: Roster, tmp_path: Path, second: str) -> None:
    files = _bundle_files(tmp_path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        with pytest.warns(UserWarning, match="Duplicate name") if second == "teachers.csv" else nullcontext():
            archive.writestr(second, "id,name,school_id\n")
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", out.getvalue())})
    assert answer.status_code == 422, answer.text
    (problem,) = answer.json()["problems"]
    assert problem["file"] == "b.zip" and "one name twice" in problem["reason"]
    assert _unchanged(embedded, roster)


def test_ten_thousand_entries_are_refused_unread(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                                 roster: Roster, tmp_path: Path) -> None:
    files = _bundle_files(tmp_path)
    files.update({f"x/{i}.csv": "" for i in range(10_000)})
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", _zip(files))})
    assert answer.status_code == 422
    assert f"{len(files):,} files, more than a bundle may (200)" in answer.json()["problems"][0]["reason"]
    assert _unchanged(embedded, roster)


def test_a_zip_of_blank_lines_is_refused_before_it_is_parsed(embedded_api: Api, tokens: Tokens,
                                                              embedded: EmbeddedStore, roster: Roster,
                                                              tmp_path: Path) -> None:
    files = _bundle_files(tmp_path)
    files["training.csv"] = b"teacher_id,date,hours\n" + b"\n" * (UPLOAD_LIMITS.max_rows + 10)
    packed = _zip(files)
    assert len(packed) < 50_000  # a few kilobytes that unpack to five million rows
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", packed)})
    assert answer.status_code == 422
    (problem,) = answer.json()["problems"]
    assert problem["file"] == "training.csv" and "5,000,010 lines after the header" in problem["reason"]
    assert _unchanged(embedded, roster)


def test_a_zip_unpacking_past_the_budget_is_refused(
        embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore, roster: Roster, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundles, "LIMITS", ReadLimits(max_total_bytes=1 << 20, max_file_bytes=1 << 20))
    files = _bundle_files(tmp_path)
    files["postings.csv"] = b"teacher_id,school_id,start_date\n" + b" " * (2 << 20)
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", _zip(files))})
    assert answer.status_code == 422
    assert "the zip unpacks to more than 1 MB" in answer.json()["problems"][0]["reason"]
    assert _unchanged(embedded, roster)


def test_the_count_of_problems_is_the_true_total(embedded_api: Api, tokens: Tokens, tmp_path: Path) -> None:
    files = _bundle_files(tmp_path)
    files["training.csv"] = "teacher_id,date,hours\n" + "NOBODY,2024-01-01,1\n" * 300
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", _zip(files))})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("300 problem(s); nothing was written")
    assert len(answer.json()["problems"]) == 51
