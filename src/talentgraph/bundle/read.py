"""Read a roster bundle as text: a folder of CSV files or one workbook (.xlsx, or .xls).

Every cell is read as a string (an empty cell is null); types, enums and
references are checked afterwards by ``validate``, so that every problem in a
bundle can be reported at once.

Files and sheets are found by name whatever their case, spacing or language
(``Training.csv``, the sheet ``培训``: ``domain/headers.py``). A file or sheet that is
not a bundle table is never dropped silently: it is a warning naming the nearest
table. CSV text is UTF-8 (with or without BOM) or GB18030/GBK, told apart by
charset-normalizer and named in a notice. ``ReadLimits`` bound what one bundle may
hold, so that memory stays within a budget whatever the input (docs/bundle-format.md).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from talentgraph.domain.columns import ColType, TableSpec
from talentgraph.domain.headers import TABLE_NAMES, column_names, is_instructions, table_names
from talentgraph.domain.message import N_, Message, Param, message
from talentgraph.domain.tables import SPECS, TABLES
from talentgraph.errors import BundleError, Problem, problem
from talentgraph.roster import smallest_index

# Report at most this many rows for one kind of problem, then summarise the rest.
MAX_ROWS_PER_PROBLEM = 50
FIRST_DATA_ROW = 2  # spreadsheet numbering: the header is row 1
XLSX_SUFFIX = ".xlsx"
# Workbooks: .xlsx, and Excel 97-2003 .xls (still WPS's and many templates' format).
WORKBOOK_SUFFIXES = (XLSX_SUFFIX, ".xls")
CSV_SUFFIX = ".csv"
# Big blocks mean few chunks per column, which keeps later compute kernels fast.
_CSV_BLOCK_SIZE = 16 << 20
_SAMPLE_BYTES = 64 << 10  # what the encoding is told from
_XLSX_BATCH_ROWS = 65_536  # workbook rows held as Python objects before they become Arrow
_EXCEL_ROWS = 1_048_576  # no spreadsheet program writes more rows to a sheet
# Office sheets often carry a title (某县2026年骨干教师名册, merged across) and a note or two above
# the header: the header is looked for in this many first rows.
_HEADER_SEARCH_ROWS = 10
_UTF8, _GB18030 = "UTF-8", "GB18030"
_WINDOWS_EPOCH = dt.datetime(1899, 12, 30)  # day zero of a workbook's date serials (1900 system)
_MAC_EPOCH = dt.datetime(1904, 1, 1)
# charset-normalizer's names for the GB family; GB18030 decodes all of them.
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz", "cp936"})

RowNumbers = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ReadLimits:
    """What one bundle may hold. They bound the memory a read takes (docs/bundle-format.md,
    "Limits"): the text itself (bytes) and Arrow's per-cell offsets (rows x columns)."""

    max_file_bytes: int = 4 << 30  # one CSV file, or one sheet's XML inside a workbook
    max_total_bytes: int = 16 << 30  # every file (a workbook: every part, unpacked) together
    max_rows: int = 100_000_000  # lines of one file, blank ones included
    max_columns: int = 500  # header width
    max_cells: int = 1_000_000_000  # rows x header width of one file
    max_cell_chars: int = 32_767  # Excel's own limit on one cell
    max_entries: int = 1_000  # files in a folder, parts in a workbook or zip

    def describe(self) -> str:
        return (f"{self.max_file_bytes >> 20} MB a file, {self.max_total_bytes >> 20} MB in all, "
                f"{self.max_rows:,} rows, {self.max_columns} columns, {self.max_cells:,} cells")


# The command line reads the user's own files: bounded by what a region of millions of teachers
# needs. A server reads what anyone uploads: a fixed budget (docs/bundle-format.md).
LOCAL_LIMITS = ReadLimits()
UPLOAD_LIMITS = ReadLimits(
    max_file_bytes=256 << 20,
    max_total_bytes=512 << 20,
    max_rows=5_000_000,
    max_columns=200,
    max_cells=40_000_000,
    max_entries=200,
)


