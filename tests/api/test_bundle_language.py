"""POST /bundle answers in the reader's language (Accept-Language; issue 12): each problem,
warning and notice's ``reason`` in Chinese or English, its file, row and column as data."""

from __future__ import annotations

import re
from pathlib import Path

from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import canonical
from tests.api.conftest import Api, Tokens, two_teachers, zipped

ZH, EN = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}, {"Accept-Language": "en"}
HAN = re.compile("[\u4e00-\u9fff]")


def _files(tmp_path: Path) -> dict[str, bytes | str]:
    return two_teachers(tmp_path / "b")


def _with_first_teacher(files: dict[str, bytes | str], **cells: str) -> dict[str, bytes | str]:
    """``files`` with the first teacher's ``cells`` (column: value) changed."""
    teachers = files["teachers.csv"]
    assert isinstance(teachers, bytes)
    header, first, *rest = teachers.decode("utf-8-sig").splitlines()
    row = first.split(",")
    for column, value in cells.items():
        row[header.split(",").index(column)] = value
    return files | {"teachers.csv": "\n".join([header, ",".join(row), *rest]) + "\n"}


def test_warnings_in_the_readers_language(embedded_api: Api, tokens: Tokens, tmp_path: Path) -> None:
    files = _files(tmp_path)
    files["Training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    client = embedded_api.as_(tokens.admin)
    chinese = client.post("/bundle", files={"file": ("b.zip", zipped(files))}, headers=ZH).json()
    english = client.post("/bundle", files={"file": ("b.zip", zipped(files))}, headers=EN).json()
    said = {(w["file"], w["row"], w["column"]): w["reason"] for w in chinese["warnings"]}
    assert said[("training.csv", 1, "pass")] == ("不是 training.csv 的列：按文本保留，未读取"
                                                 "（您是否指 '合格'？）")
    notices = {(n["file"], n["reason"]) for n in chinese["notices"]}
    assert ("Training.csv", "已按 training.csv 读取") in notices
    assert all(HAN.search(p["reason"]) for p in chinese["warnings"] + chinese["notices"])
    assert [(w["file"], w["row"], w["column"]) for w in english["warnings"]] == list(said)
    assert english["warnings"][0]["reason"] == ("not a column of training.csv: kept as text, not read "
                                                "(did you mean 'passed'?)")


def test_problems_in_the_readers_language(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                          roster: Roster, tmp_path: Path) -> None:
    files = _with_first_teacher(_files(tmp_path), entry_date="2025-02-30", school_id="NOWHERE")
    client = embedded_api.as_(tokens.admin)
    chinese = client.post("/bundle", files={"file": ("b.zip", zipped(files))}, headers=ZH)
    english = client.post("/bundle", files={"file": ("b.zip", zipped(files))})  # no header: English
    assert chinese.status_code == english.status_code == 422
    assert chinese.json()["detail"] == "2 个问题；未写入任何内容"
    reasons = {p["column"]: p["reason"] for p in chinese.json()["problems"]}
    assert reasons == {
        "entry_date": "'2025-02-30' 不是日期：应为 2025-08-20、2025/8/20 或 2025年8月20日 这样的日期",
        "school_id": "'NOWHERE' 不是 orgs.csv 中的编号"}
    assert {p["column"]: p["reason"] for p in english.json()["problems"]} == {
        "entry_date": "'2025-02-30' is not a date: expected a date such as 2025-08-20, 2025/8/20 or "
                      "2025年8月20日",
        "school_id": "'NOWHERE' is not an id in orgs.csv"}
    assert [(p["file"], p["row"]) for p in chinese.json()["problems"]] == \
        [(p["file"], p["row"]) for p in english.json()["problems"]] == [("teachers.csv", 2)] * 2
    assert bool(canonical(embedded.roster()).equals(canonical(roster)))


def test_a_refused_bundle_answers_its_warnings_and_notices_too(
        embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore, roster: Roster, tmp_path: Path) -> None:
    """Problems, then what would not have been read and what is worth a look: all in one answer, so
    the uploader does not learn of a misspelt column only after mending the date."""
    files = _with_first_teacher(_files(tmp_path), entry_date="2025-02-30")
    files["Training.csv"] = "teacher_id,date,hours,pass\nN1,2024-01-01,10,false\n"
    client = embedded_api.as_(tokens.admin)
    for headers, problem, warning, notice in (
            (ZH, "'2025-02-30' 不是日期：应为 2025-08-20、2025/8/20 或 2025年8月20日 这样的日期",
             "不是 training.csv 的列：按文本保留，未读取（您是否指 '合格'？）", "已按 training.csv 读取"),
            (EN, "'2025-02-30' is not a date: expected a date such as 2025-08-20, 2025/8/20 or 2025年8月20日",
             "not a column of training.csv: kept as text, not read (did you mean 'passed'?)",
             "read as training.csv")):
        answer = client.post("/bundle", files={"file": ("b.zip", zipped(files))}, headers=headers)
        assert answer.status_code == 422
        body = answer.json()
        assert [(p["file"], p["row"], p["column"], p["reason"]) for p in body["problems"]] == \
            [("teachers.csv", 2, "entry_date", problem)]
        assert ("training.csv", 1, "pass", warning) in \
            [(w["file"], w["row"], w["column"], w["reason"]) for w in body["warnings"]]
        assert ("Training.csv", notice) in [(n["file"], n["reason"]) for n in body["notices"]]
    strict = client.post("/bundle?strict=true", files={"file": ("b.zip", zipped(files))}, headers=EN).json()
    assert strict["warnings"] == []  # strict: the warning is a problem, listed once
    assert ("training.csv", 1, "pass") in [(p["file"], p["row"], p["column"]) for p in strict["problems"]]
    assert bool(canonical(embedded.roster()).equals(canonical(roster)))
