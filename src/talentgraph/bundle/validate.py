"""Validate a raw bundle and turn it into a typed ``Roster``.

Checks run a whole column at a time with pyarrow.compute, so a bundle with
millions of rows validates in seconds; Python only loops over rows that have
a problem. Every problem is collected (at most ``MAX_ROWS_PER_PROBLEM`` rows
per kind, then a summary) and raised together in one ``BundleError``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import NamedTuple, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.bundle.read import MAX_ROWS_PER_PROBLEM, RawBundle, RawTable, more_rows
from talentgraph.bundle.vocabulary import FALSE_WORDS, TRUE_WORDS, enum_words
from talentgraph.domain.columns import ColType, Column, Ref, TableSpec
from talentgraph.domain.enums import (
    ANNUAL_RESULTS,
    ETHICS_RESULTS,
    Level,
    OrgKind,
    ProgrammeResult,
    ReviewKind,
    ReviewResult,
    Status,
    TrainingDelivery,
)
from talentgraph.domain.headers import column_names
from talentgraph.domain.message import N_, Header, Message, Param, message
from talentgraph.domain.tables import FILE_ORDER, SPECS, TABLES
from talentgraph.errors import BundleError, Problem, problem
from talentgraph.roster import ENCODED, Roster, arrow_schema, encoded, smallest_index
from talentgraph.roster import unified as unified_column
from talentgraph.roster.upgrade import LEGACY_KINDS, has_legacy_kinds, split_legacy_kind

Mask: TypeAlias = "pa.ChunkedArray | pa.Array"
Indices = npt.NDArray[np.int64]
Describe = Callable[[int], Message]
_T = TypeVar("_T")
_R = TypeVar("_R")


class RowsIn(NamedTuple):
    """Where each value of a reference column is in the table it names: ``rows`` (null where the
    value is empty or names no row) of a table of ``length`` rows."""

    rows: pa.ChunkedArray
    length: int


HEADER_ROW = 1
NOTICE_ROWS = 5  # a notice names this many rows, then counts the rest
_NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$"
_INT_PATTERN = r"^-?\d{1,18}$"  # 18 digits always fit in int64
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# 2025-08-20, 2025/8/20, 2025.8.20, 2025年8月20日: year, month, day, however separated.
# A spreadsheet's CSV export may add midnight (2025/8/20 0:00); any other time is refused.
_OFFICE_DATE = (r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                r"(?:\s+0?0:00(?::00)?)?\s*$")
# A number in a workbook's date column is a date cell without its format (days since the
# workbook's epoch); from 10000 (1927) up, so that a year such as 2025 is never read as one.
_SERIAL_PATTERN = r"^\d{5,7}$"
_SERIALS = (10_000, 2_958_465)  # Excel's last day is 9999-12-31
_ISO_DATE = "%Y-%m-%d"
_NULL_TEXT = pa.nulls(1, pa.string())[0]  # not pa.scalar: converting a value at import imports pandas
_REVIEW_KIND = SPECS["reviews"].column("kind")


@functools.cache
def _plain_bools() -> pa.Array:  # true, false: no other spelling to read (made on first use, as above)
    return pa.array([TRUE_WORDS[0], FALSE_WORDS[0]])



# --- problems --------------------------------------------------------------------------


def true_indices(mask: Mask) -> Indices:
    """Positions where a boolean mask is true (null counts as false)."""
    filled = mask.fill_null(False)
    if not pc.any(filled).as_py():  # the happy path: no numpy copy at all
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(filled.to_numpy(zero_copy_only=False)).astype(np.int64)


class ProblemLog:
    """Collects problems, listing at most MAX_ROWS_PER_PROBLEM rows of each kind, and notices:
    what the load report should say about rows it reads without refusing them."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        self.notices: list[Problem] = []
        self.warnings: list[Problem] = []  # what was not read: --strict makes these problems

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def notice(self, sheet: Sheet, column: str | None, mask: Mask, what: Message) -> None:
        """One notice for all the rows where ``mask`` is true, naming the first few."""
        rows = true_indices(mask)
        if len(rows) == 0:
            return
        first = ", ".join(str(sheet.raw.row_number(int(i))) for i in rows[:NOTICE_ROWS])
        named: Param = first
        if len(rows) > NOTICE_ROWS:
            named = message(N_("{first} and {more} more"), first=first, more=len(rows) - NOTICE_ROWS)
        reason = (message(N_("{what} (1 row: {first})"), what=what, first=named) if len(rows) == 1 else
                  message(N_("{what} ({n} rows: {first})"), what=what, n=len(rows), first=named))
        self.notices.append(problem(sheet.filename, None, column, reason))

    def where(
        self, sheet: Sheet, column: str | None, mask: Mask, describe: Describe, what: Message
    ) -> Indices:
        """Report every row where ``mask`` is true; returns those rows."""
        rows = true_indices(mask)
        self.at(sheet, column, rows, describe, what)
        return rows

    def at(
        self, sheet: Sheet, column: str | None, rows: Indices, describe: Describe, what: Message
    ) -> None:
        for index in rows[:MAX_ROWS_PER_PROBLEM]:
            row = int(index)
            self.add(problem(sheet.filename, sheet.raw.row_number(row), column, describe(row)))
        more = len(rows) - MAX_ROWS_PER_PROBLEM
        if more > 0:
            self.add(problem(sheet.filename, None, column, more_rows(more, what), count=more))

    def in_file_order(self, problems: list[Problem] | None = None) -> list[Problem]:
        """Problems (or others) grouped by file (load order), keeping check order within a file."""
        rank = {SPECS[name].filename: index for index, name in enumerate(FILE_ORDER)}
        found = self.problems if problems is None else problems
        return sorted(found, key=lambda problem: rank.get(problem.file, -1))


# --- one file ----------------------------------------------------------------------------


@dataclass
class Sheet:
    """One bundle file under validation: its text and its typed spec columns."""

    spec: TableSpec
    raw: RawTable
    missing: frozenset[str]  # spec columns absent from the header
    extras: dict[str, int]  # extra column name -> position in the raw table
    text: dict[str, pa.ChunkedArray] = field(default_factory=dict)  # as written
    typed: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    # Each reference column's rows in the table it names, found once and read by the key check,
    # the reference checks, the org checks and the fact index.
    rows: dict[str, RowsIn] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return self.spec.filename

    def value(self, column: str, index: int) -> str | None:
        """A cell as written in the file, for messages."""
        cell: str | None = self.text[column][index].as_py()
        return cell

    def cell(self, column: str, index: int) -> str:
        """A cell as written, for messages ("" when empty)."""
        return self.value(column, index) or ""

    def has(self, *columns: str) -> bool:
        return not self.missing.intersection(columns)

    def table(self) -> pa.Table:
        """Spec columns with their Arrow types, then extra columns as strings."""
        schema = arrow_schema(self.spec)
        held = ENCODED.get(self.spec.name, ())
        for name in schema.names:  # replaced one at a time: a column is never held twice over
            self.typed[name] = encoded(self.typed[name]) if name in held else _whole(self.typed[name])
        arrays = [self.typed[name] for name in schema.names]
        schema = pa.schema([pa.field(f.name, a.type) for f, a in zip(schema, arrays, strict=True)])
        for name, position in self.extras.items():
            schema = schema.append(pa.field(name, pa.string()))
            arrays.append(self.raw.table.column(position))
        return pa.Table.from_arrays(arrays, schema=schema)