@dataclass(frozen=True)
class RawTable:
    """One bundle file as read: every column a string column, header as given.

    ``row_numbers`` holds the spreadsheet row of each table row when rows were
    skipped (malformed or entirely empty rows, title rows above the header); None
    means row i is row i + 2. ``excel_epoch`` is the workbook's day zero (None for
    CSV): a number in a date column of a workbook is a date cell that lost its format.
    ``header_row`` is the spreadsheet row of the header (1 unless a title is above it).
    """

    table: pa.Table
    row_numbers: RowNumbers | None = None
    excel_epoch: dt.datetime | None = None
    header_row: int = 1

    def row_number(self, index: int) -> int:
        if self.row_numbers is None:
            return index + FIRST_DATA_ROW
        return int(self.row_numbers[index])


@dataclass(frozen=True)
class RawBundle:
    """The spec files found in a bundle, by file stem, plus problems met while reading.

    ``unreadable`` names files that exist but could not be read at all (their
    problem is in ``problems``). ``warnings`` are what was not read (a file or sheet
    that is no bundle table): ``--strict`` makes them problems. ``notices`` say how
    something was read (an encoding, a name spelt otherwise).
    """

    source: Path
    files: dict[str, RawTable]
    problems: tuple[Problem, ...] = ()
    unreadable: frozenset[str] = frozenset()
    warnings: tuple[Problem, ...] = ()
    notices: tuple[Problem, ...] = ()
    entries: dict[str, str] = field(default_factory=dict)  # table -> its file or sheet as named
    workbook: bool = False


class _Unreadable(Exception):
    """A file that cannot be read at all; the message says why, ``problems`` where if known."""

    def __init__(self, reason: Message, problems: Sequence[Problem] = ()) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.problems = list(problems)


def read_bundle(path: Path, limits: ReadLimits = LOCAL_LIMITS) -> RawBundle:
    """Read a bundle folder or workbook (.xlsx or .xls), every cell as a string.

    Unreadable files and malformed rows are returned as ``problems``; only a
    path that is neither a folder nor a workbook raises ``BundleError``.
    """
    if path.is_dir():
        return _read_folder(path, limits)
    if path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES:
        return _read_workbook(path, limits)
    reason = message(N_("not a folder of CSV files or a workbook (.xlsx or .xls)"))
    raise BundleError([problem(path.name, None, None, reason)])


def cap_problems(problems: Sequence[Problem], what: Message) -> list[Problem]:
    """The first problems of one kind, then one summary counting the rest."""
    if len(problems) <= MAX_ROWS_PER_PROBLEM:
        return list(problems)
    first = problems[0]
    more = len(problems) - MAX_ROWS_PER_PROBLEM
    summary = problem(first.file, None, first.column, more_rows(more, what), count=more)
    return [*problems[:MAX_ROWS_PER_PROBLEM], summary]


@dataclass
class _Found:
    """Bundle tables found by name (folder entries or sheets), and what else was there."""

    tables: dict[str, str] = field(default_factory=dict)  # table -> entry name as written
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def sort(self, entry: str, stem: str, what: str) -> None:
        """Place one entry: a table (maybe spelt otherwise), instructions, or not a table."""
        names = table_names(TABLES)
        table = names.find(stem)
        if table is None:
            if what == "sheet" and is_instructions(stem):
                reason = message(N_("sheet of instructions: not read as data"))
                self.notices.append(problem(entry, None, None, reason))
                return
            near = names.suggest(stem)
            known = ", ".join(_entry_name(spec.name, what) for spec in TABLES)
            if what == "sheet":
                reason = (message(N_("not a bundle sheet: ignored (did you mean {near}?); the bundle's "
                                     "sheets are {known}"), near=near, known=known) if near else
                          message(N_("not a bundle sheet: ignored; the bundle's sheets are {known}"),
                                  known=known))
            else:
                reason = (message(N_("not a bundle file: ignored (did you mean {near}?); the bundle's "
                                     "files are {known}"), near=_entry_name(near, what), known=known) if near
                          else message(N_("not a bundle file: ignored; the bundle's files are {known}"),
                                       known=known))
            self.warnings.append(problem(entry, None, None, reason))
            return
        if table in self.tables:
            first = self.tables[table]
            self.problems.append(problem(entry, None, None, message(
                N_("{first!r} and {entry!r} are both {table}: keep one"), first=first, entry=entry,
                table=_entry_name(table, what))))
            return
        self.tables[table] = entry
        official = {_entry_name(table, what), *(_entry_name(table, what).replace(table, chinese)
                                                for chinese in TABLE_NAMES.get(table, ()))}
        if entry not in official:  # spelt otherwise (Training.csv): say how it was read
            self.notices.append(problem(entry, None, None, message(N_("read as {name}"),
                                                                   name=_entry_name(table, what))))


