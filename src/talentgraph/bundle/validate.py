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
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.bundle.read import MAX_ROWS_PER_PROBLEM, RawBundle, RawTable
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
from talentgraph.domain.tables import FILE_ORDER, SPECS, TABLES
from talentgraph.errors import BundleError, Problem
from talentgraph.roster import Roster, arrow_schema
from talentgraph.roster.upgrade import LEGACY_KINDS, has_legacy_kinds, split_legacy_kind

Mask: TypeAlias = "pa.ChunkedArray | pa.Array"
Indices = npt.NDArray[np.int64]
Describe = Callable[[int], str]

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
_DATE_HINT = "expected a date such as 2025-08-20, 2025/8/20 or 2025年8月20日"
_ISO_DATE = "%Y-%m-%d"
_NULL_TEXT = pa.scalar(None, pa.string())
_REVIEW_KIND = SPECS["reviews"].column("kind")



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

    def notice(self, sheet: Sheet, column: str | None, mask: Mask, what: str) -> None:
        """One notice for all the rows where ``mask`` is true, naming the first few."""
        rows = true_indices(mask)
        if len(rows) == 0:
            return
        first = ", ".join(str(sheet.raw.row_number(int(i))) for i in rows[:NOTICE_ROWS])
        more = f" and {len(rows) - NOTICE_ROWS} more" if len(rows) > NOTICE_ROWS else ""
        reason = f"{what} ({len(rows)} {'row' if len(rows) == 1 else 'rows'}: {first}{more})"
        self.notices.append(Problem(sheet.filename, None, column, reason))

    def where(
        self, sheet: Sheet, column: str | None, mask: Mask, describe: Describe, what: str
    ) -> Indices:
        """Report every row where ``mask`` is true; returns those rows."""
        rows = true_indices(mask)
        self.at(sheet, column, rows, describe, what)
        return rows

    def at(
        self, sheet: Sheet, column: str | None, rows: Indices, describe: Describe, what: str
    ) -> None:
        for index in rows[:MAX_ROWS_PER_PROBLEM]:
            row = int(index)
            self.add(Problem(sheet.filename, sheet.raw.row_number(row), column, describe(row)))
        more = len(rows) - MAX_ROWS_PER_PROBLEM
        if more > 0:
            self.add(Problem(sheet.filename, None, column, f"... and {more} more rows: {what}", count=more))

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

    @property
    def filename(self) -> str:
        return self.spec.filename

    def value(self, column: str, index: int) -> str | None:
        """A cell as written in the file, for messages."""
        cell: str | None = self.text[column][index].as_py()
        return cell

    def has(self, *columns: str) -> bool:
        return not self.missing.intersection(columns)

    def table(self) -> pa.Table:
        """Spec columns with their Arrow types, then extra columns as strings."""
        schema = arrow_schema(self.spec)
        arrays = [self.typed[name] for name in schema.names]
        for name, position in self.extras.items():
            schema = schema.append(pa.field(name, pa.string()))
            arrays.append(self.raw.table.column(position))
        return pa.Table.from_arrays(arrays, schema=schema)


def _open_sheet(spec: TableSpec, raw: RawTable, log: ProblemLog) -> Sheet:
    positions, extras = _column_positions(spec, raw.table, log)
    missing = frozenset(spec.column_names) - positions.keys()
    required_missing = [c.name for c in spec.columns if c.required and c.name in missing]
    if required_missing:
        found = ", ".join(repr(name) for name in raw.table.column_names if name) or "none"
        for name in required_missing:
            reason = f"required column is missing (headers found: {found})"
            log.add(Problem(spec.filename, HEADER_ROW, name, reason))
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
    if not has_legacy_kinds(kind):  # a version 2 file: nothing to move, nothing to pay
        return texts
    new_kind, new_content, moved, clash = split_legacy_kind(kind, content)

    def describe(row: int) -> str:
        return (f"{kind[row].as_py()!r} is a content, which format version 1 put in kind, but content "
                f"is {content[row].as_py()!r}: give the delivery in kind "
                f"({', '.join(d.value for d in TrainingDelivery)})")

    log.where(sheet, "kind", clash, describe, "content values in kind that contradict content")
    log.notice(sheet, "kind", moved, f"give {'/'.join(LEGACY_KINDS)} as kind, as format version 1 did: "
               "read as content, delivery unknown")
    return texts | {"kind": pc.if_else(clash, _NULL_TEXT, new_kind), "content": new_content}


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
                log.warnings.append(Problem(spec.filename, HEADER_ROW, name, "not a column of "
                                            f"{spec.filename}, and there twice: only the first is kept"))
                continue
            extras[name] = position
            near = names.suggest(name)
            hint = f" (did you mean {near!r}?)" if near else ""
            log.warnings.append(Problem(spec.filename, HEADER_ROW, name,
                                        f"not a column of {spec.filename}: kept as text, not read{hint}"))
        elif column in positions:
            first = written[column]
            same = "" if first == name else f" ({first!r} and {name!r} both name {column})"
            log.add(Problem(spec.filename, HEADER_ROW, column, f"column appears more than once{same}"))
        else:
            positions[column], written[column] = position, name
    return positions, extras


