"""The command line in Chinese and English, its one target grammar, and its one rule for files it
writes: run as a user runs it (a real process, real files)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from talentgraph.bundle.write import write_bundle
from tests.factories import Region

AS_OF = "2026-09-01"


def run(*args: str, ok: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("TALENTGRAPH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=300, env=base | (env or {}))
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    region = (Region().teacher("T1").teacher("T2").title("T2", "emerging", "county", "2024-01-01")
              .teacher("T3", entry="2026-03-01"))
    out = tmp_path_factory.mktemp("lang") / "region"
    write_bundle(region.roster(), out)
    return out


def eligible(bundle: Path, *args: str, ok: bool = True, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    return run("eligible", "--data", str(bundle), "--as-of", AS_OF, *args, ok=ok, env=env)


def test_lang_then_environment_then_locale(bundle: Path) -> None:
    english = eligible(bundle, "--target", "backbone@county").stdout
    assert "why not" in english
    assert "不符合的原因" in eligible(bundle, "--target", "backbone@county", "--lang", "zh").stdout
    for env in ({"TALENTGRAPH_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}):
        assert "不符合的原因" in eligible(bundle, "--target", "backbone@county", env=env).stdout
    assert "why not" in eligible(bundle, "--target", "backbone@county", "--lang", "en",
                                 env={"TALENTGRAPH_LANG": "zh"}).stdout
    assert "why not" in eligible(bundle, "--target", "backbone@county", env={"LANG": "C.UTF-8"}).stdout
    bad = eligible(bundle, "--target", "backbone@county", "--lang", "fr", ok=False)
    assert bad.returncode == 2 and "zh or en" in bad.stderr and "Traceback" not in bad.stderr


def test_one_target_grammar(bundle: Path) -> None:
    printed = run("policies").stdout
    assert "famous@county/principal" in printed
    for target in ("famous@county/principal", "县级名校长"):
        proc = eligible(bundle, "--target", target, "--format", "json", "--policy", "jiangmen")
        assert proc.returncode == 0
    assert "县级名校长" in run("policies", "--lang", "zh").stdout
    as_json = json.loads(eligible(bundle, "--target", "县级骨干教师", "--format", "json").stdout)
    assert {r["target"] for r in as_json} == {"backbone@county"}
    clash = eligible(bundle, "--target", "famous@county/principal", "--track", "head_teacher",
                     "--policy", "jiangmen",
                     ok=False)
    assert clash.returncode == 2 and "principal track" in clash.stderr


def test_chinese_csv_for_excel(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.csv"
    eligible(bundle, "--target", "backbone@county", "--format", "csv", "--output", str(out), "--lang", "zh")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {r["目标"] for r in rows} == {"县级骨干教师"}
    assert {r["结论"] for r in rows} <= {"符合", "待审核", "不符合"} and rows[0]["学校"] == "新会第一中学"


def test_xlsx_under_lang_zh(bundle: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.xlsx"
    eligible(bundle, "--target", "backbone@county", "--format", "xlsx", "--output", str(out), "--lang", "zh")
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["教师编号", "姓名", "学校编号", "学校"] and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and all(c.font.bold for c in sheet[1])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "table"])
def test_an_existing_output_is_kept_unless_forced(bundle: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"v.{fmt}"
    out.write_text("keep me", encoding="utf-8")
    refused = eligible(bundle, "--target", "backbone@county", "--format", fmt, "--output", str(out), ok=False)
    assert refused.returncode == 2 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    eligible(bundle, "--target", "backbone@county", "--format", fmt, "--output", str(out), "--force")
    assert out.read_bytes() != b"keep me"


@pytest.mark.parametrize("where", ["folder", "missing", "unwritable"])
def test_a_bad_output_is_one_line_never_a_traceback(bundle: Path, tmp_path: Path, where: str) -> None:
    if where == "folder":
        out = tmp_path
    elif where == "missing":
        out = tmp_path / "no" / "such" / "v.xlsx"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        out = locked / "v.xlsx"
        if os.access(locked, os.W_OK):  # root writes anywhere, but not into /proc
            out = Path("/proc/v.xlsx")
    proc = eligible(bundle, "--target", "backbone@county", "--format", "xlsx", "--output", str(out), ok=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 3, proc.stderr  # click's usage line, hint, the error
    assert str(out.name if where != "folder" else out) in proc.stderr.replace("\n", "")


def test_explain_in_chinese_keeps_machine_fields(bundle: Path) -> None:
    en = json.loads(run("explain", "T1", "--data", str(bundle), "--target", "backbone@county", "--as-of",
                        AS_OF, "--format", "json").stdout)
    zh = json.loads(run("explain", "T1", "--data", str(bundle), "--target", "backbone@county", "--as-of",
                        AS_OF, "--format", "json", "--lang", "zh").stdout)
    machine = ("teacher_id", "target", "verdict", "failed_rules", "unknown_rules")
    assert {k: en[k] for k in machine} == {k: zh[k] for k in machine}
    assert [c["rule"] for c in en["checks"]] == [c["rule"] for c in zh["checks"]]
    text = run("explain", "T1", "--data", str(bundle), "--target", "县级骨干教师", "--as-of", AS_OF,
               "--lang", "zh").stdout
    assert "审核说明" in text and "县级骨干教师" in text