def more_rows(more: int, what: Message) -> Message:
    """The summary of rows beyond the first MAX_ROWS_PER_PROBLEM of one kind of problem."""
    return message(N_("... and {more} more rows: {what}"), more=more, what=what)


def _entry_name(table: str, what: str) -> str:
    return SPECS[table].filename if what == "file" else table


_FileReader = Callable[[TableSpec, str], "tuple[RawTable, list[Problem]]"]


def _read_found(source: Path, found: _Found, read_file: _FileReader,
                notices: list[Problem] | None = None) -> RawBundle:
    """Read every bundle table found; a file that cannot be read is a problem of its own."""
    files: dict[str, RawTable] = {}
    problems = list(found.problems)
    unreadable: set[str] = set()
    for spec in TABLES:
        entry = found.tables.get(spec.name)
        if entry is None:
            continue
        try:
            files[spec.name], file_problems = read_file(spec, entry)
        except _Unreadable as exc:
            problems.extend(exc.problems or [problem(spec.filename, None, None, exc.reason)])
            unreadable.add(spec.name)
            continue
        problems.extend(file_problems)
    return RawBundle(source, files, tuple(problems), frozenset(unreadable), tuple(found.warnings),
                     tuple(found.notices + (notices or [])), dict(found.tables),
                     workbook=source.is_file())


# --- CSV folders ---------------------------------------------------------------------


def _read_folder(folder: Path, limits: ReadLimits) -> RawBundle:
    found = _Found()
    entries = sorted(folder.iterdir())
    if len(entries) > limits.max_entries:
        raise BundleError([problem(folder.name, None, None, message(
            N_("the folder holds {n} entries, more than a bundle may ({limit})"),
            n=f"{len(entries):,}", limit=f"{limits.max_entries:,}"))])
    total = 0
    for entry in entries:
        if entry.name.startswith("."):  # .DS_Store, .gitkeep: the system's, never the planner's
            continue
        if entry.is_dir():
            found.warnings.append(problem(entry.name, None, None, message(N_(
                "a folder inside the bundle: ignored (the bundle's CSV files must be side by side)"))))
        elif entry.suffix.lower() != CSV_SUFFIX:
            found.sort(entry.name, entry.name, "file")  # reported: not a bundle file
        else:
            total += entry.stat().st_size
            found.sort(entry.name, entry.stem, "file")
    if total > limits.max_total_bytes:
        raise BundleError([problem(folder.name, None, None, message(
            N_("the CSV files hold {mb} MB, more than a bundle may ({limit} MB)"),
            mb=f"{total >> 20:,}", limit=f"{limits.max_total_bytes >> 20:,}"))])
    notices: list[Problem] = []

    def read_file(spec: TableSpec, entry: str) -> tuple[RawTable, list[Problem]]:
        table, problems, encoding = _read_csv(folder / entry, spec, limits, notices)
        if encoding != _UTF8:
            notices.append(problem(spec.filename, None, None, message(
                N_("read as {encoding} text (not UTF-8; detected by charset-normalizer)"),
                encoding=encoding)))
        return table, problems

    return _read_found(folder, found, read_file, notices)


