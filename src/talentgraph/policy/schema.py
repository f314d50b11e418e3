"""The policy file format, validated by pydantic.

A policy names, for each target (tier, level, track), the checks it requires.
Each check has a ``kind`` (what it measures, evaluated by
the ``talentgraph.eligibility.check_*`` modules), its parameters, the domain.md ``rule`` it
implements, and ``hard = false`` for rules the sources mark 原则上 "in
principle" (failing those gives ``review``, not ``ineligible``).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    ProgrammeResult,
    ProgrammeType,
    Role,
    Stage,
    Tier,
    Track,
    TrainingContent,
    TrainingDelivery,
)
from talentgraph.domain.rules import RULES
from talentgraph.domain.target import Target
from talentgraph.policy.decisions import CoverageMeasure, QuotaShare, QuotaTarget, Ranking, cited_rules

RULE_ID = r"^[A-Z]{2}(-[A-Z0-9]+)+$"
# A level in a check may be absolute, or relative to the target's level.
RelativeLevel = Literal["target", "below"]
LevelRef = Level | RelativeLevel

# Bounds that no real policy comes near: a file cannot ask for 1e308 hours or a
# thousand-year window, and NaN or infinity is refused wherever a number goes.
MAX_HOURS = 10_000.0  # a whole career of training
MAX_YEARS = 60  # a whole career
MAX_DAYS = 366 * MAX_YEARS
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS)]
HoursOrNone = Annotated[float, Field(ge=0, le=MAX_HOURS)]
CareerYears = Annotated[float, Field(ge=0, le=MAX_YEARS)]
WindowYears = Annotated[int, Field(ge=1, le=10)]
STRICT = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


# What a check does to the verdict: a gate decides it (hard or in principle);
# advice (a priority, a bonus, which level mainly serves the teacher) and alerts
# (a record a planner must look at) are shown beside it and never change it.
Effect = Literal["gate", "advice", "alert"]


class _Check(BaseModel):
    model_config = STRICT

    rule: str = Field(pattern=RULE_ID, description="domain.md rule ID this check implements")
    hard: StrictBool = True
    effect: Effect = "gate"
    note: str | None = Field(None, max_length=2000)

    def cites(self) -> tuple[str, ...]:
        """This check's rule, then the other rules its parts cite (routes), once each."""
        return (self.rule,)


class HoldsTitle(_Check):
    """Holds a title of one of ``tiers`` at ``level`` (or higher), valid on the as-of date.

    ``own_chain``: the title must come from the candidate's own chain, the org of its level
    above the school the candidate served on the as-of date (JM-LEVEL: a city candidate's
    county title is their own county's, not another city's county's).
    """

    kind: Literal["holds_title"] = "holds_title"
    tiers: list[Tier | Literal["target"]] = ["target"]
    level: LevelRef | None = None  # None: any level
    or_higher: StrictBool = False
    tracks: list[Track] | None = None  # None: the target's track
    own_chain: StrictBool = False


class TeachingYears(_Check):
    """Years since entry_date, as of the date, within [min, max] (whole years)."""

    kind: Literal["teaching_years"] = "teaching_years"
    min: CareerYears | None = None
    max: CareerYears | None = None

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
    types: list[ProgrammeType] | None = None  # None: any type (TX-CERT-TRAINING: certification)


# Before training.csv had a content column, policies wrote content in ``kinds``.
LEGACY_CONTENT_KINDS = {"professional", "public_need", "ethics"}


class AnnualHours(_Check):
    """Training hours in each of the last ``years`` complete calendar years before the date.

    Years the teacher was not in post for the whole year are not due. ``kinds`` filters by
    delivery, ``contents`` by what was studied (a record whose content is not on record counts
    for neither, and makes a short year unknown rather than failed).
    """

    kind: Literal["annual_hours"] = "annual_hours"
    min_hours: Hours
    years: WindowYears = 1
    kinds: list[TrainingDelivery] | None = None  # None: every delivery (kind), and rows without one
    exclude_kinds: list[TrainingDelivery] = []
    contents: list[TrainingContent] | None = None  # None: any content, known or not
    # Probation hours count unless a policy says otherwise (WZ-NEW is Wenzhou's rule).
    include_probation: StrictBool = True

    @model_validator(mode="before")
    @classmethod
    def _content_once_written_as_kind(cls, data: object) -> object:
        """``kinds = ["professional"]`` (a policy written before the content column) reads as
        ``contents = ["professional"]``."""
        if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
            return data
        legacy = [k for k in data["kinds"] if k in LEGACY_CONTENT_KINDS]
        if not legacy:
            return data
        kinds = [k for k in data["kinds"] if k not in LEGACY_CONTENT_KINDS]
        return {**data, "kinds": kinds or None, "contents": [*(data.get("contents") or []), *legacy]}


