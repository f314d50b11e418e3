"""Bounded input (issue 12, point 3): rows, cells, widths and unpacked sizes past the limits are
refused before they are parsed, with the file named; problems count their true total. The files
are small and built here; the limits are shrunk to fit them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.read import MAX_ROWS_PER_PROBLEM, UPLOAD_LIMITS, ReadLimits
from talentgraph.errors import BundleError, Problem
from tests.unit.bundle_helpers import MINIMAL, TODAY, VALID, write_csv_bundle


def refused(path: Path, limits: ReadLimits) -> list[Problem]:
    with pytest.raises(BundleError) as raised:
        load_bundle(path, today=TODAY, limits=limits)
    return raised.value.problems


def test_blank_lines_count_as_rows(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "training": "teacher_id,date,hours\n" + "\n" * 5000})
    [problem] = refused(tmp_path, ReadLimits(max_rows=1000))
    assert (problem.file, problem.row) == ("training.csv", None)
    assert problem.reason.startswith("the file has 5,000 lines after the header, more than a bundle file may")


def test_cells_and_width(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "training": "teacher_id,date,hours\n" + "T1,,\n" * 400})
    [problem] = refused(tmp_path, ReadLimits(max_cells=1000))
    assert "cells (400 lines x 3 columns)" in problem.reason
    wide = ",".join(f"c{i}" for i in range(30)) + "\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "training": wide})
    [problem] = refused(tmp_path, ReadLimits(max_columns=20))
    assert "the header has 30 columns" in problem.reason


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path: Path) -> None:
    write_csv_bundle(tmp_path, {**MINIMAL, "training": "teacher_id,date,hours\n" + "T1,2020-01-01,1\n" * 200})
    [problem] = refused(tmp_path, ReadLimits(max_file_bytes=1000))
    assert problem.file == "training.csv" and "more than a bundle file may" in problem.reason


def test_a_cell_longer_than_a_spreadsheet_cell(tmp_path: Path) -> None:
    teachers = "id,name,school_id\nT1,a,S1\nT2," + "x" * 200 + ",S1\n"
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": teachers})
    assert refused(tmp_path, ReadLimits(max_cell_chars=100)) == [
        Problem("teachers.csv", 3, "name", "the cell holds more than 100 characters")]


def _workbook_unpacking_to(path: Path, blank_bytes: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "orgs"
    sheet.append(["id", "kind"])
    sheet.append(["X1", "county"])
    workbook.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:  # a part that is nothing but padding
        archive.writestr("xl/media/padding.bin", b"\0" * blank_bytes)
    return path


def test_a_workbook_that_unpacks_too_big_is_refused_before_openpyxl_opens_it(tmp_path: Path) -> None:
    path = _workbook_unpacking_to(tmp_path / "b.xlsx", 3 << 20)
    assert path.stat().st_size < 100_000  # small to upload, big to unpack
    [problem] = refused(path, ReadLimits(max_total_bytes=2 << 20))
    assert problem == Problem("b.xlsx", None, None,
                              "the workbook unpacks to 3 MB, more than a bundle may (2 MB)")
    [problem] = refused(path, ReadLimits(max_file_bytes=1 << 20))
    assert problem.reason == "a part of the workbook unpacks to more than 1 MB"


def test_a_sheet_with_too_many_rows_stops_being_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "orgs"
    teachers = workbook.create_sheet("teachers")
    teachers.append(["id", "school_id"])
    for i in range(300):
        teachers.append([f"T{i}", "S1"])
    workbook.save(tmp_path / "b.xlsx")
    problems = refused(tmp_path / "b.xlsx", ReadLimits(max_rows=100))
    assert Problem("teachers.csv", None, None, "the sheet has more than 100 rows after the header, more "
                   "than a bundle sheet of this width may hold") in problems


def test_the_problem_count_is_the_true_total(tmp_path: Path) -> None:
    bad = "".join(f"T{i},x,S9\n" for i in range(MAX_ROWS_PER_PROBLEM + 700))
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,name,school_id\n" + bad})
    with pytest.raises(BundleError) as raised:
        load_bundle(tmp_path, today=TODAY)
    error = raised.value
    assert len(error.problems) == MAX_ROWS_PER_PROBLEM + 1
    assert error.total == MAX_ROWS_PER_PROBLEM + 700
    assert error.problems[-1].reason == "... and 700 more rows: unknown ids in orgs.csv"
    assert str(error).startswith(f"{MAX_ROWS_PER_PROBLEM + 700} problem(s) in bundle")


def test_malformed_rows_are_counted_too(tmp_path: Path) -> None:
    bad = "T1,a,S1,extra\n" * (MAX_ROWS_PER_PROBLEM + 5)
    write_csv_bundle(tmp_path, {**MINIMAL, "teachers": "id,name,school_id\n" + bad})
    with pytest.raises(BundleError) as raised:
        load_bundle(tmp_path, today=TODAY)
    assert raised.value.total == MAX_ROWS_PER_PROBLEM + 5
    assert all(p.row is not None or "more rows" in p.reason for p in raised.value.problems)


def test_the_upload_limits_fit_the_documented_budget() -> None:
    """docs/bundle-format.md "Limits" prints these numbers."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md").read_text(encoding="utf-8")
    limits = UPLOAD_LIMITS
    assert (limits.max_entries, limits.max_total_bytes, limits.max_file_bytes) == (200, 512 << 20, 256 << 20)
    shown_in_docs = ("| 200 |", "| 512 MB |", "| 256 MB |", "| 5,000,000 |", "| 200 columns |",
                     "| 40,000,000 |")
    for shown in shown_in_docs:
        assert shown in page


def test_valid_bundles_are_untouched_by_the_upload_limits(tmp_path: Path) -> None:
    roster = load_bundle(write_csv_bundle(tmp_path, VALID), today=TODAY, limits=UPLOAD_LIMITS)
    assert roster.count("teachers") == 3
