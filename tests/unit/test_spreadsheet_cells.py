"""The formula guard of CSV cells (spreadsheet.csv_cell): text that would run is quoted; a plain
number (a negative headroom) stays a number."""

from __future__ import annotations

import pytest

from talentgraph.spreadsheet import csv_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "-2-3", "@SUM(A1)", "\tx", "-", "-1e5", "-1,5"])
def test_text_that_a_spreadsheet_would_run_is_quoted(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-1", "-0.5", "7", "3.25", "张三", "TX-RATIO", ""])
def test_numbers_and_plain_text_stay_as_they_are(text: str) -> None:
    assert csv_cell(text) == text