def _whole(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dates and numbers in one chunk, so that the fact index reads them in place rather than
    copying them together (text stays in the file's chunks, shared with what was read)."""
    if column.num_chunks <= 1 or not (pa.types.is_temporal(column.type) or pa.types.is_floating(column.type)
                                      or pa.types.is_integer(column.type)):
        return column
    return pa.chunked_array([column.combine_chunks()])


def _open_sheet(spec: TableSpec, raw: RawTable, log: ProblemLog) -> Sheet:
    positions, extras = _column_positions(spec, raw.table, log)
    missing = frozenset(spec.column_names) - positions.keys()
    required_missing = [c.name for c in spec.columns if c.required and c.name in missing]
    if required_missing:
        found = ", ".join(repr(name) for name in raw.table.column_names if name)
        for name in required_missing:
            reason = (message(N_("required column is missing (headers found: {found})"), found=found) if found
                      else message(N_("required column is missing (no headers found)")))
            log.add(problem(spec.filename, HEADER_ROW, name, reason))
    sheet = Sheet(spec, raw, missing, extras)
    texts = {column.name: _column_text(raw.table, positions.get(column.name)) for column in spec.columns}
    if spec.name == "training":
        texts = _read_version_1_kinds(sheet, texts, log)
    if spec.name == "reviews":
        texts = _read_shared_result_words(texts)
    for column in spec.columns:
        _convert_column(sheet, column, texts[column.name], log)
    return sheet


def _read_version_1_kinds(sheet: Sheet, texts: dict[str, pa.ChunkedArray],
                          log: ProblemLog) -> dict[str, pa.ChunkedArray]:
    """Format version 1 put three contents (public_need, professional, ethics) in ``kind``: read
    them as content with the delivery unknown, and say so in the load report."""
    kind, content = texts["kind"], texts["content"]
    if not has_legacy_kinds(_distinct_texts(kind)):  # a version 2 file: nothing to move, nothing to pay
        return texts
    kind, content = _decoded(kind), _decoded(content)
    new_kind, new_content, moved, clash = split_legacy_kind(kind, content)

    def describe(row: int) -> Message:
        return message(N_("{kind!r} is a content, which format version 1 put in kind, but content is "
                          "{content!r}: give the delivery in kind ({deliveries})"), kind=kind[row].as_py(),
                       content=content[row].as_py(), deliveries=", ".join(d.value for d in TrainingDelivery))

    log.where(sheet, "kind", clash, describe, message(N_("content values in kind that contradict content")))
    log.notice(sheet, "kind", moved, message(N_("give {kinds} as kind, as format version 1 did: read as "
                                                "content, delivery unknown"), kinds="/".join(LEGACY_KINDS)))
    return texts | {"kind": pc.if_else(clash, _NULL_TEXT, new_kind), "content": new_content}


def _distinct_texts(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """The texts of a column, each at least once (a dictionary-encoded column: its dictionaries)."""
    if not pa.types.is_dictionary(text.type):
        return text
    return pa.chunked_array([chunk.dictionary for chunk in text.chunks], pa.string())


def _decoded(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column as plain text (for the rare rewrites that read a row's other cells)."""
    return text.cast(pa.string()) if pa.types.is_dictionary(text.type) else text


def _column_positions(spec: TableSpec, table: pa.Table,
                      log: ProblemLog) -> tuple[dict[str, int], dict[str, int]]:
    """Spec column -> position of its header (any case, spacing or Chinese name), and the
    headers that name no column -> position. Reports repeated columns, unnamed data, and every
    header that is not a column (a warning, with the nearest column name)."""
    names = column_names(spec)
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    extras: dict[str, int] = {}
    for position, name in enumerate(table.column_names):
        column = names.find(name) if name else None
        if not name:
            _check_unnamed_column(spec, table, position, log)
        elif column is None:
            if name in extras:
                log.warnings.append(problem(spec.filename, HEADER_ROW, name, message(N_(
                    "not a column of {file}, and there twice: only the first is kept"), file=spec.filename)))
                continue
            extras[name] = position
            near = names.suggest(name)
            log.warnings.append(problem(spec.filename, HEADER_ROW, name, message(N_(
                "not a column of {file}: kept as text, not read (did you mean {near!r}?)"),
                file=spec.filename, near=Header(spec.name, near)) if near else message(N_(
                    "not a column of {file}: kept as text, not read"), file=spec.filename)))
        elif column in positions:
            first = written[column]
            log.add(problem(spec.filename, HEADER_ROW, column, message(N_("column appears more than once"))
                            if first == name else message(N_("column appears more than once ({first!r} and "
                                                             "{name!r} both name {column})"), first=first,
                                                          name=name, column=Header(spec.name, column))))
        else:
            positions[column], written[column] = position, name
    return positions, extras


def _check_unnamed_column(spec: TableSpec, table: pa.Table, position: int, log: ProblemLog) -> None:
    # Spreadsheets often carry empty trailing columns; only one with data is a problem.
    if table.column(position).null_count < table.num_rows:
        reason = message(N_("column {n} has values but no header"), n=position + 1)
        log.add(problem(spec.filename, HEADER_ROW, None, reason))


def _column_text(table: pa.Table, position: int | None) -> pa.ChunkedArray:
    if position is None:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())], type=pa.string())
    column: pa.ChunkedArray = table.column(position)
    return column


def _convert_column(sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog) -> None:
    if column.type is ColType.ID:
        text = _trimmed_ids(sheet, column, text, log)
    sheet.text[column.name] = text
    if column.required and column.name not in sheet.missing:
        reason = message(N_("required value is empty"))
        log.where(sheet, column.name, text.is_null(), lambda _: reason, reason)
    if pa.types.is_dictionary(text.type):
        typed = _convert_distinct(sheet, column, text, log)
    else:
        typed = _CONVERTERS[column.type](sheet, column, text, log)
    if column.default is not None:
        # Filling after conversion is cheaper than filling millions of strings.
        default = _CONVERTERS[column.type](sheet, column, _one_text(column.default), ProblemLog())
        typed = _filled(typed, default[0])
    sheet.typed[column.name] = typed


def _convert_distinct(sheet: Sheet, column: Column, text: pa.ChunkedArray,
                      log: ProblemLog) -> pa.ChunkedArray:
    """A dictionary-encoded column converted by converting each distinct text once: its problems
    are reported at every row holding a bad text, as if each row had been converted. Text columns
    stay encoded where the roster holds them so (``ENCODED``); other types are laid out by row."""
    unified = unified_column(text)
    values = (unified.chunk(0).dictionary if unified.num_chunks else pa.array([], pa.string()))
    indices = pa.chunked_array([chunk.indices for chunk in unified.chunks], unified.type.index_type)
    typed = _CONVERTERS[column.type](sheet, column, pa.chunked_array([values], pa.string()),
                                     _RowsOfValues(log, indices, len(values)))
    if column.name in ENCODED.get(sheet.spec.name, ()):
        # Several texts may stand for one value (Yes, yes): encode the values, not the texts.
        codes = pc.dictionary_encode(typed).combine_chunks()
        index = smallest_index(len(codes.dictionary))
        rows = pc.take(codes.indices.cast(index), indices)
        return pa.chunked_array([pa.DictionaryArray.from_arrays(c, codes.dictionary) for c in rows.chunks],
                                pa.dictionary(index, pa.string()))
    by_row: pa.ChunkedArray = pc.take(typed, indices)
    return by_row


class _RowsOfValues(ProblemLog):
    """The log of a converter run on a column's distinct texts: a problem with a text is
    reported at each row holding it, in row order, as the row-by-row converter would."""

    def __init__(self, log: ProblemLog, indices: pa.ChunkedArray, size: int) -> None:
        super().__init__()
        self.problems, self.notices, self.warnings = log.problems, log.notices, log.warnings
        self._indices, self._size = indices, size

    def where(self, sheet: Sheet, column: str | None, mask: Mask, describe: Describe,
              what: Message) -> Indices:
        rows = self._rows(true_indices(mask))
        ProblemLog.at(self, sheet, column, rows, describe, what)
        return rows

    def at(self, sheet: Sheet, column: str | None, rows: Indices, describe: Describe, what: Message) -> None:
        ProblemLog.at(self, sheet, column, self._rows(rows), describe, what)

    def _rows(self, values: Indices) -> Indices:
        if len(values) == 0:
            return values
        holds = np.zeros(self._size, dtype=np.bool_)
        holds[values] = True
        return true_indices(pc.take(pa.array(holds), self._indices))


def _filled(typed: pa.ChunkedArray, default: pa.Scalar) -> pa.ChunkedArray:
    """Empty cells as the column's default."""
    if typed.null_count == 0:
        return typed
    if not pa.types.is_dictionary(typed.type):
        return typed.fill_null(default)
    values = typed.chunk(0).dictionary
    at = pc.index(values, default.as_py()).as_py()
    if at < 0:
        values, at = pa.concat_arrays([values, pa.array([default.as_py()], values.type)]), len(values)
    return pa.chunked_array([pa.DictionaryArray.from_arrays(chunk.indices.fill_null(at), values)
                             for chunk in typed.chunks], typed.type)


def _trimmed_ids(sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog) -> pa.ChunkedArray:
    """Ids without the spaces a copy from a spreadsheet or a Chinese input method leaves around
    them ('T001 ', full-width too): otherwise 'T001 ' in one sheet and 'T001' in another name two
    teachers and the reference fails with a reason the planner cannot see. Said in a notice."""
    trimmed = pc.utf8_trim_whitespace(text)
    changed = pc.not_equal(trimmed, text).fill_null(False)
    if not pc.any(changed).as_py():
        return text
    said = message(N_("spaces before or after the {column} read without them"),
                   column=Header(sheet.spec.name, column.name))
    log.notice(sheet, column.name, changed, said)
    blank = pc.equal(trimmed, "").fill_null(False)
    result: pa.ChunkedArray = pc.if_else(blank, pa.scalar(None, pa.string()), trimmed)
    return result


def _one_text(value: str) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array([value], pa.string())])


