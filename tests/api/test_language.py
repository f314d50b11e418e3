"""Accept-Language: human-readable fields (reasons, evidence, notes, export headers and values) in
Chinese or English; machine fields (ids, enums, rule IDs) the same in both; one target grammar."""

from __future__ import annotations

import csv
import io
import re

import openpyxl

from tests.api.conftest import Api, Tokens

Q = {"target": "backbone@county", "as_of": "2026-09-01"}
ZH, EN = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}, {"Accept-Language": "en-GB"}
HAN = re.compile("[\u4e00-\u9fff]")


def _machine(body: dict[str, object]) -> dict[str, object]:
    checks = body["checks"]
    assert isinstance(checks, list)
    return {k: body[k] for k in ("teacher_id", "target", "verdict", "failed_rules", "unknown_rules")} | {
        "checks": [(c["rule"], c["check"], c["passed"], c["unknown"]) for c in checks]}


def test_explanations_speak_the_readers_language(embedded_api: Api, tokens: Tokens) -> None:
    client = embedded_api.as_(tokens.admin)
    plain = client.get("/teachers/T2/explanation", params=Q).json()
    english = client.get("/teachers/T2/explanation", params=Q, headers=EN).json()
    chinese = client.get("/teachers/T2/explanation", params=Q, headers=ZH).json()
    assert plain == english  # no header: English, as before
    assert _machine(chinese) == _machine(english)
    assert all(HAN.search(c["reason"]) for c in chinese["checks"])
    details = [e["detail"] for c in chinese["checks"] for e in c["evidence"]]
    assert details and all(HAN.search(d) for d in details if not d[0].isdigit() or "学时" in d)
    assert not any(HAN.search(c["reason"]) and "unknown" in c["reason"] for c in chinese["checks"])


def test_eligibility_pages_in_chinese_keep_their_machine_fields(embedded_api: Api, tokens: Tokens) -> None:
    client = embedded_api.as_(tokens.admin)
    english = client.get("/eligibility", params=Q).json()
    chinese = client.get("/eligibility", params=Q, headers=ZH).json()
    assert [_machine(v) for v in chinese["items"]] == [_machine(v) for v in english["items"]]
    assert chinese["counts"] == english["counts"]
    assert all(HAN.search(c["reason"]) for v in chinese["items"] for c in v["checks"])


def test_a_researchers_chinese_explanation_shows_pseudonyms_only(embedded_api: Api, tokens: Tokens) -> None:
    """The reworded ids (pseudonyms) reach the Chinese words too, not only the English ones."""
    chinese = embedded_api.as_(tokens.researcher).get("/teachers/T1/explanation", params=Q, headers=ZH)
    text = chinese.text
    assert chinese.status_code in (200, 404)
    assert not re.search(r"\bT[1-6]\b", text), text


def test_exports_in_chinese_for_excel(embedded_api: Api, tokens: Tokens) -> None:
    client = embedded_api.as_(tokens.admin)
    answer = client.get("/eligibility/export", params=Q, headers=ZH)
    assert answer.status_code == 200 and answer.headers["content-language"] == "zh-CN"
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows and {r["目标"] for r in rows} == {"县级骨干教师"} and {r["学校"] for r in rows} - {""}
    book = client.get("/eligibility/export", params=Q | {"format": "xlsx"}, headers=EN)
    sheet = openpyxl.load_workbook(io.BytesIO(book.content))["verdicts"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["teacher_id", "name", "school_id", "school"] and sheet.freeze_panes == "A2"
    assert sheet.max_row == len(rows) + 1


def test_one_target_grammar_over_http(embedded_api: Api, tokens: Tokens) -> None:
    client = embedded_api.as_(tokens.admin)
    grammar = client.get("/eligibility", params=Q).json()
    chinese_title = client.get("/eligibility", params=Q | {"target": "县级骨干教师"}).json()
    assert chinese_title == grammar
    with_track = client.get("/eligibility", params=Q | {"target": "famous@county/principal",
                                                        "policy": "jiangmen"})
    assert with_track.status_code == 200, with_track.text
    assert {v["target"] for v in with_track.json()["items"]} <= {"famous@county/principal"}
    clash = client.get("/eligibility", params=Q | {"target": "famous@county/principal",
                                                   "track": "head_teacher", "policy": "jiangmen"})
    assert clash.status_code == 422