def _read_csv(path: Path, spec: TableSpec, limits: ReadLimits,
              notices: list[Problem]) -> tuple[RawTable, list[Problem], str]:
    filename = spec.filename
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise _Unreadable(message(N_("the file holds {mb} MB, more than a bundle file may ({limit} MB)"),
                                  mb=f"{size >> 20:,}", limit=f"{limits.max_file_bytes >> 20:,}"))
    encoding = _encoding_of(path)
    data = _utf8_text(path, filename, encoding)  # None: the file is UTF-8 already, read it in place
    try:
        first_rows = _csv_first_rows(path if data is None else data)
    except UnicodeDecodeError:  # a damaged header line in a file mostly UTF-8
        raise _undecodable(path, filename, encoding) from None
    above = _title_rows(first_rows, spec)
    if above:
        notices.append(_title_notice(filename, first_rows[:above]))
    header = first_rows[above]
    _check_size(path if data is None else data, len(header), limits, above)

    def source() -> Path | pa.BufferReader:
        return path if data is None else pa.BufferReader(data)

    # Allowing line breaks in cells halves parsing speed, so first try without: a
    # quoted line break then splits its record into rows that are too short.
    parse = functools.partial(_parse_csv, source, path, filename, header, skip_rows=above,
                              encoded=_repeating_columns(spec, header))
    table, skipped = parse(multiline=len(header) == 1, use_threads=True)
    if skipped:
        table, skipped = parse(multiline=True, use_threads=True)
    if any(row.number is None for row in skipped):
        # Threaded parsing cannot number bad rows; parse again in one thread.
        table, skipped = parse(multiline=True, use_threads=False)
    numbers = _row_numbers_without(table.num_rows, [_row_of(row) for row in skipped], header_row=above + 1)
    problems = [_malformed_row_problem(filename, row) for row in skipped]
    raw = _drop_blank_rows(table.rename_columns([name.strip() for name in header]), numbers,
                           header_row=above + 1)
    problems = cap_problems(problems, message(N_("cells do not match the header")))
    problems += _long_cells(raw, filename, limits)
    return raw, problems, encoding