# --- converters: text -> typed column; a bad cell is reported and becomes null ----------


def _reject(
    sheet: Sheet,
    column: Column,
    values: pa.ChunkedArray,
    bad: Mask,
    describe: Describe,
    log: ProblemLog,
) -> pa.ChunkedArray:
    rows = log.where(sheet, column.name, bad, describe, _bad_values(sheet, column))
    if len(rows) == 0:
        return values
    return pc.if_else(bad.fill_null(False), pa.scalar(None, values.type), values)


def _as_text(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    return text


def _as_enum(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    allowed = _enum_values(column)
    bad = pc.and_(text.is_valid(), pc.invert(pc.is_in(text, value_set=pa.array(allowed))))
    if pc.any(bad).as_py():  # any case, or Chinese words: as the code
        text = _codes_of(column, text)
        bad = pc.and_(text.is_valid(), pc.invert(pc.is_in(text, value_set=pa.array(allowed))))

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not a valid {column}: expected {expected}"),
                       value=sheet.cell(column.name, row), column=Header(sheet.spec.name, column.name),
                       expected=", ".join(allowed))

    return _reject(sheet, column, text, bad, describe, log)


def _codes_of(column: Column, text: pa.ChunkedArray) -> pa.ChunkedArray:
    """Each cell's code: itself if no word of the enum matches it (then rejected as written)."""
    assert column.enum is not None
    single, _ = enum_words(column.enum)
    words, codes = list(single), list(single.values())
    key = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(text, "NFKC")))
    key = pc.replace_substring_regex(key, r"[\s_\-]+", "_")
    found = pc.take(pa.array(codes), pc.index_in(key, value_set=pa.array(words)))
    result: pa.ChunkedArray = pc.coalesce(found, text)
    return result


def _read_shared_result_words(texts: dict[str, pa.ChunkedArray]) -> dict[str, pa.ChunkedArray]:
    """合格 and 不合格 are an ethics review's pass / fail and an annual one's qualified /
    unqualified: the row's kind says which."""
    _, shared = enum_words(ReviewResult)
    said_anywhere = pc.is_in(pc.utf8_trim_whitespace(_distinct_texts(texts["result"])),
                             value_set=pa.array(list(shared)))
    if not pc.any(said_anywhere).as_py():  # no row says one: nothing to read otherwise
        return texts
    kind = _codes_of(_REVIEW_KIND, _decoded(texts["kind"]))
    result = _decoded(texts["result"])
    for word, codes in shared.items():
        said = pc.equal(pc.utf8_trim_whitespace(result), word).fill_null(False)
        for review_kind, allowed in _RESULTS_BY_KIND.items():
            code = next((c for c in codes if ReviewResult(c) in allowed), None)
            if code is not None:
                result = pc.if_else(pc.and_(said, pc.equal(kind, review_kind.value).fill_null(False)),
                                    code, result)
    return texts | {"result": result}