def _check_unnamed_column(spec: TableSpec, table: pa.Table, position: int, log: ProblemLog) -> None:
    # Spreadsheets often carry empty trailing columns; only one with data is a problem.
    if table.column(position).null_count < table.num_rows:
        reason = f"column {position + 1} has values but no header"
        log.add(Problem(spec.filename, HEADER_ROW, None, reason))


def _column_text(table: pa.Table, position: int | None) -> pa.ChunkedArray:
    if position is None:
        return pa.chunked_array([pa.nulls(table.num_rows, pa.string())], type=pa.string())
    column: pa.ChunkedArray = table.column(position)
    return column


def _convert_column(sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog) -> None:
    sheet.text[column.name] = text
    if column.required and column.name not in sheet.missing:
        reason = "required value is empty"
        log.where(sheet, column.name, text.is_null(), lambda _: reason, reason)
    typed = _CONVERTERS[column.type](sheet, column, text, log)
    if column.default is not None:
        # Filling after conversion is cheaper than filling millions of strings.
        default = _CONVERTERS[column.type](sheet, column, _one_text(column.default), ProblemLog())
        typed = typed.fill_null(default[0])
    sheet.typed[column.name] = typed


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
    rows = log.where(sheet, column.name, bad, describe, f"bad {column.name} values")
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

    def describe(row: int) -> str:
        expected = ", ".join(allowed)
        return (
            f"{sheet.value(column.name, row)!r} is not a valid {column.name}: expected {expected}"
        )

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
    kind = _codes_of(_REVIEW_KIND, texts["kind"])
    result = texts["result"]
    _, shared = enum_words(ReviewResult)
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

    def describe(row: int) -> str:
        pieces = [p.strip() for p in (sheet.value(column.name, row) or "").split(";")]
        unknown = ", ".join(repr(piece) for piece in pieces if piece and piece not in allowed)
        expected = ", ".join(allowed)
        return f"not a valid {column.name} value: {unknown} (expected ';'-separated {expected})"

    log.at(sheet, column.name, rows.astype(np.int64), describe, f"bad {column.name} values")
    return text


