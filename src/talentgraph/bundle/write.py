"""Write a ``Roster`` as a roster bundle: a folder of CSV files or one .xlsx workbook.

The output reads back (read_bundle + validate) to an equal Roster: dates are
ISO, booleans true/false, null an empty cell, and floats are written in the
shortest form that parses back to the same number ("90", "1.5").
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from talentgraph.bundle.read import XLSX_SUFFIX
from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.roster import Roster, texts_of
from talentgraph.spreadsheet import xlsx_cell

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet


def write_bundle(roster: Roster, path: Path) -> None:
    """Write the roster's files (those in ``roster.present``, plus orgs and teachers).

    A path ending in .xlsx gets one workbook with a sheet per file; any other
    path is a folder of CSV files. Files appear whole or not at all.
    """
    names = files_to_write(roster)
    if path.suffix.lower() == XLSX_SUFFIX:
        _write_workbook(roster, names, path)
    else:
        _write_folder(roster, names, path)


def files_to_write(roster: Roster) -> list[str]:
    """File stems in load order: the bundle's own files, and always the required ones."""
    return [n for n in FILE_ORDER if n in roster.present or SPECS[n].required_file]


def as_text(table: pa.Table) -> pa.Table:
    """Every column as strings, the way the bundle format writes values."""
    # Arrow's casts already give ISO dates, true/false and shortest round-trip floats.
    # One chunk per column: pyarrow 26's CSV writer writes NUL bytes for a table whose first
    # chunk is empty (a node row updated in place, store/changes.merge_rows, makes one).
    columns = [column.cast(pa.string()).combine_chunks() for column in table.columns]
    return pa.Table.from_arrays(columns, names=table.column_names)


# --- CSV folders --------------------------------------------------------------------------


def _write_folder(roster: Roster, names: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Stage beside the target (same file system) so each file moves in by an atomic rename.
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name in names:
            _write_csv(as_text(roster[name]), staging / SPECS[name].filename)
        for name in names:
            os.replace(staging / SPECS[name].filename, folder / SPECS[name].filename)
        _remove_stale_files(folder, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_csv(table: pa.Table, path: Path) -> None:
    # pyarrow quotes either every string or none; spreadsheets quote only cells
    # that need it, so leave quotes off unless some cell needs them.
    style = "needed" if _needs_quotes(table) else "none"
    with path.open("wb") as handle:
        handle.write(_header_line(table.column_names))
        pacsv.write_csv(table, handle, pacsv.WriteOptions(include_header=False, quoting_style=style))
    _fsync(path)


def _header_line(names: list[str]) -> bytes:
    """The header row, quoting only names that need it (pyarrow quotes every name)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    return buffer.getvalue().encode("utf-8")


def _needs_quotes(table: pa.Table) -> bool:
    special = r'[",\r\n]'
    return any(
        pc.any(pc.match_substring_regex(text, special)).as_py() or False
        for col in table.columns
        for text in texts_of(col)  # an encoded column: its dictionary
    )


def _fsync(path: Path) -> None:
    """Flush a file to disk before it is renamed into place."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _remove_stale_files(folder: Path, written: list[str]) -> None:
    """Drop bundle files an earlier write left that this roster does not have."""
    for name in FILE_ORDER:
        if name not in written:
            with contextlib.suppress(FileNotFoundError):
                (folder / SPECS[name].filename).unlink()


# --- XLSX workbooks -----------------------------------------------------------------------


def _write_workbook(roster: Roster, names: list[str], path: Path) -> None:
    import openpyxl  # here: 0.1 s to import, and CSV folders never need it

    workbook = openpyxl.Workbook(write_only=True)
    for name in names:
        _write_sheet(workbook.create_sheet(name), roster[name])
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=XLSX_SUFFIX, dir=path.parent)
    os.close(handle)
    try:
        workbook.save(staging)
        _fsync(Path(staging))
        os.replace(staging, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staging)


def _write_sheet(sheet: WriteOnlyWorksheet, table: pa.Table) -> None:
    """Typed cells (dates, numbers, booleans) so the sheet is pleasant in a spreadsheet."""
    sheet.append(table.column_names)
    for row in _rows(table):
        sheet.append([xlsx_cell(sheet, value) for value in row])


def _rows(table: pa.Table) -> Iterator[tuple[object, ...]]:
    for batch in table.to_batches(max_chunksize=10_000):
        yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)
