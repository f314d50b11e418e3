"""The decision commands as a user runs them: `quota`, `coverage`, `eligible --rank --readiness`,
in a real process over a bundle on disk, every format."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from talentgraph.bundle.write import write_bundle
from tests.factories import COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, Region

AS_OF = "2026-11-22"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=300)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """County C1-K1: 40 teachers, 7 county backbone; T-numbered candidates with reviews, a
    researcher, a rural teacher, one barred by a failed assessment; a school in another county."""
    region = Region()
    for i in range(30):
        region.teacher(f"A{i:03d}")
    for i in range(10):
        region.teacher(f"R{i:03d}", school=RURAL_SCHOOL)
    for i in range(7):
        region.title(f"A{i:03d}", "backbone", "county", "2022-06-01")
    for i in range(5):
        region.teacher(f"B{i:03d}", school=OTHER_SCHOOL)
    region.teacher("T1", roles="subject_leader;researcher").review("T1", 2025, "annual", "excellent")
    region.teacher("T2", roles="subject_leader").review("T2", 2025, "annual", "excellent")
    region.teacher("T3", roles="subject_leader", school=RURAL_SCHOOL)
    region.teacher("T4", roles="subject_leader").programme("T4", "backbone", "county", "fail",
                                                           completed="2023-03-10", type="certification")
    out = tmp_path_factory.mktemp("decisions") / "bundle"
    write_bundle(region.roster(), out)
    return out


def test_quota_json_contract_at_county_scope(bundle: Path) -> None:
    """TX-RATIO at county scope: all three shares, each row with tier, level, share, holders,
    quota, approved, headroom and how the quota rounds and what it is of."""
    proc = run("quota", "--data", str(bundle), "--org", COUNTY, "--as-of", AS_OF, "--policy", "tongxin",
               "--format", "json")
    rows = [r for r in json.loads(proc.stdout) if r["rule"] == "TX-RATIO"]
    assert [(r["tier"], r["level"], r["share"]) for r in rows] == [
        ("backbone", "county", 0.15), ("backbone", "city", 0.09), ("backbone", "province", 0.06)]
    county = rows[0]
    assert {k: county[k] for k in ("holders", "quota", "approved", "headroom", "base", "rounding")} == {
        "holders": 7, "quota": 6, "approved": 0, "headroom": -1, "base": 44, "rounding": "floor"}
    assert "rounded down" in county["basis"]


@pytest.mark.parametrize("fmt", ["table", "csv", "xlsx"])
def test_quota_and_coverage_in_every_format(bundle: Path, tmp_path: Path, fmt: str) -> None:
    for command, policy, first in (("quota", "tongxin", "rule"), ("coverage", "xd", "school_id")):
        target = tmp_path / f"{command}.{fmt}"
        run(command, "--data", str(bundle), "--org", COUNTY, "--as-of", AS_OF, "--policy", policy,
            "--format", fmt, "--output", str(target))
        if fmt == "xlsx":
            sheet = load_workbook(target).active
            assert sheet is not None and sheet.cell(1, 1).value == first and sheet.max_row > 1
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
            assert rows and first in rows[0]
        else:
            assert first in target.read_text(encoding="utf-8")


def test_quota_xlsx_needs_output(bundle: Path) -> None:
    proc = run("quota", "--data", str(bundle), "--format", "xlsx", ok=False)
    assert proc.returncode != 0 and "--output" in proc.stderr


def test_coverage_of_an_unknown_org_is_an_error(bundle: Path) -> None:
    proc = run("coverage", "--data", str(bundle), "--org", "C9-K9", "--policy", "xd", ok=False)
    assert proc.returncode != 0 and "C9-K9" in proc.stderr


def test_eligible_rank_adds_score_rank_and_a_breakdown_that_sums(bundle: Path) -> None:
    """XD-RESEARCHER-BONUS and XD-DIMENSIONS: T1 (excellent, researcher) ranks first; ties by id."""
    proc = run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF,
               "--policy", "reference", "--rank", "--format", "json")
    rows = json.loads(proc.stdout)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    for r in rows:
        assert math.isclose(sum(p["points"] for p in r["breakdown"]), r["score"], abs_tol=1e-9)
        assert {p["rule"] for p in r["breakdown"]} == {"XD-DIMENSIONS", "JM-BACKBONE-FAMOUS",
                                                      "XD-RESEARCHER-BONUS", "XD-RURAL"}
    assert "then teacher id" in rows[0]["ties"]


def test_eligible_rank_under_a_policy_without_ranking_says_why(bundle: Path) -> None:
    proc = run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF,
               "--policy", "tongxin", "--rank", ok=False)
    assert proc.returncode != 0 and "no [ranking]" in proc.stderr


def test_eligible_readiness_gives_the_ban_end(bundle: Path) -> None:
    """TX-TRAINING-BAN «五年内不得申报骨干教师认定培训»: T4 failed on 2023-03-10, ready on 2028-03-10."""
    proc = run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF,
               "--policy", "tongxin", "--readiness", "--format", "json")
    by_id = {r["teacher_id"]: r["readiness"] for r in json.loads(proc.stdout)}
    assert by_id["T4"]["status"] == "ready on" and by_id["T4"]["on"] == "2028-03-10"
    assert by_id["T4"]["missing"] == ["TX-TRAINING-BAN"]
    assert by_id["T1"]["status"] == "ready now"
    csv_out = run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF,
                  "--policy", "tongxin", "--readiness", "--format", "csv").stdout
    row = next(r for r in csv.DictReader(io.StringIO(csv_out)) if r["teacher_id"] == "T4")
    assert (row["readiness"], row["ready_on"]) == ("ready on", "2028-03-10")
    assert row["missing"] == "TX-TRAINING-BAN"


def test_eligible_rank_and_readiness_as_a_table(bundle: Path, tmp_path: Path) -> None:
    target = tmp_path / "ranked.txt"
    run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF, "--policy", "xd",
        "--rank", "--readiness", "--output", str(target))
    text = target.read_text(encoding="utf-8")
    assert "rank" in text and "readiness" in text and "ready now" in text
