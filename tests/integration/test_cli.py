"""The CLI contract, run as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from talentgraph.bundle.load import load_bundle

AS_OF = "2026-09-01"


def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args],
                          capture_output=True, text=True, timeout=300)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "region"
    run("generate", "--teachers", "3000", "--seed", "7", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def store(region: Path) -> Path:
    path = region.parent / "region.snapshot"
    run("load", str(region), "--store", str(path))
    return path


def test_generate_writes_a_bundle_that_validates(region: Path) -> None:
    assert (region / "orgs.csv").is_file() and (region / "teachers.csv").is_file()
    proc = run("validate", str(region), "--today", AS_OF)
    assert "valid roster bundle" in proc.stdout


def test_validate_reports_file_row_column_reason_and_exits_non_zero(region: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("orgs.csv", "teachers.csv"):
        (broken / name).write_text((region / name).read_text(encoding="utf-8"), encoding="utf-8")
    lines = (broken / "teachers.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[2].split(",")
    row[header.index("school_id")] = "NO-SUCH-SCHOOL"
    lines[2] = ",".join(row)
    (broken / "teachers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("validate", str(broken), ok=False)
    assert proc.returncode == 1
    assert "teachers.csv:3 [school_id]" in proc.stderr
    assert "NO-SUCH-SCHOOL" in proc.stderr


def test_eligible_json_is_the_documented_contract(store: Path) -> None:
    proc = run("eligible", "--target", "backbone@county", "--store", str(store),
               "--as-of", AS_OF, "--format", "json")
    rows = json.loads(proc.stdout)
    assert rows, "a 3,000-teacher city has backbone@county candidates"
    verdicts = {r["verdict"] for r in rows}
    assert verdicts <= {"eligible", "review", "ineligible"} and "eligible" in verdicts
    for r in rows[:50]:
        assert {"teacher_id", "verdict", "checks"} <= set(r)
        for c in r["checks"]:
            assert {"rule", "passed", "hard", "reason"} <= set(c)
        failed = [c["rule"] for c in r["checks"] if not c["passed"] and not c["unknown"]]
        unknown = [c["rule"] for c in r["checks"] if c["unknown"]]
        assert failed == r["failed_rules"] and unknown == r["unknown_rules"]
        assert r["candidate"] is True
    assert "candidates" in proc.stderr  # the summary goes to stderr, data to stdout


def test_eligible_from_data_and_from_store_agree(region: Path, store: Path) -> None:
    args = ("eligible", "--target", "emerging@county", "--as-of", AS_OF, "--format", "json")
    from_data = json.loads(run(*args, "--data", str(region)).stdout)
    from_store = json.loads(run(*args, "--store", str(store)).stdout)
    assert from_data == from_store


def test_eligible_csv_and_xlsx_outputs(store: Path, tmp_path: Path) -> None:
    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    common = ("eligible", "--target", "backbone@city", "--store", str(store), "--as-of", AS_OF,
              "--verdict", "review")
    run(*common, "--format", "csv", "--output", str(csv_path))
    run(*common, "--format", "xlsx", "--output", str(xlsx_path))
    csv_lines = csv_path.read_text(encoding="utf-8-sig").splitlines()  # a file for Excel: with a BOM
    assert csv_lines[0].startswith("teacher_id,name,school_id,school,org_id,org,target,as_of,policy,verdict")
    sheet = load_workbook(xlsx_path, read_only=True)["verdicts"]
    xlsx_rows = list(sheet.iter_rows(values_only=True))
    assert len(xlsx_rows) == len(csv_lines)
    verdict = xlsx_rows[0].index("verdict")
    assert all(r[verdict] == "review" for r in xlsx_rows[1:])


def test_xlsx_without_output_is_a_usage_error(store: Path) -> None:
    proc = run("eligible", "--target", "backbone@city", "--store", str(store), "--format", "xlsx", ok=False)
    assert proc.returncode == 2
    assert "--output" in proc.stderr


def test_explain_shows_every_check_with_rule_and_evidence(store: Path) -> None:
    rows = json.loads(run("eligible", "--target", "backbone@county", "--store", str(store),
                          "--as-of", AS_OF, "--format", "json", "--verdict", "review",
                          "--limit", "1").stdout)
    teacher = rows[0]["teacher_id"]
    text = run("explain", teacher, "--target", "backbone@county", "--store", str(store),
               "--as-of", AS_OF).stdout
    assert "REVIEW" in text
    for check in rows[0]["checks"]:
        assert check["rule"] in text
    record = json.loads(run("explain", teacher, "--target", "backbone@county", "--store", str(store),
                            "--as-of", AS_OF, "--format", "json").stdout)
    assert record["verdict"] == "review"
    assert any(c["evidence"] for c in record["checks"])


def test_pipeline_json_counts_holders_steps_and_quotas(store: Path) -> None:
    data = json.loads(run("pipeline", "--store", str(store), "--as-of", AS_OF, "--format", "json").stdout)
    assert data["teachers"] > 2500
    steps = {s["target"]: s for s in data["steps"]}
    assert "backbone@county" in steps
    county = next(q for q in data["quotas"] if q["level"] == "county")
    assert county["rule"] == "TX-RATIO" and county["ratio"] == 0.15
    holders = {(h["tier"], h["level"]): h["count"] for h in data["holders"] if h["track"] == "teacher"}
    assert holders[("backbone", "county")] == county["holders"] == steps["backbone@county"]["holders"]


def test_org_scope_limits_candidates(store: Path) -> None:
    everyone = json.loads(run("eligible", "--target", "backbone@county", "--store", str(store),
                              "--as-of", AS_OF, "--format", "json").stdout)
    school = everyone[0]["school_id"]
    scoped = json.loads(run("eligible", "--target", "backbone@county", "--store", str(store),
                            "--as-of", AS_OF, "--format", "json", "--org", school).stdout)
    assert 0 < len(scoped) < len(everyone)
    assert {r["school_id"] for r in scoped} == {school}
    assert len(scoped) == sum(r["school_id"] == school for r in everyone)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("explain", "NOBODY", "--target", "backbone@city"), "no teacher 'NOBODY'"),
        (("eligible", "--target", "backbone"), "TIER@LEVEL"),
        (("eligible", "--target", "backbone@city", "--org", "NOWHERE"), "no org 'NOWHERE'"),
        (("eligible", "--target", "educator@school"), "has no rules for educator@school"),
        (("eligible", "--target", "backbone@city", "--policy", "atlantis"), "no policy 'atlantis'"),
    ],
)
def test_errors_are_one_clear_line_on_stderr_with_non_zero_exit(store: Path, args: tuple[str, ...],
                                                                 message: str) -> None:
    proc = run(*args, "--store", str(store), ok=False)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bolt_store_is_refused_clearly_until_supported() -> None:
    proc = run("eligible", "--target", "backbone@city", "--store", "bolt://127.0.0.1:1", ok=False)
    assert proc.returncode == 2 and "bolt://" in proc.stderr and "Traceback" not in proc.stderr


def test_failed_load_leaves_the_existing_store_as_it_was(store: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "orgs.csv").write_text("id,kind,name,parent_id,rural\nC1,city,X,,\n", encoding="utf-8")
    (broken / "teachers.csv").write_text("id,name,school_id\nT1,A,C1\n", encoding="utf-8")
    before = store.read_bytes()
    proc = run("load", str(broken), "--store", str(store), ok=False)
    assert proc.returncode == 1 and "teachers.csv:2 [school_id]" in proc.stderr
    assert store.read_bytes() == before


def test_demo_runs_offline_and_prints_a_summary() -> None:
    proc = run("demo", "--teachers", "2000")
    assert "Pipeline as of" in proc.stdout
    assert "Candidates for backbone@county" in proc.stdout
    assert "explanation" in proc.stdout


def test_policies_lists_the_builtins() -> None:
    out = run("policies").stdout
    for name in ("reference", "jiangmen", "wenzhou", "tongxin"):
        assert name in out


def test_export_writes_the_store_back_as_a_bundle_losslessly(region: Path, store: Path,
                                                             tmp_path: Path) -> None:
    run("export", "--store", str(store), "--out", str(tmp_path / "again"))
    run("export", "--store", str(store), "--out", str(tmp_path / "again.xlsx"))
    original = load_bundle(region)
    assert load_bundle(tmp_path / "again").equals(original)
    assert load_bundle(tmp_path / "again.xlsx").equals(original)


def test_explain_outside_the_org_scope_is_not_found(store: Path) -> None:
    rows = json.loads(run("eligible", "--target", "backbone@county", "--store", str(store),
                          "--as-of", AS_OF, "--format", "json", "--limit", "1").stdout)
    teacher, school = rows[0]["teacher_id"], rows[0]["school_id"]
    base = ("explain", teacher, "--target", "backbone@county", "--store", str(store), "--as-of", AS_OF)
    assert run(*base, "--org", school).returncode == 0
    other = run("eligible", "--target", "backbone@county", "--store", str(store), "--as-of", AS_OF,
                "--format", "json")
    elsewhere = next(r["school_id"] for r in json.loads(other.stdout) if r["school_id"] != school)
    proc = run(*base, "--org", elsewhere, ok=False)
    assert proc.returncode == 2 and f"no teacher '{teacher}' in org '{elsewhere}'" in proc.stderr


def test_table_output_to_a_file(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    run("eligible", "--target", "backbone@city", "--store", str(store), "--as-of", AS_OF,
        "--limit", "5", "--output", str(path))
    text = path.read_text(encoding="utf-8")
    assert "why not" in text and "\x1b[" not in text  # plain text, no colour codes


def test_generate_and_export_refuse_to_overwrite_without_force(region: Path, store: Path,
                                                               tmp_path: Path) -> None:
    proc = run("generate", "--teachers", "100", "--out", str(region), ok=False)
    assert proc.returncode == 2 and "--force" in proc.stderr
    target = tmp_path / "out"
    run("export", "--store", str(store), "--out", str(target))
    assert run("export", "--store", str(store), "--out", str(target), ok=False).returncode == 2
    run("export", "--store", str(store), "--out", str(target), "--force")


def test_unwritable_output_is_one_line_not_a_traceback(store: Path, tmp_path: Path) -> None:
    proc = run("eligible", "--target", "backbone@city", "--store", str(store), "--format", "csv",
               "--output", str(tmp_path), ok=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "is a folder" in proc.stderr  # refused before writing
    assert len(proc.stderr.strip().splitlines()) <= 2  # the summary line and the error


def test_load_accepts_the_day_of_the_load(region: Path, tmp_path: Path) -> None:
    run("load", str(region), "--store", str(tmp_path / "s.snapshot"), "--today", AS_OF)
