"""The command line's own words in Chinese (issue 12): --help of every command (by --lang,
TALENTGRAPH_LANG or a Chinese locale), the rules table's reading column, the token messages.
Run as a user runs it (a real process)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from talentgraph.cli.help import help_message
from talentgraph.cli.main import cli
from talentgraph.i18n import Words

HAN = re.compile("[\u4e00-\u9fff]")


def run(*args: str, env: dict[str, str] | None = None) -> str:
    base = {k: v for k, v in os.environ.items()
            if k not in ("TALENTGRAPH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    proc = subprocess.run([sys.executable, "-m", "talentgraph", *args], capture_output=True, text=True,
                          timeout=120, env=base | {"COLUMNS": "200"} | (env or {}))
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr


@pytest.mark.parametrize("choose", [("--lang", "zh"), {"TALENTGRAPH_LANG": "zh_CN"}, {"LANG": "zh_CN.UTF-8"}],
                         ids=["--lang", "TALENTGRAPH_LANG", "locale"])
def test_help_in_chinese(choose: tuple[str, str] | dict[str, str]) -> None:
    args, env = (list(choose), None) if isinstance(choose, tuple) else ([], choose)
    top = run(*args, "--help", env=env)
    assert "用法:" in top and "以图表示的教师梯队培养" in top and "命令:" in top
    assert "检查名册数据包；列出每个问题及其文件、行、列和原因" in top  # validate's short help
    assert "Teacher talent pipelines" not in top and "Show this message" not in top
    sub = run(*args, "eligible", "--help", env=env)
    assert "某一目标（TIER@LEVEL[/TRACK]）的全部候选人，附结论和原因。" in sub
    assert "只看该机构及其下属机构的教师。" in sub and "Only teachers in" not in sub


def test_help_in_english() -> None:
    top = run("--help")
    assert "Usage:" in top and "Teacher talent pipelines as a graph" in top and "Commands:" in top
    assert "Only teachers in this org's subtree." in run("eligible", "--help", "--lang", "en")


def test_every_help_text_has_its_chinese() -> None:
    """A subcommand group's commands too (round decide, token create): each help in the catalogue."""
    chinese = Words.of("zh_CN")

    def texts(command: object) -> list[str]:
        found = [getattr(command, "help", None) or ""]
        found += [getattr(p, "help", None) or "" for p in getattr(command, "params", [])]
        for sub in getattr(command, "commands", {}).values():
            found += texts(sub)
        return [help_message(t) for t in found if t]

    untranslated = [t for t in texts(cli) if not HAN.search(chinese.gettext(t))]
    assert untranslated == []


def test_rules_reading_in_chinese() -> None:
    said = run("rules", "--lang", "zh")
    flat = said.replace("\n", "").replace("│", "").replace(" ", "")
    assert "我们的理解" in said and "原则上（待审核，而非不符合）" in flat
    english = run("rules", "--lang", "en")
    assert "In principle (review, not" in english


def test_token_messages_in_chinese(tmp_path: Path) -> None:
    env = {"TALENTGRAPH_HOME": str(tmp_path), "TALENTGRAPH_LANG": "zh"}
    created = run("token", "create", "--role", "admin", env=env)
    assert "已创建 admin 令牌" in created and "请立即保存" in created
    token_id = created.split("令牌 ")[1].split("；")[0]
    assert "已吊销令牌 " + token_id in run("token", "revoke", token_id, env=env)
    proc = subprocess.run([sys.executable, "-m", "talentgraph", "token", "create", "--role", "planner"],
                          capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != "LANG"} | env)
    assert proc.returncode == 2 and "规划人员令牌需要 --org ORG_ID" in proc.stderr