def _as_date(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    try:
        return pc.cast(text, pa.date32())  # strict ISO; fails on the first bad cell
    except pa.ArrowInvalid:
        pass
    text = _office_dates_as_iso(text)
    serial = _serial_dates(text, sheet.raw)
    iso = _iso_date_mask(text)

    def describe(row: int) -> str:
        return f"{sheet.value(column.name, row)!r} is not a date: {_DATE_HINT}"

    ok = iso if serial is None else pc.or_(iso, serial.is_valid())
    log.where(sheet, column.name, pc.and_(text.is_valid(), pc.invert(ok)), describe, "not dates")
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
    lowered = pc.utf8_trim_whitespace(pc.utf8_lower(text))
    is_true = pc.if_else(text.is_valid(), pc.is_in(lowered, value_set=pa.array(TRUE_WORDS)),
                         pa.scalar(None, pa.bool_()))
    is_false = pc.is_in(lowered, value_set=pa.array(FALSE_WORDS))
    bad = pc.and_(text.is_valid(), pc.invert(pc.or_(is_true, is_false)))

    def describe(row: int) -> str:
        return (f"{sheet.value(column.name, row)!r} is not a boolean: expected true or false "
                "(also 是/否, 1/0, Y/N)")

    return _reject(sheet, column, is_true, bad, describe, log)


def _as_number(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    values, unparsed = _cast_or_match(text, pa.float64(), _NUMBER_PATTERN)
    bad = pc.invert(pc.is_finite(values)).fill_null(False)  # 'inf' and 'nan' parse as floats
    if unparsed is not None:
        bad = pc.or_(bad, unparsed)

    def describe(row: int) -> str:
        return f"{sheet.value(column.name, row)!r} is not a number"

    return _reject(sheet, column, values, bad, describe, log)


def _as_int(
    sheet: Sheet, column: Column, text: pa.ChunkedArray, log: ProblemLog
) -> pa.ChunkedArray:
    values, unparsed = _cast_or_match(text, pa.int64(), _INT_PATTERN)

    def describe(row: int) -> str:
        return f"{sheet.value(column.name, row)!r} is not a whole number"

    if unparsed is not None:
        log.where(sheet, column.name, unparsed, describe, f"bad {column.name} values")
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
    ok = pc.match_substring_regex(text, pattern).fill_null(False)
    values = pc.cast(pc.if_else(ok, text, _NULL_TEXT), to)
    return values, pc.and_(text.is_valid(), pc.invert(ok))


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


def _check_unique_key(sheet: Sheet, log: ProblemLog) -> None:
    key = list(sheet.spec.key)
    if not key or not sheet.has(*key) or sheet.raw.table.num_rows == 0:
        return  # (an empty table's columns may have no chunk, which dictionary_encode refuses)
    keys = pa.table([sheet.typed[name] for name in key], names=key)
    complete = _all_valid(keys)  # a row missing part of its key is reported as empty
    if _count_distinct(keys.filter(complete)) == (pc.sum(complete).as_py() or 0):
        return
    first_of = _repeated_rows(keys, complete)
    names = ", ".join(key)

    def describe(row: int) -> str:
        values = ", ".join(repr(sheet.value(name, row)) for name in key)
        return f"duplicate {names} {values}: already on row {sheet.raw.row_number(first_of[row])}"

    rows = np.fromiter(first_of, dtype=np.int64, count=len(first_of))
    log.at(sheet, names, rows, describe, f"duplicate {names}")


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


def _count_distinct(keys: pa.Table) -> int:
    if keys.num_columns == 1:
        return len(pc.unique(keys.column(0)))  # faster than count_distinct
    packed = _packed_key(keys)
    if packed is None:
        return int(keys.group_by(keys.column_names).aggregate([]).num_rows)
    return len(pc.unique(pa.array(packed)))


def _packed_key(keys: pa.Table) -> np.ndarray | None:
    """Each row's multi-column key as one int64 (None if the codes would overflow).

    Hashing one integer column is several times faster than Acero's group_by
    over several columns (reviews: 8 million rows of teacher, year, kind).
    """
    packed = np.zeros(keys.num_rows, dtype=np.int64)
    span = 1
    for column in keys.columns:
        encoded = pc.dictionary_encode(column).combine_chunks()
        size = len(encoded.dictionary) + 1  # +1: nulls get their own code
        if span * size >= 2**62:
            return None
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64) + 1
        packed = packed * size + codes
        span *= size
    return packed


# --- references between files --------------------------------------------------------------


def _check_references(
    sheets: dict[str, Sheet], unreadable: frozenset[str], log: ProblemLog
) -> None:
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if column.ref is None or column.name in sheet.missing:
                continue
            ids = _referenced_ids(column.ref.file, sheets, unreadable)
            if ids is not None:
                _check_reference(sheet, column, column.ref, ids, log)
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
    sheet: Sheet, column: Column, ref: Ref, ids: pa.ChunkedArray, log: ProblemLog
) -> None:
    values = sheet.typed[column.name]
    if not _has_unknown(values, ids):
        return
    known = pc.is_in(values, value_set=ids.combine_chunks())
    unknown = pc.and_(values.is_valid(), pc.invert(known))
    filename = SPECS[ref.file].filename

    def describe(row: int) -> str:
        return f"{sheet.value(column.name, row)!r} is not an id in {filename}"

    log.where(sheet, column.name, unknown, describe, f"unknown ids in {filename}")


