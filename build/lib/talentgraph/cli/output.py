"""Writing verdict lists as a table, CSV, JSON or XLSX."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.table import Table

from talentgraph.domain.verdict import Verdict
from talentgraph.spreadsheet import csv_cell, xlsx_cell

FORMATS = ("table", "csv", "json", "xlsx")
STYLE = {"eligible": "green", "review": "yellow", "ineligible": "red"}


def verdict_record(v: Verdict) -> dict[str, Any]:
    """The JSON shape of a verdict (the CLI contract)."""
    return {
        "teacher_id": v.teacher_id,
        "name": v.name,
        "school_id": v.school_id,
        "target": str(v.target),
        "as_of": v.as_of.isoformat(),
        "policy": v.policy,
        "verdict": v.verdict.value,
        "candidate": v.candidate,
        "failed_rules": list(v.failed_rules),
        "unknown_rules": list(v.unknown_rules),
        "checks": [
            {"rule": c.rule, "check": c.check, "passed": c.passed, "hard": c.hard,
             "unknown": c.unknown, "reason": c.reason}
            for c in v.checks
        ],
    }


def flat_row(v: Verdict) -> list[str]:
    """One spreadsheet row: the verdict, failed rules, and every reason."""
    return [v.teacher_id, v.name, v.school_id, str(v.target), v.as_of.isoformat(), v.policy,
            v.verdict.value, ";".join(v.failed_rules), ";".join(v.unknown_rules), why_not(v, "; ")]


def why_not(v: Verdict, sep: str = "\n") -> str:
    """Every check that did not pass, as "RULE: reason" (or "all checks pass")."""
    return sep.join(f"{c.rule}: {c.reason}" for c in v.checks if not c.passed) or "all checks pass"


FLAT_HEADER = ["teacher_id", "name", "school_id", "target", "as_of", "policy", "verdict",
               "failed_rules", "unknown_rules", "reasons"]


def write_verdicts(verdicts: Iterable[Verdict], fmt: str, output: Path | None, console: Console) -> None:
    if fmt == "xlsx":
        assert output is not None, "the CLI requires --output for xlsx"
        _write_xlsx(verdicts, output)
        return
    if fmt == "table":
        if output is None:
            console.print(_table(verdicts))
        else:
            with output.open("w", encoding="utf-8") as handle:
                Console(file=handle, width=160, color_system=None).print(_table(verdicts))
        return
    text = _csv(verdicts) if fmt == "csv" else json.dumps(
        [verdict_record(v) for v in verdicts], ensure_ascii=False, indent=1)
    if output is None:
        console.file.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


def _csv(verdicts: Iterable[Verdict]) -> str:
    return flat_csv(flat_row(v) for v in verdicts)


def flat_csv(rows: Iterable[Sequence[str]], *, for_spreadsheets: bool = False) -> str:
    """FLAT_HEADER and the rows as CSV; ``for_spreadsheets`` guards cells that would run as formulas."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FLAT_HEADER)
    writer.writerows([csv_cell(value) for value in row] if for_spreadsheets else row for row in rows)
    return buf.getvalue()


def _write_xlsx(verdicts: Iterable[Verdict], output: Path) -> None:
    write_flat_xlsx((flat_row(v) for v in verdicts), output)


def write_flat_xlsx(rows: Iterable[Sequence[str]], output: Path | IO[bytes]) -> None:
    """FLAT_HEADER and the rows as a "verdicts" sheet; text starting with = stays text."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("verdicts")
    ws.append(FLAT_HEADER)
    for row in rows:
        ws.append([xlsx_cell(ws, value) for value in row])
    wb.save(output)


def _table(verdicts: Iterable[Verdict]) -> Table:
    table = Table(show_lines=False)
    for col in ("teacher", "name", "school", "verdict", "why not (rule: reason)"):
        table.add_column(col, overflow="fold")
    for v in verdicts:
        why = why_not(v)
        style = STYLE[v.verdict.value]
        table.add_row(v.teacher_id, v.name, v.school_id, f"[{style}]{v.verdict.value}[/]", why)
    return table