def _encoding_of(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 if charset-normalizer finds the GB family.

    A file that is mostly one of the two, with a few damaged lines, is read as that one, so that
    the damaged lines are reported by number.
    """
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return _UTF8
    try:  # a multi-byte character cut at the sample's end is still UTF-8
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < _SAMPLE_BYTES)
        return _UTF8
    except UnicodeDecodeError:
        pass
    if _mostly(sample, "utf-8"):
        return _UTF8
    import charset_normalizer  # here: a UTF-8 bundle never needs it

    guesses = [match.encoding for match in charset_normalizer.from_bytes(sample)]
    if any(guess in _GB_FAMILY for guess in guesses) or _mostly(sample, "gb18030"):
        return _GB18030
    if guesses:
        raise _Unreadable(message(N_("not UTF-8 or GB18030 text (it looks like {guess}): save it as CSV "
                                     "UTF-8 (Excel) or GB18030"), guess=guesses[0]))
    raise _Unreadable(message(N_("not UTF-8 or GB18030 text: save it as CSV UTF-8 (Excel) or GB18030")))


def _mostly(sample: bytes, codec: str) -> bool:
    """Whether nine in ten of the sample's whole lines with non-ASCII bytes decode as ``codec``."""
    lines = [line for line in sample.split(b"\n")[:-1] if not line.isascii()]
    good = 0
    for line in lines:
        try:
            line.decode(codec)
            good += 1
        except UnicodeDecodeError:
            pass
    return bool(lines) and good >= 0.9 * len(lines)


def _utf8_text(path: Path, filename: str, encoding: str) -> bytes | None:
    """The file as UTF-8 bytes, or None when it is valid UTF-8 already (read in place).

    Undecodable bytes make the file unreadable, each line with them named (CSV lines: the
    spreadsheet row unless a quoted cell spans lines).
    """
    if encoding == _UTF8:
        return None  # Arrow checks UTF-8 as it parses (``_parse_csv``)
    try:
        return path.read_bytes().decode("gb18030").encode("utf-8")
    except UnicodeDecodeError:
        raise _undecodable(path, filename, encoding) from None


def _undecodable(path: Path, filename: str, encoding: str) -> _Unreadable:
    """The file cannot be read: each line holding bytes that are not ``encoding`` named."""
    codec = "utf-8-sig" if encoding == _UTF8 else "gb18030"
    what = message(N_("bytes that are not {encoding} text"), encoding=encoding)
    reason = message(N_("bytes that are not {encoding} text: save the file as CSV UTF-8 or GB18030"),
                     encoding=encoding)
    problems = [problem(filename, line, None, reason) for line in _undecodable_lines(path, codec)]
    return _Unreadable(what, cap_problems(problems, what))


def _undecodable_lines(path: Path, codec: str) -> list[int]:
    """The line numbers (1 = header) holding bytes ``codec`` cannot decode.

    Splitting on newline bytes is safe: neither UTF-8 nor GB18030 uses 0x0A inside a character.
    """
    bad: list[int] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode(codec)
            except UnicodeDecodeError:
                bad.append(number)
    return bad


def _csv_first_rows(source: Path | bytes) -> list[list[str]]:
    """The first rows (where the header is looked for), parsed by the csv module so quoted names
    work as in the data."""
    try:
        if isinstance(source, Path):
            with source.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(itertools.islice(csv.reader(handle), _HEADER_SEARCH_ROWS))
        else:
            with io.TextIOWrapper(io.BytesIO(source), encoding="utf-8-sig", newline="") as handle:
                rows = list(itertools.islice(csv.reader(handle), _HEADER_SEARCH_ROWS))
    except csv.Error as exc:
        raise _Unreadable(message(N_("header row is not valid CSV: {error}"), error=str(exc))) from exc
    if not rows or not rows[0]:
        raise _Unreadable(message(N_("file is empty: expected a header row")))
    return rows


def _title_rows(first_rows: Sequence[Sequence[str | None]], spec: TableSpec) -> int:
    """How many rows above the header: 0 when the first row names a column of ``spec`` (or no
    row does: the first row is then the header, and validation says what it lacks), else the
    rows before the first that does (a title, a date line)."""
    names = column_names(spec)
    for index, row in enumerate(first_rows):
        if any(cell and names.find(cell) for cell in row):
            return index
    return 0


def _title_notice(filename: str, above: Sequence[Sequence[str | None]]) -> Problem:
    text = " / ".join(cell.strip() for row in above for cell in row if cell and cell.strip())
    reason = (message(N_("row 1 above the header not read as data (a title: {text!r})"), text=text)
              if len(above) == 1 else
              message(N_("rows 1-{last} above the header not read as data (a title: {text!r})"),
                      last=len(above), text=text))
    return problem(filename, None, None, reason)


def _lines(source: Path | bytes) -> int:
    """Lines in the file (a last one without a newline too), counted in bounded pieces: a file
    of blank lines is rows too."""
    if isinstance(source, bytes):
        return source.count(b"\n") + (0 if source.endswith(b"\n") else 1)
    count, last = 0, b"\n"
    with source.open("rb") as handle:
        while chunk := handle.read(_CSV_BLOCK_SIZE):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (0 if last == b"\n" else 1)


def _check_size(source: Path | bytes, columns: int, limits: ReadLimits, above: int = 0) -> None:
    if columns > limits.max_columns:
        raise _Unreadable(message(N_("the header has {n} columns, more than a bundle file may ({limit})"),
                                  n=f"{columns:,}", limit=f"{limits.max_columns:,}"))
    lines = _lines(source) - above
    if lines - 1 > limits.max_rows:
        raise _Unreadable(message(N_("the file has {n} lines after the header, more than a bundle file may "
                                     "({limit}); blank lines count too"),
                                  n=f"{lines - 1:,}", limit=f"{limits.max_rows:,}"))
    if (lines - 1) * columns > limits.max_cells:
        raise _Unreadable(message(N_("the file has {n} cells ({lines} lines x {columns} columns), more than "
                                     "a bundle file may ({limit})"), n=f"{(lines - 1) * columns:,}",
                                  lines=f"{lines - 1:,}", columns=columns, limit=f"{limits.max_cells:,}"))


_TEXT_CODES = pa.dictionary(pa.int32(), pa.string())


def _repeating_columns(spec: TableSpec, header: list[str]) -> frozenset[str]:
    """Headers naming a column whose values repeat (every spec column but ids: enums, dates,
    numbers, flags, names): read dictionary-encoded, each distinct text once per block, so that a
    bundle's text takes a fraction of its size and each distinct value is checked once."""
    names = column_names(spec)
    found = {name: names.find(name.strip()) for name in header if name}
    return frozenset(name for name, column in found.items()
                     if column is not None and spec.column(column).type is not ColType.ID)


def _parse_csv(
    source: Callable[[], Path | pa.BufferReader], path: Path, filename: str, header: list[str], *,
    multiline: bool, use_threads: bool, skip_rows: int = 0, encoded: frozenset[str] = frozenset(),
) -> tuple[pa.Table, list[pacsv.InvalidRow]]:
    skipped: list[pacsv.InvalidRow] = []

    def skip(row: pacsv.InvalidRow) -> str:
        skipped.append(row)
        return "skip"

    read_options = pacsv.ReadOptions(use_threads=use_threads, block_size=_CSV_BLOCK_SIZE, skip_rows=skip_rows)
    # Blank lines are kept as empty rows so row numbers match the spreadsheet.
    parse_options = pacsv.ParseOptions(
        newlines_in_values=multiline, ignore_empty_lines=False, invalid_row_handler=skip
    )
    convert_options = pacsv.ConvertOptions(
        column_types={name: _TEXT_CODES if name in encoded else pa.string() for name in header},
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        null_values=[""],
    )
    try:
        table = pacsv.read_csv(source(), read_options, parse_options, convert_options)
    except pa.ArrowInvalid as exc:
        if "invalid UTF8" in str(exc):  # only a file read in place is not UTF-8 by now
            raise _undecodable(path, filename, _UTF8) from None
        raise _Unreadable(message(N_("cannot be read as CSV: {error}"), error=str(exc))) from exc
    return _narrowed(table), skipped


def _narrowed(table: pa.Table) -> pa.Table:
    """Dictionary-encoded columns with the narrowest indices their blocks need (Arrow's reader
    gives 32 bits; a column of a few distinct texts a block needs 8)."""
    for position, column in enumerate(table.columns):
        if pa.types.is_dictionary(column.type):
            size = max((len(chunk.dictionary) for chunk in column.chunks), default=0)
            wanted = pa.dictionary(smallest_index(size), pa.string())
            if wanted != column.type:
                field = table.field(position).with_type(wanted)
                table = table.set_column(position, field, column.cast(wanted))
    return table


def _row_of(row: pacsv.InvalidRow) -> int:
    if row.number is None:  # pragma: no cover - single-threaded parsing numbers every row
        raise _Unreadable(message(N_("cannot number a malformed row")))
    return int(row.number)


def _malformed_row_problem(filename: str, row: pacsv.InvalidRow) -> Problem:
    reason = message(N_("row has {n} cells but the header has {expected}"),
                     n=row.actual_columns, expected=row.expected_columns)
    return problem(filename, row.number, None, reason)


def _row_numbers_without(kept_rows: int, skipped: list[int], header_row: int = 1) -> RowNumbers | None:
    """Spreadsheet rows of the kept rows, given the spreadsheet rows that were skipped."""
    if not skipped and header_row == 1:
        return None
    every_row = np.arange(header_row + 1, header_row + 1 + kept_rows + len(skipped))
    return np.setdiff1d(every_row, np.asarray(skipped, dtype=np.int64))


def _drop_blank_rows(table: pa.Table, numbers: RowNumbers | None,
                     excel_epoch: dt.datetime | None = None, header_row: int = 1) -> RawTable:
    """Leave out rows with no value at all (spreadsheets are full of them)."""
    if numbers is None and header_row != 1:
        numbers = np.arange(header_row + 1, header_row + 1 + table.num_rows)
    if table.num_columns == 0 or table.num_rows == 0:
        return RawTable(table, numbers, excel_epoch, header_row)
    filled = table.column(0).is_valid()
    for column in table.columns[1:]:
        filled = pc.or_(filled, column.is_valid())
    if pc.all(filled).as_py():
        return RawTable(table, numbers, excel_epoch, header_row)
    if numbers is None:
        numbers = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + table.num_rows)
    keep = filled.to_numpy(zero_copy_only=False)
    return RawTable(table.filter(filled), numbers[keep], excel_epoch, header_row)