class WindowHours(_Check):
    """Hours of the given delivery ``kinds`` and ``contents`` in the ``years`` up to the date
    (WZ-HEADTEACHER-HOURS: 30 h of head-teacher training in the cycle)."""

    kind: Literal["window_hours"] = "window_hours"
    min_hours: Hours
    years: WindowYears = 5
    kinds: list[TrainingDelivery] | None = None
    contents: list[TrainingContent] | None = None


class SemesterHours(_Check):
    """Hours of the given ``contents`` in each of the last ``semesters`` complete semesters before
    the date (XD-ETHICS-HOURS: 10 h of ethics study a semester). A semester runs 1 February to 31
    July or 1 August to 31 January; one the teacher was not in post for wholly is not due."""

    kind: Literal["semester_hours"] = "semester_hours"
    min_hours: Hours
    semesters: int = Field(1, ge=1, le=20)
    contents: list[TrainingContent] | None = None


class SchoolYearHours(_Check):
    """LE-HOURS in the last complete school year before the date (LE-SCHOOL-YEAR: from the 1st
    of ``start_month`` to the end of ``end_month``): ``min_total`` hours, at least
    ``min_professional`` of professional content and ``min_public_need`` of public-need (公需)
    content (LE-CONTENT: any content but public_need is professional); ``exempt_provincial``
    hours of province-level training in it, or in the calendar year it starts, waive the
    professional part and the total (LE-PROVINCIAL-EXEMPT; 0: no exemption)."""

    kind: Literal["school_year_hours"] = "school_year_hours"
    min_total: Hours
    min_professional: HoursOrNone = 0
    min_public_need: HoursOrNone = 0
    exempt_provincial: HoursOrNone = 0
    start_month: int = Field(8, ge=1, le=12)
    end_month: int = Field(6, ge=1, le=12)

    @model_validator(mode="after")
    def _parts_fit(self) -> SchoolYearHours:
        if self.min_professional + self.min_public_need > self.min_total:
            raise ValueError("min_professional and min_public_need add up to more than min_total")
        return self


class CycleHours(_Check):
    """Hours in a cycle of ``years`` (WZ-CYCLE).

    ``window`` says which cycle (WZ-CYCLE-FIXED: a policy must say): ``rolling``, the
    ``years`` ending on the date; ``fixed``, the calendar cycles from ``first_year``
    (十二五: 2011-2015, 2016-2020, ...), judged on the part run by the date. Teachers owe a
    pro-rata share of the part of the cycle they were in post for when ``pro_rata`` (and
    of the part run so far, in a fixed cycle); the single-programme requirement applies
    to a whole cycle only.
    """

    kind: Literal["cycle_hours"] = "cycle_hours"
    window: Literal["rolling", "fixed"]
    first_year: int | None = Field(None, ge=1900, le=2200)
    years: WindowYears = 5
    min_total: Hours
    min_school_based: HoursOrNone = 0
    min_single_centralized: HoursOrNone = 0
    include_probation: StrictBool = True  # wenzhou sets false (WZ-NEW)
    pro_rata: StrictBool = True

    @model_validator(mode="after")
    def _fixed_cycles_start_somewhere(self) -> CycleHours:
        if (self.window == "fixed") != (self.first_year is not None):
            raise ValueError("first_year is given for, and only for, window = 'fixed'")
        return self


class ProbationHours(_Check):
    """WZ-NEW: hours recorded as probation training (``probation = true``) by the date, in all
    and of practice delivery."""

    kind: Literal["probation_hours"] = "probation_hours"
    min_hours: Hours
    min_practice: HoursOrNone = 0


