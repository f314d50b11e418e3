"""The CLI's verdict files: text a user typed stays text in the workbook someone opens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from rich.console import Console

from talentgraph.cli.output import write_verdicts
from talentgraph.domain.target import Target
from talentgraph.i18n import ENGLISH, Words
from talentgraph.policy.load import load_policy
from talentgraph.services import Scope, Services
from talentgraph.store.embedded import EmbeddedStore
from tests.factories import Region

NAMES = ('=HYPERLINK("http://x.test","x")', "=1+1")


def test_write_verdicts_xlsx_keeps_text_starting_with_equals_as_text(tmp_path: Path) -> None:
    store = EmbeddedStore(Region().teacher("T1").teacher("T2").roster())
    questions = Services.over(store, policy=load_policy("reference")).questions
    verdicts = [questions.explanation(Scope.everything(), t, Target.parse("backbone@county"),
                                      dt.date(2026, 9, 1)).model_copy(update={"name": name})
                for t, name in zip(("T1", "T2"), NAMES, strict=True)]
    write_verdicts(verdicts, "xlsx", tmp_path / "v.xlsx", Console(), Words.of(ENGLISH), {})
    sheet = openpyxl.load_workbook(tmp_path / "v.xlsx")["verdicts"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == list(NAMES) and all(c.data_type == "s" for c in cells)