def _long_cells(raw: RawTable, filename: str, limits: ReadLimits) -> list[Problem]:
    """Cells longer than any spreadsheet cell can be: a problem each (row and column named)."""
    problems: list[Problem] = []
    for name, column in zip(raw.table.column_names, raw.table.columns, strict=True):
        texts = [c.dictionary for c in column.chunks] if pa.types.is_dictionary(column.type) else [column]
        longest = max((pc.max(pc.binary_length(text)).as_py() or 0 for text in texts), default=0)
        if longest <= limits.max_cell_chars:
            continue  # no cell has more bytes than that, so none more characters (read from offsets)
        long = pc.greater(pc.utf8_length(_decoded(column)), limits.max_cell_chars).fill_null(False)
        if not pc.any(long).as_py():
            continue
        rows = np.flatnonzero(long.to_numpy(zero_copy_only=False))
        reason = message(N_("the cell holds more than {limit} characters"),
                         limit=f"{limits.max_cell_chars:,}")
        problems += cap_problems([problem(filename, raw.row_number(int(i)), name or None, reason)
                                  for i in rows], reason)
    return problems


def _decoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column


# --- XLSX workbooks ------------------------------------------------------------------


def _read_workbook(path: Path, limits: ReadLimits) -> RawBundle:
    """An .xlsx or .xls workbook, a sheet per table (python-calamine reads both: fast, and it
    tells merged cells)."""
    if zipfile.is_zipfile(path):  # .xlsx: its parts are bounded before anything unpacks
        _check_workbook_parts(path, limits)
    elif (size := path.stat().st_size) > limits.max_total_bytes:
        raise BundleError([problem(path.name, None, None, message(
            N_("the workbook holds {mb} MB, more than a bundle may ({limit} MB)"),
            mb=f"{size >> 20:,}", limit=f"{limits.max_total_bytes >> 20:,}"))])
    try:
        from python_calamine import CalamineWorkbook  # here: a CSV bundle never needs it

        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for a damaged file
        raise BundleError([problem(path.name, None, None, message(N_("not a readable workbook: {error}"),
                                                                  error=str(exc)))]) from exc
    found = _Found()
    for name in workbook.sheet_names:
        found.sort(name, name, "sheet")
    epoch = _workbook_epoch(path)
    notices: list[Problem] = []

    def read_file(spec: TableSpec, entry: str) -> tuple[RawTable, list[Problem]]:
        try:
            sheet = workbook.get_sheet_by_name(entry)
            rows, merged = sheet.iter_rows(), sheet.merged_cell_ranges or []
        except Exception as exc:  # a damaged sheet: that sheet is unreadable, the others are read
            raise _Unreadable(message(N_("the sheet cannot be read: {error}"), error=str(exc))) from exc
        return _read_sheet(rows, spec, epoch, limits, notices, merged)

    return _read_found(path, found, read_file, notices)


