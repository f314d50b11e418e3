"""A planner's refused spreadsheet, in their language (issue 12): ``validate`` and ``load`` word
every problem, warning and notice from its message, Chinese under ``--lang zh`` (the column by its
Chinese header), English under ``--lang en``; file and row stay as they are. Run as a user runs it
(a real process, real files)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.bundle_helpers import VALID, write_csv_bundle

HAN = re.compile("[\u4e00-\u9fff]")
# English reason sentences of the problems below: none may reach a Chinese reader.
ENGLISH_REASONS = ("is not a date", "expected a date", "is not an id in", "required column is missing",
                   "not a column of", "did you mean", "kept as text", "warning", "problem")


def run(*args: str, ok: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("TALENTGRAPH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=300, env=base | (env or {}))
    assert (proc.returncode == 0) is ok, proc.stderr
    return proc


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bad date, a dangling reference and a required column spelt beyond recognition."""
    files = dict(VALID)
    files["teachers"] = files["teachers"].replace("T2,李四,S2,2015-09-01", "T2,李四,S2,2015-13-45")
    files["titles"] = files["titles"].replace("T1,famous,city,C1", "T1,famous,city,C9")
    files["studios"] = files["studios"].replace("lead_id", "leader", 1)
    return write_csv_bundle(tmp_path_factory.mktemp("refused") / "b", files)


@pytest.fixture(scope="module")
def misspelt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Read with a warning: training's ``passed`` written ``pass``."""
    files = dict(VALID)
    files["training"] = files["training"].replace(",passed\n", ",pass\n", 1)
    return write_csv_bundle(tmp_path_factory.mktemp("misspelt") / "b", files)


def _problem_lines(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if line.startswith("  ")]


def test_a_refused_bundle_in_chinese(refused: Path) -> None:
    proc = run("validate", str(refused), "--today", "2024-06-30", "--lang", "zh", ok=False)
    lines = _problem_lines(proc.stderr)
    assert "数据包有 3 个问题；未导入任何数据" in proc.stderr
    assert "teachers.csv 第 3 行【入职日期】：'2015-13-45' 不是日期：应为 2025-08-20、2025/8/20 或 " \
           "2025年8月20日 这样的日期" in lines
    assert any(line.startswith("titles.csv 第 3 行【认定机构编号】：'C9' 不是 orgs.csv 中的编号")
               for line in lines), lines
    assert any(line.startswith("studios.csv 第 1 行【主持人编号】：缺少必填列（找到的表头：")
               for line in lines), lines
    assert len(lines) == 3 and all(HAN.search(line.split("：", 1)[1]) for line in lines)
    assert not [phrase for phrase in ENGLISH_REASONS if phrase in proc.stderr]


def test_a_refused_bundle_in_english(refused: Path) -> None:
    proc = run("validate", str(refused), "--today", "2024-06-30", "--lang", "en", ok=False)
    lines = _problem_lines(proc.stderr)
    assert "the bundle has 3 problems; nothing was loaded" in proc.stderr
    assert ("teachers.csv:3 [entry_date]: '2015-13-45' is not a date: expected a date such as 2025-08-20, "
            "2025/8/20 or 2025年8月20日") in lines
    assert "titles.csv:3 [org_id]: 'C9' is not an id in orgs.csv" in lines
    assert any(line.startswith("studios.csv:1 [lead_id]: required column is missing (headers found: ")
               for line in lines), lines
    assert not HAN.search(proc.stderr.replace("年", "").replace("月", "").replace("日", ""))


def test_a_misspelt_column_is_a_chinese_warning(misspelt: Path, tmp_path: Path) -> None:
    for command in (["validate", str(misspelt)], ["load", str(misspelt), "--store", str(tmp_path / "s")]):
        proc = run(*command, "--today", "2024-06-30", env={"TALENTGRAPH_LANG": "zh_CN"})
        warning = ("警告: training.csv 第 1 行【pass】：不是 training.csv 的列：按文本保留，未读取"
                   "（您是否指 '合格'？）")
        assert warning in proc.stderr, proc.stderr
        assert not [phrase for phrase in ENGLISH_REASONS if phrase in proc.stderr]
        english = run(*command, "--today", "2024-06-30", "--lang", "en")
        assert ("warning: training.csv:1 [pass]: not a column of training.csv: kept as text, not read "
                "(did you mean 'passed'?)") in english.stderr


@pytest.fixture(scope="module")
def refused_with_warnings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Refused (a bad date), with a warning (training's ``passed`` written ``pass``) and a notice
    (T3 retired without a left_on) the planner must not learn of only after mending the date."""
    files = dict(VALID)
    files["teachers"] = files["teachers"].replace("T2,李四,S2,2015-09-01", "T2,李四,S2,2015-13-45")
    files["training"] = files["training"].replace(",passed\n", ",pass\n", 1)
    return write_csv_bundle(tmp_path_factory.mktemp("refused-warned") / "b", files)


@pytest.mark.parametrize("command", ["validate", "load"])
def test_a_refused_bundle_shows_its_warnings_and_notices_after_its_problems(
        refused_with_warnings: Path, tmp_path: Path, command: str) -> None:
    store = ["--store", str(tmp_path / "s")] if command == "load" else []
    english = run(command, str(refused_with_warnings), *store, "--today", "2024-06-30", "--lang", "en",
                  ok=False).stderr.splitlines()
    problem = english.index("  teachers.csv:3 [entry_date]: '2015-13-45' is not a date: expected a date such "
                            "as 2025-08-20, 2025/8/20 or 2025年8月20日")
    warning = english.index("warning: training.csv:1 [pass]: not a column of training.csv: kept as text, "
                            "not read (did you mean 'passed'?)")
    notice = next(i for i, line in enumerate(english)
                  if line.startswith("notice: teachers.csv [left_on]: status left or retired but no left_on"))
    assert problem < warning < notice, english
    chinese = run(command, str(refused_with_warnings), *store, "--today", "2024-06-30", "--lang", "zh",
                  ok=False).stderr
    warned = ("警告: training.csv 第 1 行【pass】：不是 training.csv 的列：按文本保留，未读取"
              "（您是否指 '合格'？）")
    assert chinese.index("teachers.csv 第 3 行【入职日期】") < chinese.index(warned) \
        < chinese.index("提示: teachers.csv【离职日期】"), chinese
    assert not [phrase for phrase in ENGLISH_REASONS if phrase in chinese]
    assert not (tmp_path / "s").exists()  # refused: nothing was written
