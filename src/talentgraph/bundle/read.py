"""Read a roster bundle as text: a folder of CSV files or one .xlsx workbook.

Every cell is read as a string (an empty cell is null); types, enums and
references are checked afterwards by ``validate``, so that every problem in a
bundle can be reported at once. Files the spec does not know are ignored.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from talentgraph.domain.columns import TableSpec
from talentgraph.domain.tables import TABLES
from talentgraph.errors import BundleError, Problem

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

# Report at most this many rows for one kind of problem, then summarise the rest.
MAX_ROWS_PER_PROBLEM = 50
FIRST_DATA_ROW = 2  # spreadsheet numbering: the header is row 1
XLSX_SUFFIX = ".xlsx"
# Big blocks mean few chunks per column, which keeps later compute kernels fast.
_CSV_BLOCK_SIZE = 16 << 20

RowNumbers = npt.NDArray[np.int64]


@dataclass(frozen=True)
class RawTable:
    """One bundle file as read: every column a string column, header as given.

    ``row_numbers`` holds the spreadsheet row of each table row when rows were
    skipped (malformed or entirely empty rows); None means row i is row i + 2.
    """

    table: pa.Table
    row_numbers: RowNumbers | None = None

    def row_number(self, index: int) -> int:
        if self.row_numbers is None:
            return index + FIRST_DATA_ROW
        return int(self.row_numbers[index])


@dataclass(frozen=True)
class RawBundle:
    """The spec files found in a bundle, by file stem, plus problems met while reading.

    ``unreadable`` names files that exist but could not be read at all (their
    problem is in ``problems``).
    """

    source: Path
    files: dict[str, RawTable]
    problems: tuple[Problem, ...] = ()
    unreadable: frozenset[str] = frozenset()


class _Unreadable(Exception):
    """A file that cannot be read at all; the message says why."""


def read_bundle(path: Path) -> RawBundle:
    """Read a bundle folder or .xlsx workbook, every cell as a string.

    Unreadable files and malformed rows are returned as ``problems``; only a
    path that is neither a folder nor a workbook raises ``BundleError``.
    """
    if path.is_dir():
        return _read_folder(path)
    if path.is_file() and path.suffix.lower() == XLSX_SUFFIX:
        return _read_workbook(path)
    reason = "not a folder of CSV files or an .xlsx workbook"
    raise BundleError([Problem(path.name, None, None, reason)])


def _cap_problems(problems: Sequence[Problem], what: str) -> list[Problem]:
    """The first problems of one kind, then one summary for the rest."""
    if len(problems) <= MAX_ROWS_PER_PROBLEM:
        return list(problems)
    first = problems[0]
    more = len(problems) - MAX_ROWS_PER_PROBLEM
    summary = Problem(first.file, None, first.column, f"... and {more} more rows: {what}")
    return [*problems[:MAX_ROWS_PER_PROBLEM], summary]


_FileReader = Callable[[TableSpec], "tuple[RawTable, list[Problem]] | None"]


def _read_files(source: Path, read_file: _FileReader) -> RawBundle:
    """Read every spec file the bundle has; ``read_file`` returns None for an absent one."""
    files: dict[str, RawTable] = {}
    problems: list[Problem] = []
    unreadable: set[str] = set()
    for spec in TABLES:
        try:
            found = read_file(spec)
        except _Unreadable as exc:
            problems.append(Problem(spec.filename, None, None, str(exc)))
            unreadable.add(spec.name)
            continue
        if found is not None:
            files[spec.name], file_problems = found
            problems.extend(file_problems)
    return RawBundle(source, files, tuple(problems), frozenset(unreadable))


# --- CSV folders ---------------------------------------------------------------------


def _read_folder(folder: Path) -> RawBundle:
    def read_file(spec: TableSpec) -> tuple[RawTable, list[Problem]] | None:
        csv_path = folder / spec.filename
        return _read_csv(csv_path) if csv_path.is_file() else None

    return _read_files(folder, read_file)


def _read_csv(path: Path) -> tuple[RawTable, list[Problem]]:
    header = _csv_header(path)
    # Allowing line breaks in cells halves parsing speed, so first try without: a
    # quoted line break then splits its record into rows that are too short.
    table, skipped = _parse_csv(path, header, multiline=len(header) == 1, use_threads=True)
    if skipped:
        table, skipped = _parse_csv(path, header, multiline=True, use_threads=True)
    if any(row.number is None for row in skipped):
        # Threaded parsing cannot number bad rows; parse again in one thread.
        table, skipped = _parse_csv(path, header, multiline=True, use_threads=False)
    numbers = _row_numbers_without(table.num_rows, [_row_of(row) for row in skipped])
    problems = [_malformed_row_problem(path.name, row) for row in skipped]
    raw = _drop_blank_rows(table.rename_columns([name.strip() for name in header]), numbers)
    return raw, _cap_problems(problems, "cells do not match the header")


def _csv_header(path: Path) -> list[str]:
    """The header row, parsed by the csv module so quoted names work as in the data."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader(handle), None)
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not UTF-8 text: {exc.reason}") from exc
    except csv.Error as exc:
        raise _Unreadable(f"header row is not valid CSV: {exc}") from exc
    if not header:
        raise _Unreadable("file is empty: expected a header row")
    return header


