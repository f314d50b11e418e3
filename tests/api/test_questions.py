"""Questions over HTTP on both stores: eligibility pages, explanations, pipelines, exports, and what a
researcher sees (pseudonyms, the same on every endpoint)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl

from talentgraph.domain.target import Target
from talentgraph.keys import Keys
from talentgraph.policy.load import load_policy
from talentgraph.records_model import record_ids
from talentgraph.services import Scope, Services
from talentgraph.store.protocol import TalentStore
from tests.api.conftest import Api, Tokens

AS_OF = "2026-09-01"
Q = {"target": "backbone@county", "as_of": AS_OF}


def test_eligibility_matches_the_service_page_by_page(api: Api, tokens: Tokens, store: TalentStore) -> None:
    client = api.as_(tokens.admin)
    questions = Services.over(store, policy=load_policy("reference")).questions
    sweep = questions.eligibility(Scope.everything(), Target.parse("backbone@county"),
                                  dt.date.fromisoformat(AS_OF))
    expected = [v.teacher_id for v in sweep]
    body = client.get("/eligibility", params=Q).json()
    assert [v["teacher_id"] for v in body["items"]] == expected and body["total"] == len(expected)
    assert body["counts"] == {k.value: n for k, n in sweep.counts().items()}
    paged = [v["teacher_id"] for o in range(0, len(expected), 2)
             for v in client.get("/eligibility", params=Q | {"limit": 2, "offset": o}).json()["items"]]
    assert paged == expected
    for verdict in ("eligible", "review", "ineligible"):
        only = client.get("/eligibility", params=Q | {"verdict": verdict}).json()["items"]
        assert {v["verdict"] for v in only} <= {verdict}
        assert len(only) == body["counts"][verdict]


def test_bad_questions_are_422(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)
    for params in ({"target": "backbone"}, {"target": "guru@county"}, {"target": "famous@national"},
                   Q | {"as_of": "yesterday"}, Q | {"verdict": "maybe"}, Q | {"policy": "nowhere"}):
        answer = client.get("/eligibility", params=params)
        assert answer.status_code == 422, (params, answer.text)
        assert answer.json()["problems"], params


def test_explanation_has_every_check_and_its_evidence(api: Api, tokens: Tokens, store: TalentStore) -> None:
    client = api.as_(tokens.planner_a)
    body = client.get("/teachers/T2/explanation", params=Q).json()
    questions = Services.over(store, policy=load_policy("reference")).questions
    verdict = questions.explanation(Scope.everything(), "T2", Target.parse("backbone@county"),
                                    dt.date.fromisoformat(AS_OF))
    assert body["verdict"] == verdict.verdict.value
    assert [(c["rule"], c["passed"], c["reason"]) for c in body["checks"]] == \
        [(c.rule, c.passed, c.reason) for c in verdict.checks]
    assert [len(c["evidence"]) for c in body["checks"]] == [len(c.evidence) for c in verdict.checks]
    held = client.get("/teachers/T1/explanation", params=Q).json()
    assert held["candidate"] is False and "already holds" in held["note"]


def test_pipeline_of_an_org(api: Api, tokens: Tokens) -> None:
    body = api.as_(tokens.planner_a).get("/orgs/C1-K1/pipeline", params={"as_of": AS_OF}).json()
    assert body["teachers"] == 3  # T4 has left
    assert {"track": "teacher", "tier": "backbone", "level": "county", "count": 1} in body["holders"]
    step = next(s for s in body["steps"] if s["target"] == "backbone@county")
    assert step["holders"] == 1 and step["eligible"] + step["review"] + step["ineligible"] == 2


def test_exports_csv_and_xlsx(api: Api, tokens: Tokens) -> None:
    client = api.as_(tokens.admin)
    listed = client.get("/eligibility", params=Q).json()["items"]
    answer = client.get("/eligibility/export", params=Q)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert answer.content.startswith("\ufeff".encode())  # for Excel on Chinese Windows (docs/cli.md)
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert [r["teacher_id"] for r in rows] == [v["teacher_id"] for v in listed]
    assert [r["verdict"] for r in rows] == [v["verdict"] for v in listed]
    xlsx = client.get("/eligibility/export", params=Q | {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "teacher_id" and [r[0] for r in values[1:]] == [v["teacher_id"] for v in listed]


def test_researchers_see_pseudonyms_the_same_everywhere(api: Api, tokens: Tokens, store: TalentStore,
                                                        home: Path) -> None:
    client = api.as_(tokens.researcher)
    teachers = client.get("/teachers").json()["items"]
    assert all(t["id"].startswith("P-") and t["name"] == t["id"] for t in teachers)
    by_school = {t["school_id"]: t["id"] for t in teachers if t["school_id"] == "C1-K1-S2"}
    t2 = by_school["C1-K1-S2"]  # T2 is the only teacher of the rural school
    assert client.get(f"/teachers/{t2}").json()["id"] == t2
    assert client.get("/teachers/T2").status_code == 404  # real ids do not work for researchers
    swept = client.get("/eligibility", params=Q).json()["items"]
    assert t2 in {v["teacher_id"] for v in swept} and all(v["name"].startswith("P-") for v in swept)
    explained = client.get(f"/teachers/{t2}/explanation", params=Q)
    assert explained.json()["teacher_id"] == t2
    assert "T1" not in explained.text and "教师T" not in explained.text  # names, not quotes
    mentorships = client.get(f"/teachers/{t2}/mentorships").json()["items"]
    assert mentorships[0]["mentee_id"] == t2 and mentorships[0]["mentor_id"].startswith("P-")
    # Record ids are an HMAC of the row with the server's key, for every role: the admin's and the
    # researcher's agree, and nobody without the key can compute one from a guessed row.
    admin_ids = [r["record_id"] for r in api.as_(tokens.admin).get("/teachers/T2/training").json()["items"]]
    client = api.as_(tokens.researcher)
    keyed = [r["record_id"] for r in client.get(f"/teachers/{t2}/training").json()["items"]]
    rows = store.rows_of(["T2"], ("training",))["training"].to_pylist()
    assert keyed == admin_ids and set(keyed) == set(record_ids("training", rows, Keys.of_home(home).record))
    assert not set(keyed) & set(record_ids("training", rows, b"a guessed key"))
    exported = client.get("/eligibility/export", params=Q).text
    assert t2 in exported and "教师T" not in exported
    admin = api.as_(tokens.admin).get("/eligibility/export", params=Q).text
    assert "教师T2" in admin


def test_verdicts_carry_each_check_s_sources(api: Api, tokens: Tokens) -> None:
    """Every check shows its source (issue 11 point 3): the JSON gives each check the rules it cites
    with the seed's sentence and gloss; the CSV export names the failed or unknown rules and quotes them."""
    from talentgraph.domain.rules import BY_ID

    client = api.as_(tokens.admin)
    items = client.get("/eligibility", params=Q).json()["items"]
    checks = [c for v in items for c in v["checks"]]
    assert checks and all([s["rule"] for s in c["sources"]] == c["rules"] and c["rules"][0] == c["rule"]
                          for c in checks)
    cited = [s for c in checks for s in c["sources"] if s["rule"] in BY_ID]
    assert cited and all(s["quote"] == BY_ID[s["rule"]].text and s["gloss"] for s in cited)
    explained = client.get("/teachers/T2/explanation", params=Q).json()
    assert all(c["sources"] for c in explained["checks"])
    exported = client.get("/eligibility/export", params=Q).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    for row in rows:
        for rule in filter(None, (row["failed_rules"] + ";" + row["unknown_rules"]).split(";")):
            if rule in BY_ID:
                assert f"{rule} «{BY_ID[rule].text}»" in row["sources"]
