"""The entity models: validation a single record gets (API writes, explanations)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from talentgraph.domain.enums import Level, Tier
from talentgraph.domain.models import Review, Teacher, Title, TrainingRecord
from talentgraph.domain.target import Target
from talentgraph.errors import InvalidTarget


def test_title_valid_on_respects_award_and_lapse_dates() -> None:
    title = Title(teacher_id="T1", tier=Tier.BACKBONE, level=Level.COUNTY,
                  awarded_on=dt.date(2022, 6, 1), valid_until=dt.date(2025, 5, 31))
    assert not title.valid_on(dt.date(2022, 5, 31))
    assert title.valid_on(dt.date(2022, 6, 1))
    assert title.valid_on(dt.date(2025, 5, 31))
    assert not title.valid_on(dt.date(2025, 6, 1))


def test_review_result_must_fit_its_kind() -> None:
    Review(teacher_id="T1", year=2025, kind="ethics", result="fail")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not a ethics result|is not a ethics result"):
        Review(teacher_id="T1", year=2025, kind="ethics", result="excellent")  # type: ignore[arg-type]


def test_training_hours_must_be_positive() -> None:
    with pytest.raises(ValidationError, match="hours"):
        TrainingRecord(teacher_id="T1", date=dt.date(2025, 1, 1), hours=0, kind="online")  # type: ignore[arg-type]


def test_teacher_defaults_to_active_and_rejects_unknown_fields() -> None:
    assert Teacher(id="T1", name="王芳", school_id="S1").status.value == "active"
    with pytest.raises(ValidationError, match="colour"):
        Teacher(id="T1", name="王芳", school_id="S1", colour="red")  # type: ignore[call-arg]


@pytest.mark.parametrize("text", ["backbone", "backbone@town", "guru@city", "@city"])
def test_bad_targets_explain_the_expected_form(text: str) -> None:
    with pytest.raises(InvalidTarget, match="TIER@LEVEL|tier must be one of"):
        Target.parse(text)


def test_ladders_compare_in_rank_order_not_alphabetically() -> None:
    assert Tier.EMERGING < Tier.BACKBONE < Tier.FAMOUS  # alphabetically backbone < emerging
    assert Level.COUNTY < Level.CITY  # alphabetically city < county
    assert Level.CITY.below() is Level.COUNTY and Level.SCHOOL.below() is None