def _parse_csv(
    path: Path, header: list[str], *, multiline: bool, use_threads: bool
) -> tuple[pa.Table, list[pacsv.InvalidRow]]:
    skipped: list[pacsv.InvalidRow] = []

    def skip(row: pacsv.InvalidRow) -> str:
        skipped.append(row)
        return "skip"

    read_options = pacsv.ReadOptions(use_threads=use_threads, block_size=_CSV_BLOCK_SIZE)
    # Blank lines are kept as empty rows so row numbers match the spreadsheet.
    parse_options = pacsv.ParseOptions(
        newlines_in_values=multiline, ignore_empty_lines=False, invalid_row_handler=skip
    )
    convert_options = pacsv.ConvertOptions(
        column_types={name: pa.string() for name in header},
        strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        null_values=[""],
    )
    try:
        table = pacsv.read_csv(path, read_options, parse_options, convert_options)
    except pa.ArrowInvalid as exc:
        raise _Unreadable(f"cannot be read as UTF-8 CSV: {exc}") from exc
    return table, skipped


def _row_of(row: pacsv.InvalidRow) -> int:
    if row.number is None:  # pragma: no cover - single-threaded parsing numbers every row
        raise _Unreadable("cannot number a malformed row")
    return int(row.number)


def _malformed_row_problem(filename: str, row: pacsv.InvalidRow) -> Problem:
    reason = f"row has {row.actual_columns} cells but the header has {row.expected_columns}"
    return Problem(filename, row.number, None, reason)


def _row_numbers_without(kept_rows: int, skipped: list[int]) -> RowNumbers | None:
    """Spreadsheet rows of the kept rows, given the spreadsheet rows that were skipped."""
    if not skipped:
        return None
    every_row = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + kept_rows + len(skipped))
    return np.setdiff1d(every_row, np.asarray(skipped, dtype=np.int64))


def _drop_blank_rows(table: pa.Table, numbers: RowNumbers | None) -> RawTable:
    """Leave out rows with no value at all (spreadsheets are full of them)."""
    if table.num_columns == 0 or table.num_rows == 0:
        return RawTable(table, numbers)
    filled = table.column(0).is_valid()
    for column in table.columns[1:]:
        filled = pc.or_(filled, column.is_valid())
    if pc.all(filled).as_py():
        return RawTable(table, numbers)
    if numbers is None:
        numbers = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + table.num_rows)
    keep = filled.to_numpy(zero_copy_only=False)
    return RawTable(table.filter(filled), numbers[keep])


# --- XLSX workbooks ------------------------------------------------------------------


def _read_workbook(path: Path) -> RawBundle:
    try:
        import openpyxl  # here: 0.1 s to import, and a CSV bundle never needs it

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        reason = f"not a readable workbook: {exc}"
        raise BundleError([Problem(path.name, None, None, reason)]) from exc

    def read_file(spec: TableSpec) -> tuple[RawTable, list[Problem]] | None:
        if spec.name not in workbook.sheetnames:
            return None
        return _read_sheet(workbook[spec.name])

    try:
        return _read_files(path, read_file)
    finally:
        workbook.close()


def _read_sheet(sheet: ReadOnlyWorksheet) -> tuple[RawTable, list[Problem]]:
    # iter_rows pads every row to the sheet's width, so a cell beyond the named
    # columns lands in an unnamed column (validate reports it if it holds values).
    rows = sheet.iter_rows(values_only=True)
    header_cells = next(rows, None)
    if header_cells is None or all(cell is None for cell in header_cells):
        raise _Unreadable("sheet is empty: expected a header row")
    header = [(cell_text(cell) or "").strip() for cell in header_cells]
    columns: list[list[str | None]] = [[] for _ in header]
    for cells in rows:
        _append_row(columns, cells)
    table = pa.table([pa.array(column, pa.string()) for column in columns], names=header)
    return _drop_blank_rows(table, None), []


def _append_row(columns: list[list[str | None]], cells: tuple[object, ...]) -> None:
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
