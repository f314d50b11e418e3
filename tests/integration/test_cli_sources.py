"""Every check shows its source, through the CLI as a user runs it: `talentgraph rules` lists
each rule with its sentence, reading, strength and policies; `explain` (text and JSON) shows the
seed's sentence and the English gloss of each rule a check cites."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from talentgraph.bundle.write import write_bundle
from talentgraph.domain.rule_catalogue import BY_ID, CATALOGUE
from tests.factories import ALL_EVENT_FILES, Region


def run(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=120, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """T1: 4 years in, no title: emerging@city asks JM-LEVEL (review) and the entry routes."""
    region = Region().teacher("T1", entry="2022-09-01").yearly_hours("T1", range(2020, 2026))
    out = tmp_path_factory.mktemp("sources") / "bundle"
    # (A header-only studio_members.csv trips bundle validation on main: left out here.)
    write_bundle(region.roster(ALL_EVENT_FILES), out)
    return out


def test_rules_lists_every_rule_with_quote_reading_strength_and_policies() -> None:
    records = json.loads(run("rules", "--format", "json"))
    assert [r["rule"] for r in records] == [r.id for r in CATALOGUE]
    level = next(r for r in records if r["rule"] == "JM-LEVEL")
    assert level["quote"] == BY_ID["JM-LEVEL"].text and level["normalised"] is True
    assert level["strength"] == "in principle (jiangmen, reference, wenzhou)"
    assert level["policies"] == ["jiangmen", "reference", "wenzhou"]
    year = next(r for r in records if r["rule"] == "WZ-YEAR")
    assert (year["strength"], year["normalised"]) == ("in principle (wenzhou)", False)
    quota = next(r for r in records if r["rule"] == "TX-RATIO")
    assert quota["kind"] == "aggregate" and quota["where"]
    table = run("rules")
    assert "WZ-BACKBONE" in table and "市、县两级骨干教师集中培训不少于120学时" in table


def test_explain_json_gives_each_check_its_sources(bundle: Path) -> None:
    record = json.loads(run("explain", "T1", "--data", str(bundle), "--target", "emerging@city",
                            "--as-of", "2026-11-22", "--policy", "jiangmen", "--format", "json"))
    checks = {c["rule"]: c for c in record["checks"]}
    (level,) = checks["JM-LEVEL"]["sources"]
    assert level["quote"].startswith("市、县、校分设以上三层项目,原则上") and level["normalised"]
    assert level["seed"].startswith("市、县、校分设以上三层项目,准绳上")
    assert level["gloss"].startswith("City, county and school")
    route = checks["JM-EMERGING-WINDOW"]
    assert [s["rule"] for s in route["sources"]] == ["JM-EMERGING-WINDOW", "JM-NEW-EMERGING"]
    assert route["rules"] == ["JM-EMERGING-WINDOW", "JM-NEW-EMERGING"]


def test_explain_text_shows_the_sentence_and_the_gloss(bundle: Path) -> None:
    text = run("explain", "T1", "--data", str(bundle), "--target", "emerging@city",
               "--as-of", "2026-11-22", "--policy", "jiangmen")
    flat = "".join(line.strip(" │") for line in text.splitlines())
    assert "原则上市一级培养对象需为县级认定对象" in flat
    assert "(JM, normalised wording)" in flat
    assert "JM-NEW-EMERGING «新教师规范化培训表现优异的人员可进入新锐教师培养工程。»" in flat


def test_exports_carry_the_sentence_and_gloss_of_each_failed_rule(bundle: Path, tmp_path: Path) -> None:
    """CSV (and XLSX, the same rows): `sources` and `glosses` beside the reasons."""
    import csv
    import io

    text = run("eligible", "--data", str(bundle), "--target", "emerging@city", "--as-of", "2026-11-22",
               "--policy", "jiangmen", "--format", "csv")
    (row,) = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert (row["failed_rules"], row["verdict"]) == ("JM-LEVEL", "review")   # JM-LEVEL: in principle
    assert row["sources"].startswith("JM-LEVEL «市、县、校分设以上三层项目,原则上")
    assert row["glosses"].startswith("JM-LEVEL: City, county and school each run")
    from openpyxl import load_workbook

    out = tmp_path / "verdicts.xlsx"
    run("eligible", "--data", str(bundle), "--target", "emerging@city", "--as-of", "2026-11-22",
        "--policy", "jiangmen", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(out)["verdicts"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-2:] == ["sources", "glosses"]
