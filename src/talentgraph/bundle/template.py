"""An empty roster workbook for planners to fill in: every table a sheet with its headers (Chinese
ones under ``zh``), an instructions sheet, and a drop-down on every column with a fixed set of
values. What the drop-downs offer is what the reader reads back (``bundle/vocabulary.py``), and
the headers are the first names of ``domain/headers.py``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from talentgraph.bundle.vocabulary import FALSE_WORDS, TRUE_WORDS, offered_word
from talentgraph.domain.columns import ColType, Column, TableSpec
from talentgraph.domain.headers import TABLE_NAMES, header
from talentgraph.domain.tables import TABLES
from talentgraph.i18n import Words

ROWS = 5000  # rows the drop-downs cover; a planner with more copies the last row down
_BOLD = Font(bold=True)
_INSTRUCTIONS = {True: "说明", False: "instructions"}


# The tables planners fill in: those with Chinese names (not what talentgraph itself writes).
PLANNER_TABLES = tuple(spec for spec in TABLES if spec.name in TABLE_NAMES)


def sheet_name(spec: TableSpec, chinese: bool) -> str:
    return TABLE_NAMES[spec.name][0] if chinese else spec.name


def choices(column: Column, chinese: bool) -> list[str]:
    """What a column's drop-down offers (empty for a column without a fixed set of values)."""
    if column.type is ColType.BOOL:
        return [TRUE_WORDS[2], FALSE_WORDS[2]] if chinese else [TRUE_WORDS[0], FALSE_WORDS[0]]
    if column.type not in (ColType.ENUM, ColType.ENUM_LIST) or column.enum is None:
        return []
    members: list[StrEnum] = list(column.enum)
    if column.type is ColType.ENUM_LIST:  # roles: codes, as the facts read them
        return [member.value for member in members]
    offered = [offered_word(member) if chinese else member.value for member in members]
    return list(dict.fromkeys(offered))  # 合格 once, though two results are written so


def write_template(path: Path, words: Words) -> None:
    """Write the workbook to ``path`` (.xlsx) in the language of ``words``."""
    chinese = words.chinese
    workbook = openpyxl.Workbook()
    _instructions(workbook.active, words)
    for spec in PLANNER_TABLES:
        _table_sheet(workbook.create_sheet(sheet_name(spec, chinese)), spec, words)
    workbook.save(path)


def _table_sheet(sheet: Worksheet, spec: TableSpec, words: Words) -> None:
    chinese = words.chinese
    sheet.append([header(spec, column.name, chinese) for column in spec.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = _BOLD
        sheet.column_dimensions[letter].width = max(12, 2 * len(header(spec, column.name, chinese)) + 4)
        offered = choices(column, chinese)
        if not offered:
            continue
        # A ';'-separated list (roles) offers one code and takes several: no error for the rest.
        several = column.type is ColType.ENUM_LIST
        validation = DataValidation(type="list", formula1='"' + ",".join(offered) + '"', allow_blank=True,
                                    showErrorMessage=not several,
                                    error=words.gettext("Choose one of the list."),
                                    errorTitle=words.gettext("Not a value of this column"))
        validation.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(validation)


def _instructions(sheet: Worksheet, words: Words) -> None:
    chinese = words.chinese
    sheet.title = _INSTRUCTIONS[chinese]
    gettext = words.gettext
    lines = [
        gettext("talentgraph roster workbook"),
        gettext("Fill in one sheet per table; keep the header row. Only orgs and teachers are required; "
                "leave a sheet empty if you have nothing for it."),
        gettext("Dates: 2025-08-20, 2025/8/20 or 2025年8月20日, or a date cell. Yes/no columns: 是/否, "
                "true/false, 1/0 or Y/N."),
        gettext("Columns with a drop-down take one of its values. Roles are English codes separated by ';' "
                "(principal; researcher; subject_leader)."),
        gettext("This sheet is not read. A sheet, file or column the format does not know is reported "
                "when the workbook is checked (talentgraph validate, or the upload page), never dropped "
                "silently."),
        "",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([gettext("Sheet"), gettext("Column"), gettext("Required"), gettext("Values")])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for spec in PLANNER_TABLES:
        for column in spec.columns:
            sheet.append([sheet_name(spec, chinese), header(spec, column.name, chinese),
                          gettext("yes") if column.required else "",
                          " / ".join(choices(column, chinese)) or _kind(column, words)])
    for letter, width in zip("ABCD", (16, 18, 8, 70), strict=True):
        sheet.column_dimensions[letter].width = width


def _kind(column: Column, words: Words) -> str:
    """What a column without a drop-down holds, in a word."""
    gettext = words.gettext
    return {
        ColType.DATE: gettext("a date"),
        ColType.NUMBER: gettext("a number"),
        ColType.INT: gettext("a whole number"),
        ColType.ID: gettext("an id"),
        ColType.ENUM_LIST: gettext("codes separated by ';'"),
    }.get(column.type, gettext("text"))
