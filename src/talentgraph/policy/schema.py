"""The policy file format, validated by pydantic.

A policy names, for each target (tier, level, track), the checks it requires.
Each check has a ``kind`` (what it measures, evaluated by
the ``talentgraph.eligibility.check_*`` modules), its parameters, the domain.md ``rule`` it
implements, and ``hard = false`` for rules the sources mark 原则上 "in
principle" (failing those gives ``review``, not ``ineligible``).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    ProgrammeResult,
    Role,
    Stage,
    Tier,
    Track,
    TrainingDelivery,
)
from talentgraph.domain.rules import RULES
from talentgraph.domain.target import Target

RULE_ID = r"^[A-Z]{2}(-[A-Z0-9]+)+$"
# A level in a check may be absolute, or relative to the target's level.
RelativeLevel = Literal["target", "below"]
LevelRef = Level | RelativeLevel


class _Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str = Field(pattern=RULE_ID, description="domain.md rule ID this check implements")
    hard: bool = True
    note: str | None = None


class HoldsTitle(_Check):
    """Holds a title of one of ``tiers`` at ``level`` (or higher), valid on the as-of date."""

    kind: Literal["holds_title"] = "holds_title"
    tiers: list[Tier | Literal["target"]] = ["target"]
    level: LevelRef | None = None  # None: any level
    or_higher: bool = False
    tracks: list[Track] | None = None  # None: the target's track


class TeachingYears(_Check):
    """Years since entry_date, as of the date, within [min, max] (whole years)."""

    kind: Literal["teaching_years"] = "teaching_years"
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounded(self) -> TeachingYears:
        if self.min is None and self.max is None:
            raise ValueError("teaching_years needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"teaching_years min ({self.min:g}) is above max ({self.max:g})")
        return self


class ProgrammePassed(_Check):
    """Completed a (tier, level) cultivation programme on or before the date with one of ``results``."""

    kind: Literal["programme_passed"] = "programme_passed"
    tier: Tier | Literal["target"]
    level: LevelRef | None = None  # None: any level
    results: list[ProgrammeResult] = [ProgrammeResult.PASS, ProgrammeResult.EXCELLENT]


class AnnualHours(_Check):
    """Training hours in each of the last ``years`` complete calendar years before the date.

    Years the teacher was not in post for the whole year are not due.
    """

    kind: Literal["annual_hours"] = "annual_hours"
    min_hours: float = Field(gt=0)
    years: int = Field(1, ge=1, le=10)
    kinds: list[TrainingDelivery] | None = None  # None: every delivery (kind), and rows without one
    exclude_kinds: list[TrainingDelivery] = []
    include_probation: bool = False


class CycleHours(_Check):
    """Hours in the rolling cycle of ``years`` ending on the date (WZ-CYCLE).

    Teachers in post for part of the cycle owe a pro-rata share when
    ``pro_rata``; the single-programme requirement applies to full cycles only.
    """

    kind: Literal["cycle_hours"] = "cycle_hours"
    years: int = Field(5, ge=1, le=10)
    min_total: float = Field(gt=0)
    min_school_based: float = 0
    min_single_centralized: float = 0
    include_probation: bool = False
    pro_rata: bool = True


class CentralizedHours(_Check):
    """Centralized training in the last ``years``.

    Measured as ``min_hours``, or as ``min_days`` at the policy's hours per day.
    """

    kind: Literal["centralized_hours"] = "centralized_hours"
    years: int = Field(5, ge=1, le=10)
    min_hours: float | None = Field(None, gt=0)
    min_days: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _one_threshold(self) -> CentralizedHours:
        if (self.min_hours is None) == (self.min_days is None):
            raise ValueError("centralized_hours needs exactly one of min_hours, min_days")
        return self


class EthicsClear(_Check):
    """No failed ethics review in the as-of year or the ``years`` before it (XD-ETHICS-VETO)."""

    kind: Literal["ethics_clear"] = "ethics_clear"
    years: int = Field(2, ge=0, le=10)


class NoFailedTraining(_Check):
    """No failed training assessment in the ``years`` before the date (TX-TRAINING-BAN)."""

    kind: Literal["no_failed_training"] = "no_failed_training"
    years: int = Field(5, ge=1, le=20)
    include_programmes: bool = True


class HasMentor(_Check):
    """Followed a mentor of one of ``kinds`` for at least ``min_days`` by the date (XD-MENTOR)."""

    kind: Literal["has_mentor"] = "has_mentor"
    kinds: list[MentorshipKind] = [MentorshipKind.HEAD_TEACHER]
    # An academic year is about ten months of teaching (September to July).
    min_days: int = Field(300, ge=1)


class StageIn(_Check):
    """Teaches one of ``stages`` (JM-BACKBONE-STAGE)."""

    kind: Literal["stage_in"] = "stage_in"
    stages: list[Stage] = Field(min_length=1)


class HasRole(_Check):
    """Has one of ``roles``; ``head_teacher`` means currently a head-teacher 班主任."""

    kind: Literal["has_role"] = "has_role"
    roles: list[Role | Literal["head_teacher"]] = Field(min_length=1)


class StudioMember(_Check):
    """A current member (or lead) of a famous-teacher studio at ``min_level`` or higher."""

    kind: Literal["studio_member"] = "studio_member"
    min_level: Level | None = None


class PrincipalTenure(_Check):
    """A principal for at least ``min_years`` as of the date (TX-PRINCIPAL-TENURE)."""

    kind: Literal["principal_tenure"] = "principal_tenure"
    min_years: float = Field(ge=0)


class RuralService(_Check):
    """Has served in a rural school: current school or a posting (XD-RURAL)."""

    kind: Literal["rural_service"] = "rural_service"


class AnnualReview(_Check):
    """At least ``times`` annual reviews graded ``min_grade`` or better in the last ``years``
    complete years (优秀 "excellent" teachers: JM-BACKBONE-FAMOUS, TX-COUNTY-BACKBONE)."""

    kind: Literal["annual_review"] = "annual_review"
    min_grade: Literal["excellent", "qualified", "basic"] = "excellent"
    years: int = Field(3, ge=1, le=10)
    times: int = Field(1, ge=1)

    @model_validator(mode="after")
    def _reachable(self) -> AnnualReview:
        if self.times > self.years:
            raise ValueError(f"times ({self.times}) cannot exceed years ({self.years})")
        return self


class AllOf(_Check):
    """Passes if every one of ``checks`` passes (a route with several conditions)."""

    kind: Literal["all_of"] = "all_of"
    checks: list[SimpleCheck] = Field(min_length=2)

    @model_validator(mode="before")
    @classmethod
    def _parts_follow_route(cls, data: object) -> object:
        return _inherit_rule(data)


class AnyOf(_Check):
    """Passes if any one of ``checks`` passes (routes, e.g. TX-COUNTY-BACKBONE)."""

    kind: Literal["any_of"] = "any_of"
    checks: list[SimpleCheck | AllOf] = Field(min_length=2)

    @model_validator(mode="before")
    @classmethod
    def _parts_follow_route(cls, data: object) -> object:
        return _inherit_rule(data)


def _inherit_rule(data: object) -> object:
    """Parts of a route implement the route's rule; 'hard' belongs to the route alone."""
    if not (isinstance(data, dict) and isinstance(data.get("checks"), list)):
        return data
    parts = []
    for part in data["checks"]:
        if isinstance(part, dict):
            if "hard" in part:
                raise ValueError("'hard' is set on the route, not on its parts")
            part = {"rule": data.get("rule"), **part} if "rule" not in part else part
        parts.append(part)
    return {**data, "checks": parts}