def _workbook_epoch(path: Path) -> dt.datetime:
    """Day zero of the workbook's date serials: 1899-12-30, or 1904-01-01 for an .xlsx saved in
    the 1904 date system (old Mac Excel)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive, contextlib.suppress(KeyError):
            head = archive.read("xl/workbook.xml")[:4096]
            if re.search(rb'date1904="(1|true)"', head):
                return _MAC_EPOCH
    return _WINDOWS_EPOCH


def _check_workbook_parts(path: Path, limits: ReadLimits) -> None:
    """Refuse a workbook whose parts unpack beyond the limits, before openpyxl unpacks any."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError([problem(path.name, None, None, message(N_("not a readable workbook: {error}"),
                                                                  error=str(exc)))]) from exc
    reason = None
    if len(parts) > limits.max_entries:
        reason = message(N_("the workbook has {n} parts, more than a bundle may ({limit})"),
                         n=f"{len(parts):,}", limit=f"{limits.max_entries:,}")
    elif sum(part.file_size for part in parts) > limits.max_total_bytes:
        total = sum(part.file_size for part in parts) >> 20
        reason = message(N_("the workbook unpacks to {mb} MB, more than a bundle may ({limit} MB)"),
                         mb=f"{total:,}", limit=f"{limits.max_total_bytes >> 20:,}")
    elif any(part.file_size > limits.max_file_bytes for part in parts):
        reason = message(N_("a part of the workbook unpacks to more than {limit} MB"),
                         limit=f"{limits.max_file_bytes >> 20:,}")
    if reason:
        raise BundleError([problem(path.name, None, None, reason)])


