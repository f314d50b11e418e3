"""The ``talentgraph round`` contract, run as a user runs it: a real process on a snapshot of the
v2 fixture region (see test_rounds.py for who is eligible, review or ineligible for
backbone@city as of 2026-09-01 under the reference policy)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

V2 = Path(__file__).parents[1] / "fixtures" / "v2" / "region.snapshot"
ELIGIBLE, ELIGIBLE_TOO, REVIEW, INELIGIBLE = "T0000021", "T0000031", "T0000003", "T0000001"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=300)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = tmp_path / "region.snapshot"
    shutil.copy2(V2, path)
    run("migrate", "--store", str(path))
    return str(path)


def show(store: str, round_id: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(run("round", "show", round_id, "--store", store,
                                           "--format", "json").stdout)
    return found


def refused(store: str, *args: str) -> str:
    """Run a step that must be refused: exit non-zero, one line, the store's file unchanged."""
    before = Path(store).read_bytes()
    proc = run(*args, "--store", store, ok=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert Path(store).read_bytes() == before
    return lines[0]


def test_the_round_contract(store: str, tmp_path: Path) -> None:
    opened = run("round", "open", "--target", "backbone@city", "--org", "C01", "--quota", "2",
                 "--opens", "2026-09-01", "--store", store, "--format", "json")
    round_id = json.loads(opened.stdout)["id"]
    assert json.loads(opened.stdout) == {"id": round_id}
    run("round", "nominate", round_id, ELIGIBLE, ELIGIBLE_TOO, REVIEW, INELIGIBLE, "--store", store)

    assert "JM-HOURS is a hard rule" in refused(store, "round", "decide", round_id, REVIEW, "--approve",
                                                "--waive", "JM-HOURS", "--reason", "x", "--by", "王")
    assert "ineligible" in refused(store, "round", "decide", round_id, INELIGIBLE, "--approve",
                                   "--reason", "x", "--by", "王")
    run("round", "decide", round_id, REVIEW, "--approve", "--waive", "JM-LEVEL", "--reason", "名额调剂",
        "--by", "王主任", "--store", store)
    run("round", "decide", round_id, ELIGIBLE, "--approve", "--reason", "优秀", "--by", "王主任",
        "--store", store)
    assert "quota of 2" in refused(store, "round", "decide", round_id, ELIGIBLE_TOO, "--approve",
                                   "--reason", "x", "--by", "王")
    round_json = show(store, round_id)
    assert {k: round_json[k] for k in ("id", "target", "org_id", "quota", "status", "approved")} == {
        "id": round_id, "target": "backbone@city", "org_id": "C01", "quota": 2, "status": "open",
        "approved": 2}
    by_teacher = {n["teacher_id"]: n for n in round_json["nominations"]}
    assert {t: (n["status"], n["waived"], n["verdict"]) for t, n in by_teacher.items()} == {
        ELIGIBLE: ("approved", [], "eligible"), ELIGIBLE_TOO: ("nominated", [], "eligible"),
        REVIEW: ("approved", ["JM-LEVEL"], "review"), INELIGIBLE: ("nominated", [], "ineligible")}

    run("round", "certify", round_id, "--on", "2026-09-30", "--store", store)
    assert "closed" in refused(store, "round", "nominate", round_id, "T0000010")
    after = show(store, round_id)
    assert after["status"] == "certified" and after["certified_on"] == "2026-09-30"
    assert [e["action"] for e in after["events"]] == ["open", *["nominate"] * 4, "decide", "decide",
                                                      "certify"]
    assert all(e["at"] and e["actor"] == "admin" for e in after["events"])

    candidates = json.loads(run("eligible", "--store", store, "--target", "backbone@city", "--as-of",
                                "2026-10-01", "--format", "json").stdout)
    assert not {ELIGIBLE, REVIEW} & {c["teacher_id"] for c in candidates}
    assert ELIGIBLE_TOO in {c["teacher_id"] for c in candidates}

    book = tmp_path / "list.xlsx"
    run("round", "export", round_id, "--out", str(book), "--lang", "zh", "--store", store)
    rows = list(load_workbook(book, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "教师编号", "姓名", "学校")
    assert {r[1]: r[5] for r in rows[2:]}[REVIEW] == "已认定"


def test_a_school_planner_nominates_its_own_teachers_only(store: str) -> None:
    round_id = json.loads(run("round", "open", "--target", "backbone@city", "--org", "C01", "--quota", "2",
                              "--opens", "2026-09-01", "--store", store, "--format", "json").stdout)["id"]
    other_school = "C01-K01-S0002"
    assert refused(store, "round", "nominate", round_id, ELIGIBLE, "--as-org", other_school).endswith(
        "no such teacher")
    assert refused(store, "round", "nominate", "R9999", ELIGIBLE).endswith("no round 'R9999'")
    run("round", "nominate", round_id, ELIGIBLE, "--as-org", "C01-K01-S0001", "--store", store)
    assert "only a planner of C01" in refused(store, "round", "decide", round_id, ELIGIBLE, "--approve",
                                              "--reason", "x", "--by", "王", "--as-org", "C01-K01")
    assert "a city title is certified by a city org" in refused(
        store, "round", "open", "--target", "backbone@city", "--org", "C01-K01", "--quota", "1")