class CentralizedHours(_Check):
    """Centralized training in the last ``years``.

    Measured as ``min_hours``, or as ``min_days`` at the policy's hours per day.
    """

    kind: Literal["centralized_hours"] = "centralized_hours"
    years: WindowYears = 5
    min_hours: Hours | None = None
    min_days: Annotated[float, Field(gt=0, le=MAX_DAYS)] | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> CentralizedHours:
        if (self.min_hours is None) == (self.min_days is None):
            raise ValueError("centralized_hours needs exactly one of min_hours, min_days")
        return self


class EthicsClear(_Check):
    """No failed ethics review in the as-of year or the ``years`` before it (XD-ETHICS-VETO)."""

    kind: Literal["ethics_clear"] = "ethics_clear"
    years: int = Field(2, ge=0, le=10)


class EthicsAnnualConsistent(_Check):
    """XD-ETHICS-ANNUAL: no annual review graded qualified or better in a year whose ethics
    review failed (当年年度考核不得评为合格及以上等次), in the as-of year or the ``years`` before."""

    kind: Literal["ethics_annual_consistent"] = "ethics_annual_consistent"
    years: int = Field(2, ge=0, le=10)


class EthicsConsecutive(_Check):
    """XD-ETHICS-REMOVAL: no ethics review failed two years running, the second of them in the
    as-of year or the ``years`` before (连续两年考核不合格的必须调离教师岗位)."""

    kind: Literal["ethics_consecutive"] = "ethics_consecutive"
    years: int = Field(2, ge=0, le=10)


class NoFailedTraining(_Check):
    """No failed assessment of a ``tiers`` programme in the ``years`` before the date.

    TX-TRAINING-BAN: a trainee who fails the backbone training's assessment may not
    apply for backbone certification training for five years. Only programme
    assessments count (programmes.csv ``result = fail``), not a failed hour record
    of some online course (training.csv ``passed = false``).
    """

    kind: Literal["no_failed_training"] = "no_failed_training"
    years: int = Field(5, ge=1, le=20)
    tiers: list[Tier] = Field([Tier.BACKBONE], min_length=1)
    # TX-CERT-TRAINING: only the certification training's assessment bars.
    types: list[ProgrammeType] = Field([ProgrammeType.CERTIFICATION], min_length=1)


class HasMentor(_Check):
    """Followed a mentor of one of ``kinds`` for at least ``min_days`` by the date (XD-MENTOR)."""

    kind: Literal["has_mentor"] = "has_mentor"
    kinds: list[MentorshipKind] = [MentorshipKind.HEAD_TEACHER]
    # An academic year is about ten months of teaching (September to July). 0: any mentor
    # on record by the date (a new teacher's mentor from the start).
    min_days: int = Field(300, ge=0, le=MAX_DAYS)


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
    min_years: CareerYears


class RuralService(_Check):
    """Has served in a rural school: current school or a posting (XD-RURAL)."""

    kind: Literal["rural_service"] = "rural_service"


class AnnualReview(_Check):
    """At least ``times`` annual reviews graded ``min_grade`` or better in the last ``years``
    complete years (优秀 "excellent" teachers: JM-BACKBONE-FAMOUS, TX-COUNTY-BACKBONE)."""

    kind: Literal["annual_review"] = "annual_review"
    min_grade: Literal["excellent", "qualified", "basic"] = "excellent"
    years: WindowYears = 3
    times: int = Field(1, ge=1, le=10)

    @model_validator(mode="after")
    def _reachable(self) -> AnnualReview:
        if self.times > self.years:
            raise ValueError(f"times ({self.times}) cannot exceed years ({self.years})")
        return self


class AllOf(_Check):
    """Passes if every one of ``checks`` passes (a route with several conditions)."""

    kind: Literal["all_of"] = "all_of"
    checks: list[SimpleCheck] = Field(min_length=2, max_length=20)

    def cites(self) -> tuple[str, ...]:
        return _route_cites(self)

    @model_validator(mode="before")
    @classmethod
    def _parts_follow_route(cls, data: object) -> object:
        return _inherit_rule(data)


