"""Cells that stay text when a spreadsheet opens them: the one guard against formula injection.

Text a user typed (a name through the API) must not run as a formula where someone opens the
file. In an XLSX workbook openpyxl stores text starting with ``=`` as a formula, so such text is
written as an explicit string cell. A CSV cell has no types: a spreadsheet evaluates a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, so exports
meant for spreadsheets prefix such a cell with a single quote (OWASP's advice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> object:
    """``value`` for ``sheet.append``: text starting with ``=`` as a plain string cell."""
    if isinstance(value, str) and value.startswith("="):
        # openpyxl would store this text as a formula; force a plain string cell.
        from openpyxl.cell import WriteOnlyCell  # here: only workbooks need openpyxl

        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as the text it is: a single quote before a formula start."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