def _as_enum_list(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    allowed = _enum_values(column)
    lists = pc.split_pattern(text.combine_chunks(), ";")
    # Spreadsheets write "principal; researcher" and trailing ';': spaces and empty pieces are fine.
    pieces = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    bad_piece = pc.and_(pc.invert(pc.is_in(pieces, value_set=pa.array(allowed))), pc.not_equal(pieces, ""))
    rows = np.unique(pc.list_parent_indices(lists).filter(bad_piece).to_numpy())

    def describe(row: int) -> Message:
        pieces = [p.strip() for p in (sheet.value(column.name, row) or "").split(";")]
        unknown = ", ".join(repr(piece) for piece in pieces if piece and piece not in allowed)
        return message(N_("not a valid {column} value: {unknown} (expected ';'-separated {expected})"),
                       column=Header(sheet.spec.name, column.name), unknown=unknown,
                       expected=", ".join(allowed))

    log.at(sheet, column.name, rows.astype(np.int64), describe, _bad_values(sheet, column))
    return text


def _as_date(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    try:
        return pc.cast(text, pa.date32())  # strict ISO; fails on the first bad cell
    except pa.ArrowInvalid:
        pass
    text = _office_dates_as_iso(_half_width(text))
    serial = _serial_dates(text, sheet.raw)
    iso = _iso_date_mask(text)

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not a date: expected a date such as 2025-08-20, 2025/8/20 or "
                          "2025年8月20日"), value=sheet.cell(column.name, row))

    ok = iso if serial is None else pc.or_(iso, serial.is_valid())
    log.where(sheet, column.name, pc.and_(text.is_valid(), pc.invert(ok)), describe,
              message(N_("not dates")))
    dates = pc.cast(pc.if_else(iso, text, _NULL_TEXT), pa.date32())
    return dates if serial is None else pc.coalesce(dates, serial)


