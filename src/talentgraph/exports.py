"""Verdict lists as files: JSON records, CSV and XLSX rows. The one export the CLI, the API and the
web share.

The flat shape (``COLUMNS``: one row per verdict, the school and its parent org by id and name,
failed rules, every reason, and the seed's sentence of each rule that failed) is what planners open
in Excel or WPS. In Chinese the headers, targets, verdicts and reasons are Chinese; in English the
headers are the column keys (``teacher_id``, ...: scripts read them) and the values as the CLI
prints them. Rows are made one at a time and written as they come (a CSV line, an openpyxl
write-only row), so an export of any size runs in flat memory. Cells a spreadsheet would run as
formulas are guarded (spreadsheet.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from talentgraph.domain.models import Org
from talentgraph.domain.rules import RULES, source_record
from talentgraph.domain.verdict import CheckResult, Verdict
from talentgraph.i18n import ENGLISH, N_, Words
from talentgraph.spreadsheet import csv_cell, xlsx_cell

BOM = "\ufeff"  # Excel and WPS on Chinese Windows read a CSV as GBK unless it starts with one


@dataclass(frozen=True)
class Column:
    key: str  # the English header, and the JSON-ish name scripts use
    heading: str  # the message of the Chinese header
    width: int  # characters, for XLSX
    english_only: bool = False  # the English gloss of the seed sentence


COLUMNS = (
    Column("teacher_id", N_("Teacher ID"), 12),
    Column("name", N_("Name"), 10),
    Column("school_id", N_("School ID"), 12),
    Column("school", N_("School"), 24),
    Column("org_id", N_("Parent org ID"), 12),
    Column("org", N_("Parent org"), 18),
    Column("target", N_("Target"), 18),
    Column("as_of", N_("As of"), 12),
    Column("policy", N_("Policy"), 10),
    Column("verdict", N_("Verdict"), 10),
    Column("failed_rules", N_("Rules failed"), 18),
    Column("unknown_rules", N_("Rules lacking data"), 18),
    Column("reasons", N_("Reasons"), 60),
    Column("sources", N_("Seed sentences"), 60),
    Column("glosses", N_("English glosses"), 50, english_only=True),
)
FLAT_HEADER = [c.key for c in COLUMNS]


@dataclass(frozen=True)
class Extra:
    """Columns after the flat ones (a ranked list's rank and score, readiness): their headers and
    widths, and each verdict's cells in the verdicts' order, made as they are asked for."""

    header: Sequence[str]
    cells: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()


def columns(words: Words) -> list[Column]:
    return [c for c in COLUMNS if not c.english_only or words.lang == ENGLISH]


def header(words: Words, extra: Extra | None = None) -> list[str]:
    own = [c.key if words.lang == ENGLISH else words.gettext(c.heading) for c in columns(words)]
    return own + list(extra.header if extra else [])


def widths(words: Words, extra: Extra | None = None) -> list[float]:
    own: list[float] = [c.width for c in columns(words)]
    return own + list(extra.widths if extra else [])


def verdict_record(v: Verdict, words: Words | None = None) -> dict[str, Any]:
    """The JSON shape of a verdict (the CLI contract): machine fields stay as they are in every
    language; the human ones (``reason``) are in ``words``' language (English by default)."""
    words = words or Words.of(ENGLISH)
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
        "checks": [check_record(c, words) for c in v.checks],
    }


def check_record(c: CheckResult, words: Words) -> dict[str, Any]:
    return {"rule": c.rule, "check": c.check, "passed": c.passed, "hard": c.hard,
            "unknown": c.unknown, "reason": words.reason(c), "effect": c.effect, "rules": list(c.rules),
            "sources": [source_record(r) for r in c.rules]}


