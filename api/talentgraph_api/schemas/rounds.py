"""Bodies and answers of the nomination round routes (docs/decisions-rounds.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from talentgraph.domain.enums import Track
from talentgraph.domain.rounds import EventView, NominationView, RoundView
from talentgraph_api.schemas.strict import StrictInput


class RoundIn(StrictInput):
    """A round to open: run by ``org_id``, an org of the target's level."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "target": "backbone@county", "track": "teacher", "org_id": "C01-K01", "quota": 3,
        "opens": "2026-09-01", "closes": None, "as_of": None, "policy": None}]})

    target: str = Field(min_length=3, max_length=40, description="TIER@LEVEL, e.g. backbone@city")
    track: Track = Track.TEACHER
    org_id: str = Field(min_length=1, max_length=64)
    quota: int = Field(ge=0, le=100_000)
    opens: dt.date | None = Field(None, description="Opening date (default today).")
    closes: dt.date | None = Field(None, description="Closing date (default none).")
    as_of: dt.date | None = Field(None, description="The date verdicts are judged on (default: opens).")
    policy: str | None = Field(None, max_length=64, description="A built-in policy (default: the server's).")


class DecisionIn(StrictInput):
    """Approve (waiving named 原则上 rules the verdict fails) or reject a nomination."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "approve": True, "waive": ["JM-LEVEL"], "reason": "本区名额已满，经局务会研究同意推荐",
        "by": "王主任"}]})

    approve: bool
    waive: list[str] = Field(default_factory=list, max_length=50)
    reason: str = Field(min_length=1, max_length=2000)
    by: str = Field(min_length=1, max_length=200, description="Who decides (recorded).")


class CertificationIn(StrictInput):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"on": "2026-09-01"}]})

    on: dt.date = Field(description="The award date of the titles.")


class RoundOut(RoundView):
    """A round: its fields, state, nominations and audit trail (``events``)."""


class RoundSummaryOut(BaseModel):
    id: str
    target: str
    org_id: str
    quota: int
    approved: int
    status: str


__all__ = ["CertificationIn", "DecisionIn", "EventView", "NominationView", "RoundIn", "RoundOut",
           "RoundSummaryOut"]