def _read_sheet(rows: Iterator[Sequence[object]], spec: TableSpec, epoch: dt.datetime,
                limits: ReadLimits, notices: list[Problem],
                merged: Sequence[Merged] = ()) -> tuple[RawTable, list[Problem]]:
    """One sheet's rows (each padded to the sheet's width, so a cell beyond the named columns
    lands in an unnamed column, which validate reports if it holds values)."""
    filename = spec.filename
    first_rows = [[cell_text(c) for c in cells] for cells in itertools.islice(rows, _HEADER_SEARCH_ROWS)]
    above = _title_rows(first_rows, spec)
    if above:
        notices.append(_title_notice(filename, first_rows[:above]))
    rows = itertools.chain(first_rows[above + 1:], rows)
    header_cells = first_rows[above] if first_rows else None
    if header_cells is None or all(cell is None for cell in header_cells):
        raise _Unreadable(message(N_("sheet is empty: expected a header row")))
    header = [(cell or "").strip() for cell in header_cells]
    if len(header) > limits.max_columns:
        raise _Unreadable(message(N_("the header has {n} columns, more than a bundle sheet may ({limit})"),
                                  n=f"{len(header):,}", limit=f"{limits.max_columns:,}"))
    rows = _merged_filled(rows, merged, above + 1, header, filename, notices)
    max_rows = min(limits.max_rows, _EXCEL_ROWS - 1, limits.max_cells // max(1, len(header)))
    schema = pa.schema([(name, pa.string()) for name in header])
    # At least one batch: later kernels expect a chunk, even for a sheet of headers only.
    empty = pa.record_batch([pa.array([], pa.string()) for _ in header], schema=schema)
    batches = list(_arrow_batches(rows, header, max_rows)) or [empty]
    table = pa.Table.from_batches(batches, schema=schema)
    raw = _drop_blank_rows(table, None, epoch, header_row=above + 1)
    return raw, _long_cells(raw, filename, limits)


Merged = tuple[tuple[int, int], tuple[int, int]]  # (first row, first column), (last row, last column)


def _merged_filled(rows: Iterator[Sequence[object]], merged: Sequence[Merged], first: int,
                   header: list[str], filename: str, notices: list[Problem]) -> Iterator[Sequence[object]]:
    """The data rows (sheet row index ``first`` on, 0-based) with merged cells filled: offices merge
    a school's cell over its teachers' rows, meaning that school for each. Said in a notice per
    column; merges in the title and header rows are left alone."""
    spans = sorted((r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged if r0 >= first and (r1, c1) != (r0, c0))
    if not spans:
        return rows
    by_column: dict[int, list[str]] = {}
    for r0, c0, r1, _ in spans:
        by_column.setdefault(c0, []).append(f"{r0 + 1}-{r1 + 1}" if r1 > r0 else str(r0 + 1))
    for column, where in sorted(by_column.items()):
        name = header[column] if column < len(header) else f"column {column + 1}"
        shown: Param = ", ".join(where[:5])
        if len(where) > 5:
            shown = message(N_("{first} and {more} more"), first=shown, more=len(where) - 5)
        notices.append(problem(filename, None, name or None, message(
            N_("merged cells (rows {rows}): each row they span read with the merged value"), rows=shown)))

    def filled() -> Iterator[Sequence[object]]:
        waiting = iter(spans)
        upcoming = next(waiting, None)
        active: list[tuple[int, int, int, object]] = []  # last row, first and last column, value
        for index, cells in enumerate(rows, start=first):
            row = list(cells)
            while upcoming is not None and upcoming[0] == index:
                r0, c0, r1, c1 = upcoming
                active.append((r1, c0, c1, row[c0] if c0 < len(row) else None))
                upcoming = next(waiting, None)
            for _, c0, c1, value in active:
                row[c0:c1 + 1] = [value] * (min(c1, len(row) - 1) - c0 + 1)
            active = [span for span in active if span[0] > index]
            yield row

    return filled()


def _arrow_batches(rows: Iterator[Sequence[object]], header: list[str],
                   max_rows: int) -> Iterator[pa.RecordBatch]:
    """The sheet's rows as Arrow, a batch at a time, so that Python holds only one batch."""
    count = 0
    while True:
        columns: list[list[str | None]] = [[] for _ in header]
        for cells in rows:
            _append_row(columns, cells)
            count += 1
            if count > max_rows:
                raise _Unreadable(message(N_("the sheet has more than {limit} rows after the header, more "
                                             "than a bundle sheet of this width may hold"),
                                          limit=f"{max_rows:,}"))
            if len(columns[0]) == _XLSX_BATCH_ROWS:
                break
        if not columns[0]:
            return
        yield pa.record_batch([pa.array(column, pa.string()) for column in columns], names=header)


def _append_row(columns: list[list[str | None]], cells: Sequence[object]) -> None:
    for index, column in enumerate(columns):
        column.append(cell_text(cells[index]) if index < len(cells) else None)


def cell_text(value: object) -> str | None:
    """A workbook cell as bundle text: ISO dates, true/false, '90' rather than '90.0'."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _datetime_text(value: dt.datetime) -> str:
    # Spreadsheet dates come back as midnight datetimes; a real time is kept (and rejected).
    if value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat(sep=" ")