def why_not(v: Verdict, sep: str = "\n", words: Words | None = None) -> str:
    """Every gate check that did not pass, as "RULE: reason" (or "all checks pass"); advice and
    alerts never decide a verdict and are left to ``explain``."""
    words = words or Words.of(ENGLISH)
    if sep == "; " and words.chinese:
        sep = "；"
    return sep.join(f"{c.rule}: {words.reason(c)}" for c in v.checks if c.gate and not c.passed) \
        or words.gettext("all checks pass")


def flat_rows(verdicts: Iterable[Verdict], words: Words, orgs: Mapping[str, Org],
              extra: Iterable[Sequence[Any]] | None = None) -> Iterator[list[Any]]:
    """One row per verdict, made as it is asked for: ``as_of`` a date, the rest text; then the
    verdict's ``extra`` cells, if given (one sequence per verdict, in the same order)."""
    return _with_extra((own + list(shared) for own, shared in _flat_parts(verdicts, words, orgs)), extra)


def _flat_parts(verdicts: Iterable[Verdict], words: Words, orgs: Mapping[str, Org]
                ) -> Iterator[tuple[list[Any], tuple[Any, ...]]]:
    """Each verdict's flat row in two parts: its own cells (teacher, school and the school's
    parent org) and the cells from the target on, which depend only on its outcomes. Those are
    made once per distinct set of outcomes (a sweep shares one result object among candidates
    with the same outcome of a check) and are then the same tuple; a school's cells once per school."""
    english = words.lang == ENGLISH
    places: dict[str, list[str]] = {}
    shared: dict[tuple[Any, ...], tuple[Verdict, tuple[Any, ...]]] = {}  # outcomes -> (a verdict, cells)
    for v in verdicts:
        place = places.get(v.school_id)
        if place is None:
            if len(places) >= _TEXTS_KEPT:
                places.clear()
            school = orgs.get(v.school_id)
            parent = orgs.get(school.parent_id) if school is not None and school.parent_id else None
            place = places[v.school_id] = [school.name if school else "", parent.id if parent else "",
                                           parent.name if parent else ""]
        key = (v.verdict, v.policy, v.as_of, v.target, *map(id, v.checks))
        known = shared.get(key)
        if known is None:
            if len(shared) >= _TEXTS_KEPT:
                shared.clear()
            cited = list(dict.fromkeys((*v.failed_rules, *v.unknown_rules)))
            cells = [str(v.target) if english else words.target(v.target), v.as_of, v.policy,
                     words.verdict(v.verdict), ";".join(dict.fromkeys(v.failed_rules)),  # each rule once:
                     ";".join(dict.fromkeys(v.unknown_rules)),  # two checks may cite one rule
                     why_not(v, "; ", words), "; ".join(f"{r} {q}" for r in cited if (q := words.quote(r)))]
            if english:
                cells.append("; ".join(f"{r}: {RULES[r]}" for r in cited if r in RULES))
            known = shared[key] = (v, tuple(cells))
        yield [v.teacher_id, v.name, v.school_id, *place], known[1]


def _with_extra(rows: Iterable[list[Any]], extra: Iterable[Sequence[Any]] | None,
                convert: Callable[[list[Any]], list[Any]] = list) -> Iterator[list[Any]]:
    """Each row followed by its ``extra`` cells (``convert``ed), one sequence per row."""
    if extra is None:
        yield from rows
        return
    more = iter(extra)
    for row in rows:
        cells = next(more, None)
        if cells is None:
            raise ValueError("fewer rows of extra columns than verdicts")
        yield row + convert(list(cells))
    if next(more, None) is not None:
        raise ValueError("more rows of extra columns than verdicts")


def json_text(verdicts: Iterable[Verdict], words: Words | None = None) -> str:
    return json.dumps([verdict_record(v, words) for v in verdicts], ensure_ascii=False, indent=1) + "\n"


