"""Writing verdict lists for the command line: a table on the terminal, or a file (exports.py)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from talentgraph.domain.verdict import Verdict
from talentgraph.exports import csv_text, json_text, why_not, write_xlsx

FORMATS = ("table", "csv", "json", "xlsx")
STYLE = {"eligible": "green", "review": "yellow", "ineligible": "red"}


def write_verdicts(verdicts: Iterable[Verdict], fmt: str, output: Path | None, console: Console) -> None:
    if fmt == "xlsx":
        assert output is not None, "the CLI requires --output for xlsx"
        write_xlsx(verdicts, output)
        return
    if fmt == "table":
        if output is None:
            console.print(_table(verdicts))
        else:
            with output.open("w", encoding="utf-8") as handle:
                Console(file=handle, width=160, color_system=None).print(_table(verdicts))
        return
    text = csv_text(verdicts) if fmt == "csv" else json_text(verdicts)
    if output is None:
        console.file.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def _table(verdicts: Iterable[Verdict]) -> Table:
    table = Table(show_lines=False)
    for col in ("teacher", "name", "school", "verdict", "why not (rule: reason)"):
        table.add_column(col, overflow="fold")
    for v in verdicts:
        why = why_not(v)
        style = STYLE[v.verdict.value]
        table.add_row(v.teacher_id, v.name, v.school_id, f"[{style}]{v.verdict.value}[/]", why)
    return table