def _office_dates_as_iso(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """2025/8/20 and 2025年8月20日 as 2025-08-20; any other cell as written."""
    parts = pc.extract_regex(text, _OFFICE_DATE)
    year, month, day = (pc.struct_field(parts, name) for name in ("y", "m", "d"))
    iso = pc.binary_join_element_wise(
        year, pc.utf8_lpad(month, 2, "0"), pc.utf8_lpad(day, 2, "0"), "-")
    result: pa.ChunkedArray = pc.coalesce(iso, text)
    return result


def _serial_dates(text: pa.ChunkedArray, raw: RawTable) -> pa.ChunkedArray | None:
    """Workbook numbers in a date column as dates (days since the workbook's epoch), else null;
    None for CSV, where a number is not a date."""
    if raw.excel_epoch is None:
        return None
    shaped = pc.match_substring_regex(text, _SERIAL_PATTERN).fill_null(False)
    days = pc.cast(pc.if_else(shaped, text, _NULL_TEXT), pa.int64())
    days = pc.if_else(pc.and_(pc.greater_equal(days, _SERIALS[0]), pc.less_equal(days, _SERIALS[1])),
                      days, pa.scalar(None, pa.int64()))
    offset = (raw.excel_epoch.date() - date(1970, 1, 1)).days
    dates: pa.ChunkedArray = pc.cast(pc.cast(pc.add(days, offset), pa.int32()), pa.date32())
    return dates


def _iso_date_mask(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a cell is a real calendar date written YYYY-MM-DD."""
    shaped = pc.match_substring_regex(text, _DATE_PATTERN).fill_null(False)
    parsed = pc.strptime(
        pc.if_else(shaped, text, _NULL_TEXT), format=_ISO_DATE, unit="s", error_is_null=True
    )
    # strptime rolls 2021-02-29 over to 03-01; printing the date back catches that.
    same: pa.ChunkedArray = pc.equal(pc.strftime(parsed, format=_ISO_DATE), text).fill_null(False)
    return same


def _as_bool(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    plain = pc.is_in(text, value_set=_plain_bools())
    if (pc.sum(plain).as_py() or 0) == len(text) - text.null_count:  # as the format writes them
        plain_true: pa.ChunkedArray = pc.equal(text, TRUE_WORDS[0])
        return plain_true
    lowered = pc.utf8_lower(_half_width(text))
    is_true = pc.if_else(text.is_valid(), pc.is_in(lowered, value_set=pa.array(TRUE_WORDS)),
                         pa.scalar(None, pa.bool_()))
    is_false = pc.is_in(lowered, value_set=pa.array(FALSE_WORDS))
    bad = pc.and_(text.is_valid(), pc.invert(pc.or_(is_true, is_false)))

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not a boolean: expected true or false (also 是/否, 1/0, Y/N, √/×)"),
                       value=sheet.cell(column.name, row))

    return _reject(sheet, column, is_true, bad, describe, log)


def _as_number(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    values, unparsed = _cast_or_match(text, pa.float64(), _NUMBER_PATTERN)
    bad = pc.invert(pc.is_finite(values)).fill_null(False)  # 'inf' and 'nan' parse as floats
    if unparsed is not None:
        bad = pc.or_(bad, unparsed)

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not a number"), value=sheet.cell(column.name, row))

    return _reject(sheet, column, values, bad, describe, log)


def _as_int(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    values, unparsed = _cast_or_match(text, pa.int64(), _INT_PATTERN)

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not a whole number"), value=sheet.cell(column.name, row))

    if unparsed is not None:
        log.where(sheet, column.name, unparsed, describe, _bad_values(sheet, column))
    return values


def _cast_or_match(
    text: pa.ChunkedArray, to: pa.DataType, pattern: str
) -> tuple[pa.ChunkedArray, Mask | None]:
    """Cast text to numbers; if some cells do not parse, cast only those matching pattern.

    Returns the values and a mask of the cells that did not parse (None: all did).
    """
    try:
        return pc.cast(text, to), None
    except pa.ArrowInvalid:
        pass
    text = _half_width(text)
    ok = pc.match_substring_regex(text, pattern).fill_null(False)
    values = pc.cast(pc.if_else(ok, text, _NULL_TEXT), to)
    return values, pc.and_(text.is_valid(), pc.invert(ok))


def _half_width(text: pa.ChunkedArray) -> pa.ChunkedArray:
    """Full-width digits and signs as ASCII (９０, ２０２５年８月２０日, as a Chinese input method types
    them), spaces around trimmed: asked only when the plain cast has failed, so clean data pays
    nothing."""
    result: pa.ChunkedArray = pc.utf8_trim_whitespace(pc.utf8_normalize(text, "NFKC"))
    return result


def _bad_values(sheet: Sheet, column: Column) -> Message:
    return message(N_("bad {column} values"), column=Header(sheet.spec.name, column.name))


def _enum_values(column: Column) -> list[str]:
    enum: type[StrEnum] | None = column.enum
    if enum is None:  # pragma: no cover - the spec gives every enum column its enum
        raise ValueError(f"enum column {column.name} has no enum")
    return [member.value for member in enum]


_Converter = Callable[[Sheet, Column, pa.ChunkedArray, ProblemLog], pa.ChunkedArray]
_CONVERTERS: dict[ColType, _Converter] = {
    ColType.ID: _as_text,
    ColType.TEXT: _as_text,
    ColType.ENUM: _as_enum,
    ColType.ENUM_LIST: _as_enum_list,
    ColType.DATE: _as_date,
    ColType.BOOL: _as_bool,
    ColType.NUMBER: _as_number,
    ColType.INT: _as_int,
}


# --- unique keys -------------------------------------------------------------------------

_ROW = "__row"  # helper column name; only ever added to tables of key columns
# A key of several columns is checked with a byte per possible key when there are at most this
# many possible keys per row and in all (64 MB); else by hashing.
_DENSE_PER_ROW, _DENSE_AT_MOST = 16, 1 << 26


def _check_unique_key(sheet: Sheet, log: ProblemLog) -> None:
    key = list(sheet.spec.key)
    if not key or not sheet.has(*key) or sheet.raw.table.num_rows == 0:
        return  # (an empty table's columns may have no chunk, which dictionary_encode refuses)
    keys = pa.table([sheet.typed[name] for name in key], names=key)
    complete = _all_valid(keys)  # a row missing part of its key is reported as empty
    if _count_distinct(keys, complete, _known_rows(sheet, key)) == (pc.sum(complete).as_py() or 0):
        return
    first_of = _repeated_rows(keys, complete)
    names = ", ".join(key)

    headers = _headers(sheet, key)

    def describe(row: int) -> Message:
        values = ", ".join(repr(sheet.value(name, row)) for name in key)
        return message(N_("duplicate {key} {values}: already on row {row}"), key=headers, values=values,
                       row=sheet.raw.row_number(first_of[row]))

    rows = np.fromiter(first_of, dtype=np.int64, count=len(first_of))
    log.at(sheet, names, rows, describe, message(N_("duplicate {key}"), key=headers))


def _headers(sheet: Sheet, columns: list[str]) -> Param:
    """Columns named in a message, each worded as the reader knows it."""
    if len(columns) == 1:
        return Header(sheet.spec.name, columns[0])
    return message(N_("{first}, {rest}"), first=Header(sheet.spec.name, columns[0]),
                   rest=_headers(sheet, columns[1:]))


def _repeated_rows(keys: pa.Table, complete: pa.ChunkedArray) -> dict[int, int]:
    """Each row whose key an earlier row already has -> that earlier row, in row order."""
    key = keys.column_names
    rows = keys.append_column(_ROW, pa.array(np.arange(keys.num_rows))).filter(complete)
    firsts = rows.group_by(key).aggregate([(_ROW, "min")])
    joined = rows.join(firsts, keys=key)
    repeats = joined.filter(pc.not_equal(joined[_ROW], joined[f"{_ROW}_min"])).sort_by(_ROW)
    later, first = repeats[_ROW].to_pylist(), repeats[f"{_ROW}_min"].to_pylist()
    return dict(zip(later, first, strict=True))


def _all_valid(table: pa.Table) -> pa.ChunkedArray:
    valid: pa.ChunkedArray = table.column(0).is_valid()
    for column in table.columns[1:]:
        valid = pc.and_(valid, column.is_valid())
    return valid


def _known_rows(sheet: Sheet, key: list[str]) -> dict[str, RowsIn]:
    """Key columns that are references naming known ids only, with the rows they name: one
    integer per id, the same for the same id (found once, in ``_find_rows``)."""
    found = {name: sheet.rows[name] for name in key if name in sheet.rows}
    return {name: rows for name, rows in found.items()
            if rows.rows.null_count == sheet.typed[name].null_count}


def _count_distinct(keys: pa.Table, complete: pa.ChunkedArray, known: dict[str, RowsIn]) -> int:
    """Distinct keys among the complete rows."""
    everywhere = bool(pc.all(complete).as_py())
    if keys.num_columns == 1:
        column = keys.column(0) if everywhere else keys.column(0).filter(complete)
        return len(pc.unique(column))  # faster than count_distinct
    packed = _packed_key(keys, known)
    if packed is None:
        return int(keys.filter(complete).group_by(keys.column_names).aggregate([]).num_rows)
    codes, span = packed
    if not everywhere:
        codes = codes[complete.to_numpy(zero_copy_only=False)]
    if span <= min(_DENSE_PER_ROW * len(codes), _DENSE_AT_MOST):
        # Few possible keys for the rows: mark each key seen, a byte per possible key, rather
        # than hashing every row (reviews: 33 MB instead of a hash table ten times that).
        seen = np.zeros(span, dtype=np.bool_)
        seen[codes] = True
        return int(np.count_nonzero(seen))
    return len(pc.unique(pa.array(codes)))


def _packed_key(keys: pa.Table, known: dict[str, RowsIn]) -> tuple[np.ndarray, int] | None:
    """Each row's multi-column key as one int64 below the span it returns (None if the codes
    would overflow).

    Hashing one integer column is several times faster than Acero's group_by
    over several columns (reviews: 8 million rows of teacher, year, kind). A
    reference column is coded by the row its id names (``known``), found once
    for the reference check and the fact index, rather than hashed again.
    """
    packed = np.zeros(keys.num_rows, dtype=np.int64)
    span = 1
    for name, column in zip(keys.column_names, keys.columns, strict=True):
        if name in known:  # an id's row: distinct ids, distinct rows (the first with the id)
            found, size = known[name].rows, known[name].length + 1
        else:
            coded = unified_column(pc.dictionary_encode(column)).combine_chunks()
            found, size = coded.indices, len(coded.dictionary) + 1  # +1: nulls get their own code
        if span * size >= 2**62:
            return None
        # In place: one array of the keys' size, not one per step (reviews: 8.3 million rows).
        packed *= size
        packed += pc.fill_null(found, -1).to_numpy(zero_copy_only=False)
        packed += 1
        span *= size
    return packed, span


# --- references between files --------------------------------------------------------------


_Reference = tuple[Sheet, str]  # a file and its column naming ids of another file
# Ids named by more references than this are looked up in two halves, one per core.
_HALVES_FROM_VALUES = 4_000_000


def _find_rows(sheets: dict[str, Sheet], unreadable: frozenset[str]) -> None:
    """Each reference column's rows in the table it names (``Sheet.rows``): the one pass over
    its ids that the key check, the reference checks and the fact index all read.

    Every column naming one table is looked up in one call over all their chunks (no copy),
    so the table's ids are hashed once, not once per column (a million teacher ids: 0.2 s each).
    """
    naming: dict[str, list[_Reference]] = {}
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if column.ref is not None and column.name not in sheet.missing:
                naming.setdefault(column.ref.file, []).append((sheet, column.name))
    work = []
    for file, references in naming.items():
        ids = _referenced_ids(file, sheets, unreadable)
        if ids is not None:
            work += [(ids, part) for part in _halves(references)]
    _side_by_side(lambda job: _find_rows_of(*job), work)


def _halves(references: list[_Reference]) -> list[list[_Reference]]:
    """The references in two parts of about as many values, when they are many (else one)."""
    sizes = [len(sheet.typed[column]) for sheet, column in references]
    if sum(sizes) < _HALVES_FROM_VALUES or len(references) < 2:
        return [references]
    first: set[int] = set()
    counted = 0
    for i in sorted(range(len(references)), key=lambda i: -sizes[i]):
        if counted >= sum(sizes) / 2:
            break
        first.add(i)
        counted += sizes[i]
    return [[r for i, r in enumerate(references) if i in first],
            [r for i, r in enumerate(references) if i not in first]]


def _find_rows_of(ids: pa.ChunkedArray, references: list[_Reference]) -> None:
    values = [sheet.typed[column] for sheet, column in references]
    found = _positions_in(pa.chunked_array([c for v in values for c in v.chunks], pa.string()), ids)
    start = 0
    for (sheet, column), named in zip(references, values, strict=True):
        sheet.rows[column] = RowsIn(found.slice(start, len(named)), len(ids))
        start += len(named)


def _check_references(sheet: Sheet, sheets: dict[str, Sheet], log: ProblemLog) -> None:
    for column in sheet.spec.columns:
        if column.ref is None or column.name not in sheet.rows:
            continue
        _check_reference(sheet, column, column.ref, sheet.rows[column.name].rows, log)
        target = sheets.get(column.ref.file)
        if column.ref.kinds and target is not None and target.has("kind"):
            _check_referenced_kind(sheet, column, column.ref.kinds, target, log)


def _referenced_ids(
    file: str, sheets: dict[str, Sheet], unreadable: frozenset[str]
) -> pa.ChunkedArray | None:
    """The ids a reference may point to, or None when checking would only add noise.

    A missing required file, an unreadable one or one without its id column is
    reported already; an absent optional file has no ids, so every reference
    into it is a problem.
    """
    id_column = SPECS[file].key[0]
    if file in sheets:
        target = sheets[file]
        return target.typed[id_column] if target.has(id_column) else None
    if file in unreadable or SPECS[file].required_file:
        return None
    return pa.chunked_array([], type=pa.string())


def _check_reference(
    sheet: Sheet, column: Column, ref: Ref, rows: pa.ChunkedArray, log: ProblemLog
) -> None:
    values = sheet.typed[column.name]
    if rows.null_count == values.null_count:  # every id found (an empty cell finds no row)
        return
    unknown = pc.and_(values.is_valid(), rows.is_null())
    filename = SPECS[ref.file].filename

    def describe(row: int) -> Message:
        return message(N_("{value!r} is not an id in {file}"), value=sheet.cell(column.name, row),
                       file=filename)

    log.where(sheet, column.name, unknown, describe, message(N_("unknown ids in {file}"), file=filename))


def _check_referenced_kind(
    sheet: Sheet,
    column: Column,
    kinds: tuple[OrgKind, ...],
    orgs: Sheet,
    log: ProblemLog,
) -> None:
    found = _kinds_of(sheet, column.name, orgs)
    wrong = pc.and_(found.is_valid(), pc.invert(pc.is_in(found, value_set=pa.array(list(kinds)))))
    expected = _either(kinds)

    def describe(row: int) -> Message:
        org, kind = sheet.cell(column.name, row), OrgKind(found[row].as_py())
        return message(N_("org {org!r} is a {kind}, expected a {expected}"), org=org, kind=kind,
                       expected=expected)

    log.where(sheet, column.name, wrong, describe,
              message(N_("orgs that are not a {expected}"), expected=expected))


def _either(kinds: tuple[OrgKind, ...]) -> Param:
    """``school or county``, each kind worded as the reader knows it."""
    if len(kinds) == 1:
        return kinds[0]
    return message(N_("{first} or {rest}"), first=kinds[0], rest=_either(kinds[1:]))


def _kinds_of(sheet: Sheet, column: str, orgs: Sheet) -> pa.ChunkedArray:
    """The kind of each org ``column`` names (null where the id is unknown)."""
    kinds: pa.ChunkedArray = pc.take(orgs.typed["kind"], _org_rows(sheet, column, orgs))
    return kinds


def _org_rows(sheet: Sheet, column: str, orgs: Sheet) -> pa.ChunkedArray:
    """The org row each value of ``column`` names: found already, unless orgs has no id column."""
    found = sheet.rows.get(column)
    return found.rows if found is not None else _positions_in(sheet.typed[column], orgs.typed["id"])


def _positions_in(values: pa.ChunkedArray, ids: pa.ChunkedArray) -> pa.ChunkedArray:
    """Row of each value in ``ids`` (null where unknown)."""
    found: pa.ChunkedArray = pc.index_in(values, value_set=ids.combine_chunks())
    return found


# --- the org tree ----------------------------------------------------------------------------

_KINDS_UP = [kind.value for kind in sorted(OrgKind)]  # school, county, city, province


def _check_org_tree(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    orgs = sheets.get("orgs")
    if orgs is None or not orgs.has("id", "kind", "parent_id"):
        return
    parent = _org_rows(orgs, "parent_id", orgs)
    _check_parent_kinds(orgs, parent, log)
    _check_cycles(orgs, parent, log)


def _check_parent_kinds(orgs: Sheet, parent: pa.ChunkedArray, log: ProblemLog) -> None:
    kind = orgs.typed["kind"]
    parent_kind = pc.take(kind, parent)
    kind_above = pa.array([*_KINDS_UP[1:], None], pa.string())
    expected = pc.take(kind_above, pc.index_in(kind, value_set=pa.array(_KINDS_UP)))
    # Kleene logic: a kind with nothing above (province) may have no parent at all.
    mismatch = pc.or_kleene(expected.is_null(), pc.not_equal(parent_kind, expected))
    wrong = pc.and_kleene(pc.and_(kind.is_valid(), parent_kind.is_valid()), mismatch)

    def describe(row: int) -> Message:
        parent_id, above, own = orgs.cell("parent_id", row), expected[row].as_py(), OrgKind(kind[row].as_py())
        if above is None:
            return message(N_("a {kind} has no parent org, but parent_id is {parent!r}"), kind=own,
                           parent=parent_id)
        return message(N_("a {kind}'s parent must be a {above}, but {parent!r} is a {found}"), kind=own,
                       above=OrgKind(above), parent=parent_id, found=OrgKind(parent_kind[row].as_py()))

    log.where(orgs, "parent_id", wrong, describe, message(N_("parents of the wrong kind")))


def _check_cycles(orgs: Sheet, parent: pa.ChunkedArray, log: ProblemLog) -> None:
    parents = parent.fill_null(-1).to_numpy().astype(np.int64)
    cycles = _cycles(parents, _rows_not_reaching_a_root(parents))
    by_row = {cycle[0]: cycle for cycle in cycles}

    def describe(row: int) -> Message:
        path = " -> ".join(str(orgs.value("id", member)) for member in [*by_row[row], row])
        return message(N_("the org tree has a cycle: {path}"), path=path)

    rows = np.asarray(sorted(by_row), dtype=np.int64)
    log.at(orgs, "parent_id", rows, describe, message(N_("cycles in the org tree")))


def _rows_not_reaching_a_root(parents: Indices) -> Indices:
    """Rows whose chain of parents never ends (they are on or below a cycle).

    Pointer doubling: after k rounds ``up`` holds each row's 2**k-th ancestor,
    or -1 once the chain has ended; 2**k >= n rows settles every chain.
    """
    up = parents.copy()
    for _ in range(max(1, len(parents).bit_length())):
        extended = np.append(up, -1)  # so that index -1 (no parent) maps to -1
        up = extended[up]
    return np.flatnonzero(up >= 0).astype(np.int64)


def _cycles(parents: Indices, stuck: Indices) -> list[list[int]]:
    """The distinct cycles reachable from ``stuck`` rows, each starting at its smallest row."""
    seen: set[int] = set()
    cycles: list[list[int]] = []
    for start in stuck.tolist():
        walk: list[int] = []
        row = start
        while row not in seen:
            seen.add(row)
            walk.append(row)
            row = int(parents[row])
        if row in walk:  # this walk closed a new cycle
            cycle = walk[walk.index(row) :]
            first = cycle.index(min(cycle))
            cycles.append(cycle[first:] + cycle[:first])
    return cycles


# --- other checks across and within files ----------------------------------------------------


def _check_awarding_orgs(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """An award or programme at level L is given by an org of kind L (national: any org)."""
    orgs = sheets.get("orgs")
    if orgs is None or not orgs.has("id", "kind"):
        return
    for name in ("titles", "programmes"):
        sheet = sheets.get(name)
        if sheet is not None:
            _check_awarding_org(sheet, orgs, log)


def _check_awarding_org(sheet: Sheet, orgs: Sheet, log: ProblemLog) -> None:
    level = sheet.typed["level"]
    org_kind = _kinds_of(sheet, "org_id", orgs)
    below_national = pc.not_equal(level, Level.NATIONAL.value)
    wrong = pc.and_(below_national, pc.not_equal(org_kind, level))

    def describe(row: int) -> Message:
        org, kind = sheet.cell("org_id", row), OrgKind(org_kind[row].as_py())
        return message(N_("level is {level} but org {org!r} is a {kind}"), level=Level(level[row].as_py()),
                       org=org, kind=kind)

    log.where(sheet, "org_id", wrong, describe, message(N_("orgs whose kind does not match the level")))


def _check_not_in_future(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """Dates marked ``NotInFuture`` may not lie after the day of the load (a year: its year)."""
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if not column.not_in_future:
                continue
            if column.type is ColType.INT:
                _report_after(sheet, column.name, pa.scalar(today.year),
                              message(N_("this year ({year})"), year=str(today.year)), log)
            else:
                _report_after(sheet, column.name, pa.scalar(today, pa.date32()),
                              message(N_("today ({day})"), day=today), log)


def _report_after(
    sheet: Sheet, column: str, limit: pa.Scalar, limit_text: Message, log: ProblemLog
) -> None:
    header = Header(sheet.spec.name, column)

    def describe(row: int) -> Message:
        return message(N_("{column} {value} is after {limit}"), column=header, value=sheet.cell(column, row),
                       limit=limit_text)

    late = pc.greater(sheet.typed[column], limit)
    log.where(sheet, column, late, describe,
              message(N_("{column} after {limit}"), column=header, limit=limit_text))


def _check_date_order(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """A date marked ``NotBefore(other)`` may not precede the other date of its row."""
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if column.not_before is not None:
                _check_not_before(sheet, column.name, column.not_before, log)


def _check_not_before(sheet: Sheet, later: str, earlier: str, log: ProblemLog) -> None:
    first, then = Header(sheet.spec.name, earlier), Header(sheet.spec.name, later)

    def describe(row: int) -> Message:
        return message(N_("{later} {value} is before {earlier} {earlier_value}"), later=then,
                       value=sheet.cell(later, row), earlier=first,
                       earlier_value=sheet.cell(earlier, row))

    early = pc.less(sheet.typed[later], sheet.typed[earlier])
    log.where(sheet, later, early, describe,
              message(N_("{later} before {earlier}"), later=then, earlier=first))


def _check_programme_results(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """Only a finished programme has a completion date, and a finished one must have it."""
    programmes = sheets.get("programmes")
    if programmes is None:
        return
    # The typed result is null where it was not a valid result: nothing more to say then.
    result, completed = programmes.typed["result"], programmes.text["completed_on"]
    running = pc.equal(result, ProgrammeResult.IN_PROGRESS.value)

    def dated(row: int) -> Message:
        completed_on = programmes.cell("completed_on", row)
        return message(N_("an in_progress programme has no completed_on, got {day}"), day=completed_on)

    def undated(row: int) -> Message:
        return message(N_("result {result} needs a completed_on date"),
                       result=ProgrammeResult(programmes.typed["result"][row].as_py()))

    log.where(
        programmes,
        "completed_on",
        pc.and_(running, completed.is_valid()),
        dated,
        message(N_("dated in_progress")),
    )
    finished = pc.and_(pc.invert(running), completed.is_null())
    log.where(programmes, "completed_on", finished, undated, message(N_("finished without completed_on")))


def _check_training_hours(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    training = sheets.get("training")
    if training is None:
        return

    def describe(row: int) -> Message:
        return message(N_("hours must be positive, got {hours}"), hours=training.cell("hours", row))

    not_positive = pc.less_equal(training.typed["hours"], 0)
    log.where(training, "hours", not_positive, describe, message(N_("hours not positive")))


def _check_review_results(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    reviews = sheets.get("reviews")
    if reviews is None:
        return
    kind, result = reviews.typed["kind"], reviews.typed["result"]
    misfits = [
        pc.and_(
            pc.equal(kind, kind_value.value),
            pc.invert(pc.is_in(result, value_set=_result_values(allowed))),
        )
        for kind_value, allowed in _RESULTS_BY_KIND.items()
    ]
    wrong = pc.and_(result.is_valid(), functools.reduce(pc.or_, misfits))

    def describe(row: int) -> Message:
        review_kind = ReviewKind(kind[row].as_py())
        expected = ", ".join(_result_values(_RESULTS_BY_KIND[review_kind]).to_pylist())
        found = result[row].as_py()
        return message(N_("{result!r} is not a result of an {kind} review: expected {expected}"),
                       result=found, kind=review_kind, expected=expected)

    log.where(reviews, "result", wrong, describe, message(N_("results that do not fit the review kind")))


_RESULTS_BY_KIND: dict[ReviewKind, frozenset[ReviewResult]] = {
    ReviewKind.ETHICS: ETHICS_RESULTS,
    ReviewKind.ANNUAL: ANNUAL_RESULTS,
}


def _result_values(results: frozenset[ReviewResult]) -> pa.Array:
    """Results in declaration order (frozensets have none)."""
    return pa.array([result.value for result in ReviewResult if result in results])


def _check_self_mentoring(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    mentorships = sheets.get("mentorships")
    if mentorships is None:
        return
    same = pc.equal(mentorships.typed["mentor_id"], mentorships.typed["mentee_id"])
    reason = message(N_("a teacher cannot mentor themselves"))
    log.where(mentorships, "mentee_id", same, lambda _: reason, reason)


def _check_leaving(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """A teacher's status and left_on agree. An active teacher with a leaving date is a
    contradiction (an error); a leaver without one is read as gone on every date, as format
    version 1 read every leaver (a notice)."""
    teachers = sheets.get("teachers")
    if teachers is None:
        return
    status, left_on = teachers.typed["status"], teachers.typed["left_on"]
    active = pc.equal(status, Status.ACTIVE.value)

    def describe(row: int) -> Message:
        given, left = teachers.value("status", row), teachers.cell("left_on", row)
        if given:
            return message(N_("status is {status} but left_on is {day}: set status to left or retired (a "
                              "date after today is a planned departure), or clear left_on"),
                           status=given, day=left)
        return message(N_("status is empty (active) but left_on is {day}: set status to left or retired (a "
                          "date after today is a planned departure), or clear left_on"), day=left)

    log.where(teachers, "left_on", pc.and_(active, left_on.is_valid()), describe,
              message(N_("active teachers with a left_on date")))
    undated = pc.and_(pc.invert(active), teachers.text["left_on"].is_null())
    log.notice(teachers, "left_on", undated, message(N_(
        "status left or retired but no left_on: as-of questions treat these teachers as gone on every date")))


_CrossCheck = Callable[[dict[str, Sheet], date, ProblemLog], None]
_CROSS_CHECKS: tuple[_CrossCheck, ...] = (
    _check_org_tree,
    _check_awarding_orgs,
    _check_not_in_future,
    _check_date_order,
    _check_programme_results,
    _check_training_hours,
    _check_review_results,
    _check_self_mentoring,
    _check_leaving,
)


# --- the whole bundle --------------------------------------------------------------------------


def validate(raw: RawBundle, *, today: date, strict: bool = False) -> Roster:
    """Check a raw bundle against the spec and return it typed, or raise ``BundleError``.

    The error lists every problem found, grouped by file, each with its file,
    spreadsheet row, column and reason. ``today`` is the day of the load: dated
    records may not lie after it. Warnings (a file, sheet or column that is not
    read) go with the roster, or, ``strict``, are problems too.
    """
    log = ProblemLog(raw.problems)
    log.warnings.extend(raw.warnings)
    log.notices.extend(raw.notices)
    _report_missing_files(raw, log)
    sheets = _open_sheets(raw, log)
    _check_keys_and_references(sheets, raw.unreadable, log)
    for check in _CROSS_CHECKS:
        check(sheets, today, log)
    if strict:
        log.problems.extend(log.warnings)
        log.warnings.clear()
    placed = _placer(raw)
    if log.problems:
        raise BundleError([placed(p) for p in log.in_file_order()],
                          warnings=[placed(p) for p in log.in_file_order(log.warnings)],
                          notices=[placed(p) for p in log.in_file_order(log.notices)])
    tables = {name: sheet.table() for name, sheet in sheets.items()}
    return Roster(tables, present=frozenset(sheets),
                  notices=tuple(placed(p) for p in log.in_file_order(log.notices)),
                  warnings=tuple(placed(p) for p in log.in_file_order(log.warnings)),
                  rows=_found_rows(sheets))


def _placer(raw: RawBundle) -> Callable[[Problem], Problem]:
    """Each problem with the sheet (or file) the planner named, where it differs from the bundle's
    file name: 教师 for teachers.csv in a workbook, Training.csv in a folder."""
    named = {SPECS[table].filename: entry for table, entry in raw.entries.items()}

    def placed(found: Problem) -> Problem:
        entry = named.get(found.file)
        if entry is None or (entry == found.file and not raw.workbook):
            return found
        return replace(found, place=entry)

    return placed


def _open_sheets(raw: RawBundle, log: ProblemLog) -> dict[str, Sheet]:
    """Type each file, files side by side.

    Each file is one thread's work (Arrow kernels release the GIL), so the
    problems of one file keep their order; ``in_file_order`` groups files.
    """
    present = [spec for spec in TABLES if spec.name in raw.files]
    return dict(zip((spec.name for spec in present),
                    _side_by_side(lambda spec: _open_sheet(spec, raw.files[spec.name], log), present),
                    strict=True))


def _check_keys_and_references(sheets: dict[str, Sheet], unreadable: frozenset[str],
                               log: ProblemLog) -> None:
    """Find the rows each reference names, then check each file's key and references with them,
    files side by side (every file is typed by now, so every id a reference names is known)."""

    def check_one(sheet: Sheet) -> None:
        _check_unique_key(sheet, log)
        _check_references(sheet, sheets, log)

    _find_rows(sheets, unreadable)
    _side_by_side(check_one, list(sheets.values()))


def _side_by_side(work: Callable[[_T], _R], items: list[_T]) -> list[_R]:
    """``work`` on each item, on every core (Arrow kernels release the GIL), results in order."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(work, items))


def _found_rows(sheets: dict[str, Sheet]) -> dict[tuple[str, str], npt.NDArray[np.int32]]:
    """The rows each reference column names, for the fact index (-1: empty); read-only, as the
    facts built from them may share them."""
    found = {}
    for name, sheet in sheets.items():
        for column, named in sheet.rows.items():
            rows = np.asarray(pc.fill_null(named.rows, -1).to_numpy(zero_copy_only=False), dtype=np.int32)
            rows.setflags(write=False)
            found[name, column] = rows
    return found


def _report_missing_files(raw: RawBundle, log: ProblemLog) -> None:
    for spec in TABLES:
        if spec.required_file and spec.name not in raw.files and spec.name not in raw.unreadable:
            log.add(problem(spec.filename, None, None, message(N_("required file is missing"))))