def write_json(verdicts: Iterable[Verdict], handle: IO[str], words: Words | None = None) -> None:
    """``json_text``, written a record at a time (the same text, in flat memory).

    A sweep gives every candidate with the same outcome of a check the same result object, and
    most candidates share their whole set of outcomes with many others. So everything of a record
    after its teacher (target, day, policy, verdict, rules and checks) is put into JSON once per
    distinct set and its text reused; a record then costs its three strings, encoded by the C
    encoder ``json.dumps`` itself uses. The layout is ``json.dumps(..., indent=1)``'s (its encoder
    with an indent is Python's own, and was most of the time of writing a whole sweep)."""
    words = words or Words.of(ENGLISH)
    checks: dict[int, tuple[CheckResult, str]] = {}  # id -> the result (kept alive) and its text
    rests: dict[tuple[Any, ...], tuple[Verdict, str]] = {}  # a verdict's outcomes -> (it, the text)
    text = _encode_text
    separator = "[\n "
    for v in verdicts:
        key = (v.verdict, v.candidate, v.policy, v.as_of, v.target, *map(id, v.checks))
        known = rests.get(key)
        if known is None:
            if len(rests) >= _TEXTS_KEPT:
                rests.clear()
            known = rests[key] = (v, _rest_text(v, words, checks))
        handle.write(f'{separator}{{\n  "teacher_id": {text(v.teacher_id)},\n  "name": {text(v.name)},\n  '
                     f'"school_id": {text(v.school_id)}{known[1]}')
        separator = ",\n "
    handle.write("[]\n" if separator == "[\n " else "\n]\n")


_TEXTS_KEPT = 100_000
_HEAD = ("teacher_id", "name", "school_id")  # the fields a record writes itself; the rest is shared
_encode_text = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) runs (in C)


def _rest_text(v: Verdict, words: Words, checks: dict[int, tuple[CheckResult, str]]) -> str:
    """The text of ``v``'s record after its head fields, from the comma that ends ``school_id``,
    indented as one element of the list."""
    texts = []
    for c in v.checks:
        known = checks.get(id(c))
        if known is None:
            if len(checks) >= _TEXTS_KEPT:
                checks.clear()
            text = json.dumps(check_record(c, words), ensure_ascii=False, indent=1)
            known = checks[id(c)] = (c, text.replace("\n", "\n  "))
        texts.append(known[1])
    record = verdict_record(v, words)  # once per distinct rest: its checks' records are dropped
    fields = _fields_text({k: value for k, value in record.items() if k not in _HEAD}, texts)
    return (",\n" + ",\n".join(fields) + "\n}").replace("\n", "\n ")


def _fields_text(record: dict[str, Any], check_texts: list[str]) -> list[str]:
    """Each field of a verdict record as ``json.dumps(record, ensure_ascii=False, indent=1)``
    lays it out (scalars, lists of scalars, and its checks given as text already)."""
    fields = []
    for key, value in record.items():
        if key == "checks":
            items = check_texts
        elif isinstance(value, list):
            items = [json.dumps(item, ensure_ascii=False) for item in value]
        else:
            fields.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
            continue
        listed = "[\n  " + ",\n  ".join(items) + "\n ]" if items else "[]"
        fields.append(f" {json.dumps(key)}: {listed}")
    return fields


def _csv_row(row: list[Any], for_spreadsheets: bool) -> list[str]:
    text = [value.isoformat() if isinstance(value, dt.date) else f"{value:g}" if isinstance(value, float)
            else str(value) for value in row]
    return [csv_cell(value) for value in text] if for_spreadsheets else text


def _csv_lines(verdicts: Iterable[Verdict], words: Words, orgs: Mapping[str, Org], for_spreadsheets: bool,
               extra: Iterable[Sequence[Any]] | None = None) -> Iterator[list[str]]:
    """``flat_rows`` as CSV cells, the cells verdicts share converted once."""
    converted: dict[int, tuple[tuple[Any, ...], list[str]]] = {}  # id of shared cells -> (them, as text)

    def lines() -> Iterator[list[str]]:
        for own, shared in _flat_parts(verdicts, words, orgs):
            known = converted.get(id(shared))
            if known is None:
                if len(converted) >= _TEXTS_KEPT:
                    converted.clear()
                known = converted[id(shared)] = (shared, _csv_row(list(shared), for_spreadsheets))
            yield _csv_row(own, for_spreadsheets) + known[1]

    return _with_extra(lines(), extra, lambda cells: _csv_row(cells, for_spreadsheets))