SimpleCheck = Annotated[
    Union[
        HoldsTitle,
        TeachingYears,
        ProgrammePassed,
        AnnualHours,
        CycleHours,
        CentralizedHours,
        EthicsClear,
        NoFailedTraining,
        HasMentor,
        StageIn,
        HasRole,
        StudioMember,
        PrincipalTenure,
        RuralService,
        AnnualReview,
    ],
    Field(discriminator="kind"),
]
CheckSpec = Annotated[Union[SimpleCheck, AllOf, AnyOf], Field(discriminator="kind")]
AllOf.model_rebuild()
AnyOf.model_rebuild()


class TargetRules(BaseModel):
    """The checks for one tier on one track at one or more levels."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tier: Tier
    levels: list[Level] = Field(min_length=1)
    track: Track = Track.TEACHER
    checks: list[CheckSpec] = Field(default_factory=list, alias="check")

    @model_validator(mode="after")
    def _relative_levels_resolve(self) -> TargetRules:
        if Level.SCHOOL in self.levels and _uses_below(self.checks):
            raise ValueError("a check uses level 'below' but the target includes level school")
        return self


def _flatten(checks: list[CheckSpec], path: str) -> list[tuple[str, _Check]]:
    """Every check with its location in the file, including the parts of routes."""
    out: list[tuple[str, _Check]] = []
    for j, check in enumerate(checks):
        out.append((f"{path}[{j}]", check))
        if isinstance(check, AnyOf | AllOf):
            out.extend(_flatten(list(check.checks), f"{path}[{j}].checks"))
    return out


def _uses_below(checks: list[CheckSpec]) -> bool:
    for check in checks:
        if isinstance(check, AnyOf | AllOf) and _uses_below(list(check.checks)):
            return True
        if getattr(check, "level", None) == "below":
            return True
    return False


class Policy(BaseModel):
    """A jurisdiction's eligibility policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9_-]+$")
    title: str
    description: str = ""
    sources: list[str] = []
    hours_per_day: float = Field(8, gt=0, description="WZ-DAY: hours a training day credits")
    rules: dict[str, str] = Field(
        default_factory=dict,
        description="a jurisdiction's own rule IDs beyond domain.md, with their meaning",
    )
    targets: list[TargetRules] = Field(min_length=1, alias="target")

    @model_validator(mode="after")
    def _rules_known(self) -> Policy:
        # A typo such as JM-LEVELL must not silently become a new rule.
        for i, rules in enumerate(self.targets):
            for where, check in _flatten(rules.checks, f"target[{i}].check"):
                if check.rule not in RULES and check.rule not in self.rules:
                    raise ValueError(
                        f"{where}.rule: {check.rule!r} is neither a domain.md rule nor declared in [rules]")
        return self

    @model_validator(mode="after")
    def _targets_unique(self) -> Policy:
        seen: set[Target] = set()
        for rules in self.targets:
            for target in _expand(rules):
                if target in seen:
                    raise ValueError(f"target {target} is listed twice")
                seen.add(target)
        return self

    def covers(self) -> list[Target]:
        """Every target this policy has rules for, in file order."""
        return [t for rules in self.targets for t in _expand(rules)]

    def checks_for(self, target: Target) -> list[CheckSpec] | None:
        """The checks for ``target``, or None if the policy does not cover it."""
        for rules in self.targets:
            if target in _expand(rules):
                return list(rules.checks)
        return None


def _expand(rules: TargetRules) -> list[Target]:
    return [Target(tier=rules.tier, level=lv, track=rules.track) for lv in rules.levels]