class AnyOf(_Check):
    """Passes if any one of ``checks`` passes (routes, e.g. TX-COUNTY-BACKBONE)."""

    kind: Literal["any_of"] = "any_of"
    checks: list[RoutePart] = Field(min_length=2, max_length=20)

    def cites(self) -> tuple[str, ...]:
        return _route_cites(self)

    @model_validator(mode="before")
    @classmethod
    def _parts_follow_route(cls, data: object) -> object:
        return _inherit_rule(data)


def _route_cites(route: AllOf | AnyOf) -> tuple[str, ...]:
    return tuple(dict.fromkeys([route.rule, *(r for part in route.checks for r in part.cites())]))


def _inherit_rule(data: object) -> object:
    """Parts of a route implement the route's rule unless they name their own (a route into
    a tier may join two rules); 'hard' and 'effect' belong to the route alone."""
    if not (isinstance(data, dict) and isinstance(data.get("checks"), list)):
        return data
    parts = []
    for part in data["checks"]:
        if isinstance(part, dict):
            for own in ("hard", "effect"):
                if own in part:
                    raise ValueError(f"'{own}' is set on the route, not on its parts")
            part = {"rule": data.get("rule"), **part} if "rule" not in part else part
        parts.append(part)
    return {**data, "checks": parts}


