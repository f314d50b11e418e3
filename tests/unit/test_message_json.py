"""A verdict frozen as JSON (a round's nomination and decision keep one) reads back: each message
as its id and parameters (worded again in the reader's language), braces and all; one frozen by
an earlier version, which kept each message's English wording only, reads back as that wording."""

from __future__ import annotations

import datetime as dt
import json

from talentgraph.domain.enums import Level, Tier
from talentgraph.domain.message import Message, message
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Evidence, Verdict, VerdictKind
from talentgraph.i18n import CHINESE, Words


def test_a_verdict_with_messages_reads_back_from_json() -> None:
    said = message("{hours} h in {year}, needs >= {need} h", hours=83.5, year=2025, need=90)
    odd = message("a name with {braces}: {name}", braces="{x}", name="张{伟}")
    check = CheckResult(rule="JM-HOURS", check="annual_hours", passed=False, hard=True, reason=str(said),
                        message=said, evidence=(Evidence.said("training", odd),))
    verdict = Verdict(teacher_id="T1", name="张伟", school_id="S1", target=Target.parse("backbone@county"),
                      as_of=dt.date(2026, 9, 1), policy="reference", verdict=VerdictKind.INELIGIBLE,
                      checks=(check,))
    back = Verdict.model_validate_json(verdict.model_dump_json())
    assert str(back.checks[0].message) == "83.5 h in 2025, needs >= 90 h" == back.checks[0].reason
    assert str(back.checks[0].evidence[0].message) == "a name with {x}: 张{伟}"
    assert back.checks[0].message == said and back.checks[0].evidence[0].message == odd
    assert back.model_dump_json() == verdict.model_dump_json()


def test_every_kind_of_parameter_reads_back_as_it_was() -> None:
    """Text, numbers, dates, domain enums (worded by the reader's vocabulary), tuples of them and
    messages inside messages come back as the same values, so a Chinese reader reads Chinese."""
    inner = message("{tier} at {level}", tier=Tier.BACKBONE, level=Level.COUNTY)
    said = message("{a} {b} {c} {d} {e} {f} {g}", a="T1", b=3, c=2.5, d=dt.date(2026, 9, 1),
                   e=(Level.SCHOOL, Level.COUNTY), f=inner, g=float("nan"))
    back = Message.from_stored(json.loads(json.dumps(said.stored())))
    assert back.params["a"] == "T1" and back.params["b"] == 3 and back.params["c"] == 2.5
    assert back.params["d"] == dt.date(2026, 9, 1) and back.params["e"] == (Level.SCHOOL, Level.COUNTY)
    assert back.params["f"] == inner and back.params["g"] != back.params["g"]  # NaN stays NaN
    chinese = Words.of(CHINESE)
    assert chinese.render(back.params["f"]) == chinese.render(inner)  # type: ignore[arg-type]
    assert "县级" in chinese.render(back.params["f"])  # type: ignore[arg-type]


def test_a_verdict_frozen_by_an_earlier_version_reads_back_in_english() -> None:
    """Before messages were stored with their ids, a frozen verdict kept each one's English
    wording: it reads back as that wording, in every language (nothing to translate it from)."""
    old = json.dumps({
        "teacher_id": "T1", "name": "张伟", "school_id": "S1",
        "target": {"tier": "backbone", "level": "county", "track": "teacher"}, "as_of": "2026-09-01",
        "policy": "reference", "verdict": "ineligible",
        "checks": [{"rule": "JM-HOURS", "check": "annual_hours", "passed": False, "hard": True,
                    "reason": "83.5 h in 2025, needs >= 90 h", "message": "83.5 h in 2025, needs >= 90 h",
                    "evidence": [{"kind": "training", "detail": "a {x}", "message": "a {x}"}]}],
        "note_message": None})
    back = Verdict.model_validate_json(old)
    check = back.checks[0]
    assert str(check.message) == check.reason == "83.5 h in 2025, needs >= 90 h"
    assert Words.of(CHINESE).reason(check) == "83.5 h in 2025, needs >= 90 h"
    assert Words.of(CHINESE).detail(check.evidence[0]) == "a {x}"
    assert Verdict.model_validate_json(back.model_dump_json()) == back  # and is stored again as ids
