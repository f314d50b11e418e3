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
            rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
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
    assert "Rank" in text and "Readiness" in text and "ready now" in text
    run("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF, "--policy", "xd",
        "--rank", "--readiness", "--output", str(target), "--force", "--lang", "zh")
    text = target.read_text(encoding="utf-8")
    assert "排名" in text and "何时可达标" in text and "当前即可" in text and "ready now" not in text


def test_quota_in_chinese_for_excel(bundle: Path, tmp_path: Path) -> None:
    """--lang zh: Chinese headers and titles; a CSV file starts with a BOM (WPS reads it as UTF-8);
    the XLSX sheet is named and its header bold and frozen like every export."""
    target = tmp_path / "quota.csv"
    run("quota", "--data", str(bundle), "--org", COUNTY, "--as-of", AS_OF, "--policy", "tongxin",
        "--format", "csv", "--output", str(target), "--lang", "zh")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    county = next(r for r in rows if r["条款"] == "TX-RATIO" and r["称号"].startswith("县级骨干教师"))
    assert (county["认定人数"], county["名额或目标"], county["剩余名额"]) == ("7", "6", "-1")
    book = tmp_path / "quota.xlsx"
    run("quota", "--data", str(bundle), "--org", COUNTY, "--as-of", AS_OF, "--policy", "tongxin",
        "--format", "xlsx", "--output", str(book), "--lang", "zh")
    sheet = load_workbook(book)["名额"]
    assert sheet["A1"].value == "条款" and sheet["A1"].font.bold and sheet.freeze_panes == "A2"


def test_quota_and_coverage_keep_an_existing_file_without_force(bundle: Path, tmp_path: Path) -> None:
    """The one rule of every command that writes a file: an existing --output is refused, and kept."""
    for command, policy in (("quota", "tongxin"), ("coverage", "xd")):
        target = tmp_path / f"{command}.csv"
        target.write_text("keep me", encoding="utf-8")
        args = (command, "--data", str(bundle), "--org", COUNTY, "--as-of", AS_OF, "--policy", policy,
                "--format", "csv", "--output", str(target))
        proc = run(*args, ok=False)
        assert proc.returncode == 2 and "--force" in proc.stderr
        assert target.read_text(encoding="utf-8") == "keep me"
        run(*args, "--force")
        first = "rule," if command == "quota" else "school_id,"
        assert target.read_text(encoding="utf-8-sig").startswith(first)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_eligible_rank_and_readiness_as_csv_and_xlsx(bundle: Path, tmp_path: Path, lang: str) -> None:
    """The flat columns exactly as `eligible` without --rank gives them, then rank, score and
    readiness as the JSON says; a file as every export writes one (a BOM for Excel/WPS; a styled
    sheet, the same cells, dates as dates)."""
    ask = ("eligible", "--target", "backbone@county", "--data", str(bundle), "--as-of", AS_OF, "--policy",
           "xd", "--lang", lang)
    piped = list(csv.reader(io.StringIO(run(*ask, "--rank", "--readiness", "--format", "csv").stdout)))
    plain = list(csv.reader(io.StringIO(run(*ask, "--format", "csv").stdout)))
    decided = json.loads(run(*ask, "--rank", "--readiness", "--format", "json").stdout)
    flat = len(plain[0])
    decision_header = (
        ["rank", "score", "breakdown", "readiness", "ready_on", "missing", "no_data", "assumption"]
        if lang == "en" else
        ["排名", "得分", "得分（条款 数值×权重 = 分值）", "何时可达标", "可达标日期", "尚未满足的条款",
         "缺少数据的条款", "推算假设"])
    assert piped[0] == plain[0] + decision_header
    by_id = {row[0]: row for row in plain[1:]}
    assert [row[:flat] for row in piped[1:]] == [by_id[r["teacher_id"]] for r in decided]
    status = {"ready now": "当前即可", "ready on": "可于", "not on current data": "按现有数据无法达标"}
    assert [(row[flat], row[flat + 1], row[flat + 3], row[flat + 4]) for row in piped[1:]] == [
        (str(r["rank"]), f"{r['score']:g}",
         r["readiness"]["status"] if lang == "en" else status[r["readiness"]["status"]],
         r["readiness"]["on"] or "")
        for r in decided]
    file, book = tmp_path / "ranked.csv", tmp_path / "ranked.xlsx"
    run(*ask, "--rank", "--readiness", "--format", "csv", "--output", str(file))
    raw = file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == piped
    run(*ask, "--rank", "--readiness", "--format", "xlsx", "--output", str(book))
    sheet = load_workbook(book).active
    assert sheet is not None and sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(piped[0])).column_letter}{len(piped)}"
    cells = [["" if c is None else c.date().isoformat() if hasattr(c, "date") else f"{c:g}"
              if isinstance(c, float) else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == piped
    # A planner sorts and sums them: rank and score are numbers, the ready-on day a date.
    assert all(isinstance(sheet.cell(r, flat + 1).value, int) for r in range(2, len(piped) + 1))
    assert all(isinstance(sheet.cell(r, flat + 2).value, int | float) for r in range(2, len(piped) + 1))
    ready_on = [sheet.cell(r, flat + 5) for r in range(2, len(piped) + 1) if sheet.cell(r, flat + 5).value]
    assert all(c.is_date for c in ready_on)
    as_of = piped[0].index("as_of" if lang == "en" else "截至日期") + 1
    assert sheet.cell(2, as_of).is_date