# Every union is tagged by ``kind``, so a bad part of a route is reported by its own
# field (``checks[1].min_grade``), not as a mismatch with every other kind of check.
SimpleCheck = Annotated[
    Union[
        HoldsTitle,
        TeachingYears,
        ProgrammePassed,
        AnnualHours,
        CycleHours,
        WindowHours,
        SemesterHours,
        SchoolYearHours,
        ProbationHours,
        CentralizedHours,
        EthicsClear,
        EthicsAnnualConsistent,
        EthicsConsecutive,
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
RoutePart = Annotated[
    Union[
        HoldsTitle,
        TeachingYears,
        ProgrammePassed,
        AnnualHours,
        CycleHours,
        WindowHours,
        SemesterHours,
        SchoolYearHours,
        ProbationHours,
        CentralizedHours,
        EthicsClear,
        EthicsAnnualConsistent,
        EthicsConsecutive,
        NoFailedTraining,
        HasMentor,
        StageIn,
        HasRole,
        StudioMember,
        PrincipalTenure,
        RuralService,
        AnnualReview,
        AllOf,
    ],
    Field(discriminator="kind"),
]
CheckSpec = Annotated[
    Union[
        HoldsTitle,
        TeachingYears,
        ProgrammePassed,
        AnnualHours,
        CycleHours,
        WindowHours,
        SemesterHours,
        SchoolYearHours,
        ProbationHours,
        CentralizedHours,
        EthicsClear,
        EthicsAnnualConsistent,
        EthicsConsecutive,
        NoFailedTraining,
        HasMentor,
        StageIn,
        HasRole,
        StudioMember,
        PrincipalTenure,
        RuralService,
        AnnualReview,
        AllOf,
        AnyOf,
    ],
    Field(discriminator="kind"),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()


class TargetRules(BaseModel):
    """The checks for one tier on one track at one or more levels."""

    model_config = STRICT

    tier: Tier
    levels: list[Level] = Field(min_length=1, max_length=len(Level))
    track: Track = Track.TEACHER
    checks: list[CheckSpec] = Field(default_factory=list, alias="check", max_length=100)
    # Holders of a higher tier have outgrown a step and are not its candidates, unless the
    # source draws on them (TX-CITY-BACKBONE trains county famous teachers for city backbone).
    admit_tiers: list[Tier] = []

    @model_validator(mode="after")
    def _admits_higher_tiers_only(self) -> TargetRules:
        lower = [t.value for t in self.admit_tiers if t <= self.tier]
        if lower:
            raise ValueError(f"admit_tiers names tiers above {self.tier.value} only, not {lower}")
        return self

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


class TitleRef(BaseModel):
    """Holders of one of ``tiers`` at one of ``levels`` on one of ``tracks``, valid on the date."""

    model_config = STRICT

    tiers: list[Tier] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    tracks: list[Track] = [Track.TEACHER, Track.HEAD_TEACHER]


class Obligation(BaseModel):
    """A duty the sources put on people who hold a title or a role (WZ-BACKBONE: backbone
    teachers take 120 h of centralized training). Not a condition of any target: it is
    reported for the people who owe it, in ``explain`` and in the pipeline.

    Who owes it: every condition given must hold (teachers in post on the date).
    """

    model_config = STRICT

    rule: str = Field(pattern=RULE_ID)
    duty: str = Field(min_length=1, max_length=300, description="what is owed, in a few words")
    everyone: StrictBool = False  # every teacher in post (LE-HOURS, XD-ETHICS-HOURS)
    holders: TitleRef | None = None
    roles: list[Role | Literal["head_teacher"]] | None = Field(None, min_length=1)
    teaching_years: list[CareerYears] | None = Field(
        None, min_length=2, max_length=2, description="[min, max] complete years of teaching")
    checks: list[CheckSpec] = Field(min_length=1, max_length=20, alias="check")

    @model_validator(mode="after")
    def _absolute(self) -> Obligation:
        if not self.everyone and self.holders is None and self.roles is None and self.teaching_years is None:
            raise ValueError("an obligation names who owes it: everyone, holders, roles or teaching_years")
        if self.teaching_years is not None and self.teaching_years[0] > self.teaching_years[1]:
            raise ValueError("teaching_years is [min, max] with min <= max")
        for _, check in _flatten(list(self.checks), "check"):
            if getattr(check, "level", None) in ("target", "below") or "target" in getattr(
                    check, "tiers", [getattr(check, "tier", None)]):
                raise ValueError("an obligation has no target: levels and tiers are absolute")
            if check.effect != "gate":
                raise ValueError("the checks of an obligation are what is owed (no effect)")
        return self


class Policy(BaseModel):
    """A jurisdiction's eligibility policy."""

    model_config = STRICT

    name: str = Field(pattern=r"^[a-z0-9_-]+$", max_length=64)
    title: str = Field(max_length=500)
    description: str = Field("", max_length=10_000)
    sources: list[str] = []
    hours_per_day: float = Field(8, gt=0, le=24, description="WZ-DAY: hours a training day credits")
    rules: dict[str, str] = Field(
        default_factory=dict,
        description="a jurisdiction's own rule IDs beyond domain.md, with their meaning",
    )
    targets: list[TargetRules] = Field(min_length=1, max_length=200, alias="target")
    obligations: list[Obligation] = Field(default_factory=list, max_length=50, alias="obligation")
    # The decision sections (policy/decisions.py): population figures and orderings, not checks.
    quotas: list[QuotaShare] = Field(default_factory=list, max_length=50, alias="quota")
    quota_targets: list[QuotaTarget] = Field(default_factory=list, max_length=50, alias="quota_target")
    coverage: list[CoverageMeasure] = Field(default_factory=list, max_length=20)
    ranking: Ranking | None = None

    @model_validator(mode="after")
    def _rules_known(self) -> Policy:
        # A typo such as JM-LEVELL must not silently become a new rule.
        places = [(f"target[{i}].check", rules.checks) for i, rules in enumerate(self.targets)]
        places += [(f"obligation[{i}].check", duty.checks) for i, duty in enumerate(self.obligations)]
        for path, checks in places:
            for where, check in _flatten(checks, path):
                if check.rule not in RULES and check.rule not in self.rules:
                    raise ValueError(
                        f"{where}.rule: {check.rule!r} is neither a domain.md rule nor declared in [rules]")
        for i, duty in enumerate(self.obligations):
            if duty.rule not in RULES and duty.rule not in self.rules:
                raise ValueError(f"obligation[{i}].rule: {duty.rule!r} is neither a domain.md rule "
                                 "nor declared in [rules]")
        for where, rule in cited_rules(self.quotas, self.quota_targets, self.coverage, self.ranking):
            if rule not in RULES and rule not in self.rules:
                raise ValueError(f"{where}: {rule!r} is neither a domain.md rule nor declared in [rules]")
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
        rules = self.rules_for(target)
        return None if rules is None else list(rules.checks)

    def rules_for(self, target: Target) -> TargetRules | None:
        """The entry covering ``target`` (its checks and pool), or None."""
        for rules in self.targets:
            if target in _expand(rules):
                return rules
        return None


def _expand(rules: TargetRules) -> list[Target]:
    return [Target(tier=rules.tier, level=lv, track=rules.track) for lv in rules.levels]