def _has_unknown(values: pa.ChunkedArray, ids: pa.ChunkedArray) -> bool:
    """Whether any non-null value is missing from ids.

    An Acero anti-join runs on every core and is several times faster than
    ``is_in`` on millions of rows, so the happy path only pays for this.
    """
    left, right = pa.table({"value": values}), pa.table({"id": ids})
    unmatched = left.join(right, keys="value", right_keys="id", join_type="left anti")
    return bool(unmatched.column("value").null_count < unmatched.num_rows)


def _check_referenced_kind(
    sheet: Sheet,
    column: Column,
    kinds: tuple[OrgKind, ...],
    orgs: Sheet,
    log: ProblemLog,
) -> None:
    found = _kinds_of(sheet.typed[column.name], orgs)
    wrong = pc.and_(found.is_valid(), pc.invert(pc.is_in(found, value_set=pa.array(list(kinds)))))
    expected = " or ".join(kinds)

    def describe(row: int) -> str:
        org, kind = sheet.value(column.name, row), found[row].as_py()
        return f"org {org!r} is a {kind}, expected a {expected}"

    log.where(sheet, column.name, wrong, describe, f"orgs that are not a {expected}")


def _kinds_of(org_ids: pa.ChunkedArray, orgs: Sheet) -> pa.ChunkedArray:
    """The kind of each referenced org (null where the id is unknown)."""
    kinds: pa.ChunkedArray = pc.take(orgs.typed["kind"], _positions_in(org_ids, orgs.typed["id"]))
    return kinds


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
    parent = _positions_in(orgs.typed["parent_id"], orgs.typed["id"])
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

    def describe(row: int) -> str:
        parent_id, above = orgs.value("parent_id", row), expected[row].as_py()
        if above is None:
            return f"a {kind[row].as_py()} has no parent org, but parent_id is {parent_id!r}"
        found = parent_kind[row].as_py()
        return f"a {kind[row].as_py()}'s parent must be a {above}, but {parent_id!r} is a {found}"

    log.where(orgs, "parent_id", wrong, describe, "parents of the wrong kind")


def _check_cycles(orgs: Sheet, parent: pa.ChunkedArray, log: ProblemLog) -> None:
    parents = parent.fill_null(-1).to_numpy().astype(np.int64)
    cycles = _cycles(parents, _rows_not_reaching_a_root(parents))
    by_row = {cycle[0]: cycle for cycle in cycles}

    def describe(row: int) -> str:
        path = " -> ".join(str(orgs.value("id", member)) for member in [*by_row[row], row])
        return f"the org tree has a cycle: {path}"

    rows = np.asarray(sorted(by_row), dtype=np.int64)
    log.at(orgs, "parent_id", rows, describe, "cycles in the org tree")


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
    org_kind = _kinds_of(sheet.typed["org_id"], orgs)
    below_national = pc.not_equal(level, Level.NATIONAL.value)
    wrong = pc.and_(below_national, pc.not_equal(org_kind, level))

    def describe(row: int) -> str:
        org, kind = sheet.value("org_id", row), org_kind[row].as_py()
        return f"level is {level[row].as_py()} but org {org!r} is a {kind}"

    log.where(sheet, "org_id", wrong, describe, "orgs whose kind does not match the level")