def write_csv(verdicts: Iterable[Verdict], handle: IO[str], words: Words, orgs: Mapping[str, Org], *,
              for_spreadsheets: bool = True) -> None:
    """The header and a line per verdict, written as each is made. For spreadsheets (a file, a
    download): a byte-order mark first, CRLF lines, and cells that would run as formulas guarded;
    otherwise (a pipe) plain CSV."""
    if for_spreadsheets:
        handle.write(BOM)
    writer = csv.writer(handle, lineterminator="\r\n" if for_spreadsheets else "\n")
    writer.writerow(header(words))
    writer.writerows(_csv_lines(verdicts, words, orgs, for_spreadsheets))


def csv_chunks(verdicts: Iterable[Verdict], words: Words, orgs: Mapping[str, Org],
               rows_per_chunk: int = 500, extra: Extra | None = None) -> Iterator[bytes]:
    """The spreadsheet CSV (BOM, guarded cells) as UTF-8 chunks of a few hundred lines, made as
    they are sent (a streamed HTTP response); ``extra`` columns after the flat ones."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    buf.write(BOM)
    writer.writerow(header(words, extra))
    for n, row in enumerate(_csv_lines(verdicts, words, orgs, True, extra.cells if extra else None), start=1):
        writer.writerow(row)
        if n % rows_per_chunk == 0:
            yield buf.getvalue().encode()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode()


def write_xlsx(verdicts: Iterable[Verdict], output: Path | IO[bytes], words: Words,
               orgs: Mapping[str, Org], extra: Extra | None = None) -> None:
    """The verdicts as one sheet (``write_sheet``), a row per verdict, streamed as they come;
    ``extra`` columns after the flat ones."""
    rows = flat_rows(verdicts, words, orgs, extra.cells if extra else None)
    write_sheet(header(words, extra), rows, output, words, widths(words, extra))


def write_sheet(titles: Sequence[str], rows: Iterable[Sequence[Any]], output: Path | IO[bytes],
                words: Words, widths: Sequence[float] = (), sheet: str | None = None) -> None:
    """One sheet: a bold, frozen header row with a filter, columns wide enough to read (``widths``
    in characters; 16 for columns past them), dates as real date cells. openpyxl's write-only mode
    streams the rows to disk as they come; text starting with = stays text. The sheet is named
    ``sheet`` (default: verdicts, in ``words``' language)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet or words.pgettext("sheet", "verdicts"))
    for i in range(1, len(titles) + 1):  # widths go before the first row in write-only mode
        width = widths[i - 1] if i <= len(widths) else 16
        ws.column_dimensions[get_column_letter(i)].width = width * (2 if words.chinese else 1.2)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(ws, title)
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
        cells.append(cell)
    ws.append(cells)
    count = 1
    for row in rows:
        ws.append([_xlsx_value(ws, value) for value in row])
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(titles))}{count}"  # written after the rows
    wb.save(output)


def _xlsx_value(ws: Any, value: object) -> object:
    if isinstance(value, dt.date):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return xlsx_cell(ws, value)


def xlsx_file(verdicts: Iterable[Verdict], words: Words, orgs: Mapping[str, Org],
              extra: Extra | None = None) -> Path:
    """The workbook in a new temporary file (the caller removes it): an HTTP download streams it
    from disk instead of holding it in memory."""
    fd, name = tempfile.mkstemp(prefix="talentgraph-", suffix=".xlsx")
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write_xlsx(verdicts, handle, words, orgs, extra)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path
