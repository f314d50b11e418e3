"""Verdict lists as files: JSON records, CSV and XLSX rows. The one export the CLI and the API share.

The flat shape (``FLAT_HEADER``: one row per verdict, failed rules, every reason, and the seed's
sentence and English gloss of each rule that failed) is what planners open in a spreadsheet;
exports meant for spreadsheets guard cells a spreadsheet would run as formulas (spreadsheet.py).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from talentgraph.domain.rules import RULES, quote_line, source_record
from talentgraph.domain.verdict import Verdict
from talentgraph.spreadsheet import csv_cell, xlsx_cell

FLAT_HEADER = ["teacher_id", "name", "school_id", "target", "as_of", "policy", "verdict",
               "failed_rules", "unknown_rules", "reasons", "sources", "glosses"]


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
             "unknown": c.unknown, "reason": c.reason, "effect": c.effect, "rules": list(c.rules),
             "sources": [source_record(r) for r in c.rules]}
            for c in v.checks
        ],
    }


def why_not(v: Verdict, sep: str = "\n") -> str:
    """Every gate check that did not pass, as "RULE: reason" (or "all checks pass"); advice and
    alerts never decide a verdict and are left to ``explain``."""
    return sep.join(f"{c.rule}: {c.reason}" for c in v.checks if c.gate and not c.passed) or "all checks pass"


def flat_row(v: Verdict) -> list[str]:
    """One spreadsheet row: the verdict, the rules that failed or lacked data (each once: two checks
    may cite one rule), every reason, and the sentence (with its English gloss) of each such rule."""
    cited = list(dict.fromkeys((*v.failed_rules, *v.unknown_rules)))
    sources = "; ".join(f"{r} {quote_line(r)}" for r in cited if quote_line(r))
    glosses = "; ".join(f"{r}: {RULES[r]}" for r in cited if r in RULES)
    return [v.teacher_id, v.name, v.school_id, str(v.target), v.as_of.isoformat(), v.policy,
            v.verdict.value, ";".join(dict.fromkeys(v.failed_rules)),
            ";".join(dict.fromkeys(v.unknown_rules)), why_not(v, "; "), sources, glosses]


def json_text(verdicts: Iterable[Verdict]) -> str:
    return json.dumps([verdict_record(v) for v in verdicts], ensure_ascii=False, indent=1) + "\n"


def csv_text(verdicts: Iterable[Verdict], *, for_spreadsheets: bool = False) -> str:
    """FLAT_HEADER and a row per verdict; ``for_spreadsheets`` guards cells that would run as formulas."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FLAT_HEADER)
    for v in verdicts:
        row = flat_row(v)
        writer.writerow([csv_cell(value) for value in row] if for_spreadsheets else row)
    return buf.getvalue()


def write_xlsx(verdicts: Iterable[Verdict], output: Path | IO[bytes]) -> None:
    """FLAT_HEADER and a row per verdict as a "verdicts" sheet; text starting with = stays text."""
    _write_rows((flat_row(v) for v in verdicts), output)


def xlsx_bytes(verdicts: Iterable[Verdict]) -> bytes:
    out = io.BytesIO()
    write_xlsx(verdicts, out)
    return out.getvalue()


def _write_rows(rows: Iterable[Sequence[str]], output: Path | IO[bytes]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("verdicts")
    ws.append(FLAT_HEADER)
    for row in rows:
        ws.append([xlsx_cell(ws, value) for value in row])
    wb.save(output)
