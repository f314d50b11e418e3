"""Bundle problems, warnings and notices are messages (an id and parameters), worded at the edge
in the reader's language; errors raised deep in the code carry theirs (issue 12)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from talentgraph.domain.message import N_, Header, message
from talentgraph.errors import Problem, Refused, problem
from talentgraph.i18n import Words
from tests.unit.bundle_helpers import VALID, problems_in, write_csv_bundle

SRC = Path(__file__).resolve().parents[2] / "src" / "talentgraph"
# Where problems of a spreadsheet are made: each is built from a message, never from English text.
MAKERS = [SRC / "bundle" / "read.py", SRC / "bundle" / "validate.py", SRC / "services" / "bundles.py",
          SRC / "services" / "writes.py", SRC / "services" / "refs.py"]
CHINESE, ENGLISH = Words.of("zh_CN"), Words.of("en")


@pytest.mark.parametrize("path", MAKERS, ids=lambda p: p.name)
def test_problems_are_made_from_messages(path: Path) -> None:
    made = [node.lineno for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "Problem"]
    assert made == [], f"{path.name}: build problems with errors.problem(..., message(N_(...)))"


def test_every_problem_of_a_broken_bundle_is_worded_in_chinese(tmp_path: Path) -> None:
    files = dict(VALID)
    files["teachers"] = (files["teachers"].replace("2015-09-01", "2015/13/01").replace("junior", "高中部")
                         .replace("T3,王五", "T2,王五"))
    files["titles"] = files["titles"].replace("X1,2019", "X7,2019")
    files["mentorships"] = "mentor_id,mentee_id,kind,start_date\nT1,T1,subject,2022-01-01\n"
    found = problems_in(write_csv_bundle(tmp_path / "b", files))
    assert len(found) >= 4 and all(p.said is not None for p in found)
    for p in found:
        assert CHINESE.problem_reason(p) != p.reason and ENGLISH.problem_reason(p) == p.reason


def test_columns_are_named_by_their_chinese_headers() -> None:
    key = problem("reviews.csv", 3, "teacher_id, year, kind", message(N_("required value is empty")))
    assert CHINESE.problem(key) == "reviews.csv 第 3 行【教师编号、年度、考核类型】：必填值为空"
    assert ENGLISH.problem(key) == "reviews.csv:3 [teacher_id, year, kind]: required value is empty"
    unknown = Problem("training.csv", 1, "pass", "as written")  # a header that is no column: as written
    assert CHINESE.problem(unknown) == "training.csv 第 1 行【pass】：as written"
    said = message(N_("bad {column} values"), column=Header("teachers", "entry_date"))
    assert CHINESE.render(said) == "入职日期的值有误" and str(said) == "bad entry_date values"


def test_an_error_carries_its_message() -> None:
    refused = Refused(message(N_("round {round} is full: {n} of its quota of {quota} already approved"),
                              round="R1", n=3, quota=3))
    assert str(refused) == "round R1 is full: 3 of its quota of 3 already approved"  # the API, the audit
    assert CHINESE.error(refused) == "轮次 R1 名额已满：名额 3 个，已批准 3 人"
    assert CHINESE.error(Refused("an English sentence")) == "an English sentence"
