"""Nomination rounds over HTTP, on both stores: the steps, their refusals (409 naming the reason),
scope (a round outside it answers as one that does not exist), the nomination list XLSX."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.api.conftest import A, Api, Tokens

# The round opens on this day, named, so that certifying "on" it holds when the run crosses midnight.
TODAY = dt.date.today().isoformat()


def test_a_round_over_http(api: Api, tokens: Tokens) -> None:
    planner = api.as_(tokens.planner_a)
    opened = planner.post("/rounds", json={"target": "backbone@county", "org_id": A, "quota": 1,
                                                 "opens": TODAY})
    assert opened.status_code == 201, opened.text
    round_id = opened.json()["id"]
    assert opened.json()["status"] == "open" and opened.json()["events"][0]["action"] == "open"

    refused = planner.put(f"/rounds/{round_id}/nominations/T1")  # holds backbone@county already
    assert refused.status_code == 409 and "is not a candidate for backbone@county" in refused.json()["detail"]
    outside, missing = (planner.put(f"/rounds/{round_id}/nominations/{t}") for t in ("T5", "T9"))
    assert (outside.status_code, outside.content) == (missing.status_code, missing.content)
    assert outside.status_code == 404
    for teacher in ("T2", "T3"):
        assert planner.put(f"/rounds/{round_id}/nominations/{teacher}").status_code == 200

    hard = planner.post(f"/rounds/{round_id}/nominations/T3/decision",
                        json={"approve": True, "waive": ["NO-SUCH-RULE"], "reason": "x", "by": "王主任"})
    assert hard.status_code == 409
    assert "NO-SUCH-RULE is not a rule of backbone@county" in hard.json()["detail"]
    rejected = planner.post(f"/rounds/{round_id}/nominations/T2/decision",
                            json={"approve": False, "reason": "年限不足", "by": "王主任"})
    assert rejected.status_code == 200
    (t2,) = [n for n in rejected.json()["nominations"] if n["teacher_id"] == "T2"]
    assert (t2["status"], t2["approver"], t2["reason"]) == ("rejected", "王主任", "年限不足")

    other = api.as_(tokens.planner_b)
    seen, never = other.get(f"/rounds/{round_id}"), other.get("/rounds/R9999")
    assert (seen.status_code, seen.content) == (never.status_code, never.content) and seen.status_code == 404
    assert other.get("/rounds").json() == []

    researcher = api.as_(tokens.researcher)
    hidden = researcher.get(f"/rounds/{round_id}")
    assert hidden.status_code == 200
    assert {"T2", "T3"}.isdisjoint(n["teacher_id"] for n in hidden.json()["nominations"])
    assert all(n["approver"] is None and n["reason"] is None for n in hidden.json()["nominations"])
    assert researcher.put(f"/rounds/{round_id}/nominations/T4").status_code == 403

    planner = api.as_(tokens.planner_a)
    certified = planner.post(f"/rounds/{round_id}/certification", json={"on": TODAY})
    assert certified.status_code == 200 and certified.json()["status"] == "certified"
    assert planner.put(f"/rounds/{round_id}/nominations/T4").status_code == 409  # closed
    book = planner.get(f"/rounds/{round_id}/nomination-list", params={"lang": "zh"})
    assert book.status_code == 200
    sheet = load_workbook(io.BytesIO(book.content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("序号", "教师编号", "姓名") and {r[1] for r in rows[2:]} == {"T2", "T3"}
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "/rounds/{round_id}/nominations/{teacher_id}/decision" in paths
