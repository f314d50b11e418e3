"""A verdict frozen as JSON (a round's nomination and decision keep one) reads back: each message
becomes its English wording, braces and all."""

from __future__ import annotations

import datetime as dt

from talentgraph.domain.message import message
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Evidence, Verdict, VerdictKind


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
    assert back.model_dump_json() == verdict.model_dump_json()
