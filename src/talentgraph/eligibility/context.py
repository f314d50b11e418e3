"""What a check needs besides the facts: the question being asked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.facts import Orgs
from talentgraph.policy.schema import LevelRef


@dataclass(frozen=True)
class Context:
    target: Target
    as_of: dt.date
    hours_per_day: float = 8.0
    orgs: Orgs | None = None  # to name organisations in reasons (JM-LEVEL's awarding org)

    def org_text(self, row: int) -> str:
        """``新会区 (C1-K1)`` for an org row, or its row number if no org table is at hand."""
        if self.orgs is None or row < 0:
            return f"org #{row}"
        return f"{self.orgs.names[row]} ({self.orgs.ids[row]})"

    @property
    def day(self) -> int:
        return day_number(self.as_of)

    def level(self, ref: LevelRef | None) -> Level | None:
        """Resolve a check's level: absolute, 'target', or 'below' the target."""
        if ref is None or isinstance(ref, Level):
            return ref
        if ref == "target":
            return self.target.level
        return self.target.level.below()

    def tier(self, ref: Tier | str) -> Tier:
        return self.target.tier if ref == "target" else Tier(ref)

    def tracks(self, tracks: list[Track] | None) -> list[Track]:
        return tracks if tracks is not None else [self.target.track]


@dataclass
class Outcome:
    """A check over a population: passed / unknown per teacher, plus measures for reasons."""

    passed: npt.NDArray[np.bool_]
    unknown: npt.NDArray[np.bool_]
    values: dict[str, npt.NDArray[np.float64]]

    def take(self, rows: npt.NDArray[np.intp]) -> Outcome:
        return Outcome(
            self.passed[rows], self.unknown[rows], {k: v[rows] for k, v in self.values.items()}
        )

    def row(self, i: int) -> dict[str, float]:
        return {k: float(v[i]) for k, v in self.values.items()}


def outcome(passed: npt.NDArray[np.bool_], unknown: npt.NDArray[np.bool_] | None = None,
            **values: npt.ArrayLike) -> Outcome:
    unk = np.zeros_like(passed) if unknown is None else unknown & ~passed
    return Outcome(passed, unk, {k: np.asarray(v, dtype=np.float64) for k, v in values.items()})