def _check_not_in_future(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """Dates marked ``NotInFuture`` may not lie after the day of the load (a year: its year)."""
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if not column.not_in_future:
                continue
            if column.type is ColType.INT:
                _report_after(sheet, column.name, pa.scalar(today.year), f"this year ({today.year})", log)
            else:
                _report_after(sheet, column.name, pa.scalar(today, pa.date32()), f"today ({today})", log)


def _report_after(
    sheet: Sheet, column: str, limit: pa.Scalar, limit_text: str, log: ProblemLog
) -> None:
    def describe(row: int) -> str:
        return f"{column} {sheet.value(column, row)} is after {limit_text}"

    late = pc.greater(sheet.typed[column], limit)
    log.where(sheet, column, late, describe, f"{column} after {limit_text}")


def _check_date_order(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """A date marked ``NotBefore(other)`` may not precede the other date of its row."""
    for sheet in sheets.values():
        for column in sheet.spec.columns:
            if column.not_before is not None:
                _check_not_before(sheet, column.name, column.not_before, log)


def _check_not_before(sheet: Sheet, later: str, earlier: str, log: ProblemLog) -> None:
    def describe(row: int) -> str:
        return f"{later} {sheet.value(later, row)} is before {earlier} {sheet.value(earlier, row)}"

    early = pc.less(sheet.typed[later], sheet.typed[earlier])
    log.where(sheet, later, early, describe, f"{later} before {earlier}")


def _check_programme_results(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    """Only a finished programme has a completion date, and a finished one must have it."""
    programmes = sheets.get("programmes")
    if programmes is None:
        return
    # The typed result is null where it was not a valid result: nothing more to say then.
    result, completed = programmes.typed["result"], programmes.text["completed_on"]
    running = pc.equal(result, ProgrammeResult.IN_PROGRESS.value)

    def dated(row: int) -> str:
        completed_on = programmes.value("completed_on", row)
        return f"an in_progress programme has no completed_on, got {completed_on}"

    def undated(row: int) -> str:
        return f"result {programmes.value('result', row)} needs a completed_on date"

    log.where(
        programmes,
        "completed_on",
        pc.and_(running, completed.is_valid()),
        dated,
        "dated in_progress",
    )
    finished = pc.and_(pc.invert(running), completed.is_null())
    log.where(programmes, "completed_on", finished, undated, "finished without completed_on")


def _check_training_hours(sheets: dict[str, Sheet], today: date, log: ProblemLog) -> None:
    training = sheets.get("training")
    if training is None:
        return

    def describe(row: int) -> str:
        return f"hours must be positive, got {training.value('hours', row)}"

    not_positive = pc.less_equal(training.typed["hours"], 0)
    log.where(training, "hours", not_positive, describe, "hours not positive")


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

    def describe(row: int) -> str:
        review_kind = ReviewKind(kind[row].as_py())
        expected = ", ".join(_result_values(_RESULTS_BY_KIND[review_kind]).to_pylist())
        found = result[row].as_py()
        return f"{found!r} is not a result of an {review_kind} review: expected {expected}"

    log.where(reviews, "result", wrong, describe, "results that do not fit the review kind")


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
    reason = "a teacher cannot mentor themselves"
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

    def describe(row: int) -> str:
        given = teachers.value("status", row)
        said = f"status is {given}" if given else "status is empty (active)"
        return (f"{said} but left_on is {teachers.value('left_on', row)}: set status to left or "
                "retired (a date after today is a planned departure), or clear left_on")

    log.where(teachers, "left_on", pc.and_(active, left_on.is_valid()), describe,
              "active teachers with a left_on date")
    undated = pc.and_(pc.invert(active), teachers.text["left_on"].is_null())
    log.notice(teachers, "left_on", undated, "status left or retired but no left_on: "
               "as-of questions treat these teachers as gone on every date")


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
    _check_references(sheets, raw.unreadable, log)
    for check in _CROSS_CHECKS:
        check(sheets, today, log)
    if strict:
        log.problems.extend(log.warnings)
        log.warnings.clear()
    if log.problems:
        raise BundleError(log.in_file_order())
    tables = {name: sheet.table() for name, sheet in sheets.items()}
    return Roster(tables, present=frozenset(sheets), notices=tuple(log.in_file_order(log.notices)),
                  warnings=tuple(log.in_file_order(log.warnings)))


def _open_sheets(raw: RawBundle, log: ProblemLog) -> dict[str, Sheet]:
    """Type and key-check each file, files side by side.

    Each file is one thread's work (Arrow kernels release the GIL), so the
    problems of one file keep their order; ``in_file_order`` groups files.
    """

    def open_one(spec: TableSpec) -> Sheet:
        sheet = _open_sheet(spec, raw.files[spec.name], log)
        _check_unique_key(sheet, log)
        return sheet

    present = [spec for spec in TABLES if spec.name in raw.files]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return {spec.name: sheet for spec, sheet in zip(present, pool.map(open_one, present), strict=True)}


def _report_missing_files(raw: RawBundle, log: ProblemLog) -> None:
    for spec in TABLES:
        if spec.required_file and spec.name not in raw.files and spec.name not in raw.unreadable:
            log.add(Problem(spec.filename, None, None, "required file is missing"))
