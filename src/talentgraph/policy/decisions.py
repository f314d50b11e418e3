"""The policy file's decision sections: quotas and targets, coverage, ranking.

These are population figures and orderings, not conditions on a teacher: a quota (TX-RATIO,
JM-QUOTA-CITY-BACKBONE) is a share of an org's teachers who may hold a title, a target
(TX-TARGET, XD-FAMOUS-HEADTEACHER-TARGET, JM-TARGET) a count to reach by a date, a coverage
measure (XD-COVERAGE, WZ-SCHOOL-SHARE, XD-MENTOR) a figure per school, and a ranking a
transparent score for ordering candidates. Each cites the rule it reads, like every check.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentgraph.domain.enums import Level, MentorshipKind, OrgKind, ProgrammeType, Stage, Tier, Track

RULE = r"^[A-Z]{2}(-[A-Z0-9]+)+$"  # as schema.RULE_ID (schema imports this module)
STRICT = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
Rounding = Literal["floor", "round", "ceil"]
Note = Annotated[str | None, Field(None, max_length=2000)]
TEACHING = [Track.TEACHER, Track.HEAD_TEACHER]


class QuotaShare(BaseModel):
    """A share of an org's teachers who may hold ``tier`` at ``level`` (TX-RATIO: 15% county,
    9% city, 6% region backbone teachers of all of a county's teachers).

    The base is the teachers in post on the date in each org of kind ``per`` (of ``stages``
    only, when given); the quota is ``share`` of it, rounded as ``rounding`` says.
    ``counts``: who uses the quota, holders of the title valid on the date, or also teachers
    enrolled in a programme of that tier and level still running (JM cultivates: 培养培训).
    """

    model_config = STRICT

    rule: str = Field(pattern=RULE)
    tier: Tier
    level: Level
    share: float = Field(gt=0, le=1)
    per: OrgKind
    rounding: Rounding = "floor"
    tracks: list[Track] = Field([Track.TEACHER], min_length=1)
    stages: list[Stage] | None = Field(None, min_length=1)
    counts: Literal["holders", "holders_or_in_programme"] = "holders"
    note: Note = None


class QuotaTarget(BaseModel):
    """A count to reach by ``by`` in each org of kind ``per`` (TX-TARGET: 745 county certified by
    2025; XD-FAMOUS-HEADTEACHER-TARGET: 166 district-or-higher famous head-teachers).

    ``counts`` says what reaches it: ``holders`` of the title valid on the date (``levels`` or
    higher: ``or_higher``), titles ``awarded`` from ``since`` to the date, or teachers
    ``enrolled`` from ``since`` to the date in a programme of ``tier`` at ``level`` (of
    ``types``, when given). Each teacher counts once.
    """

    model_config = STRICT

    rule: str = Field(pattern=RULE)
    tier: Tier
    level: Level
    or_higher: bool = False  # levels at or above ``level`` count (区级以上: district or higher)
    target: int = Field(ge=1, le=10_000_000)
    by: dt.date
    per: OrgKind
    counts: Literal["holders", "awarded", "enrolled"]
    since: dt.date | None = None
    tracks: list[Track] = Field([Track.TEACHER], min_length=1)
    types: list[ProgrammeType] | None = Field(None, min_length=1)
    note: Note = None

    @model_validator(mode="after")
    def _counted_from_a_date(self) -> QuotaTarget:
        if self.counts != "holders" and self.since is None:
            raise ValueError(f"counts = {self.counts!r} needs since (the day counting starts)")
        if self.types is not None and self.counts != "enrolled":
            raise ValueError("types (programme types) go with counts = 'enrolled' only")
        return self


# ---------------------------------------------------------------- coverage


class _Measure(BaseModel):
    model_config = STRICT

    rule: str = Field(pattern=RULE)
    note: Note = None


class FamousInSchool(_Measure):
    """校校有名师 (XD-COVERAGE): each school has a teacher in post holding a famous (or higher)
    title at ``min_level`` or higher."""

    measure: Literal["famous_in_school"] = "famous_in_school"
    min_level: Level = Level.COUNTY
    tracks: list[Track] = Field(TEACHING, min_length=1)


class BackbonePerClass(_Measure):
    """班班有骨干 (XD-COVERAGE): a backbone (or higher) teacher for each class. The roster has no
    classes; each class has one head-teacher 班主任, so head-teachers stand in for classes, and
    head-teachers less backbone holders is the fewest classes that can lack one."""

    measure: Literal["backbone_per_class"] = "backbone_per_class"
    min_level: Level = Level.SCHOOL
    tracks: list[Track] = Field(TEACHING, min_length=1)


class SchoolShare(_Measure):
    """WZ-SCHOOL-SHARE: at least ``share`` of a school's teachers attended, in the last complete
    calendar year, one centralized programme of ``min_hours`` or more (one programme: records of
    one name in that year, added up)."""

    measure: Literal["school_share"] = "school_share"
    share: float = Field(gt=0, le=1)
    min_hours: float = Field(gt=0, le=10_000)


class NewTeacherMentor(_Measure):
    """XD-MENTOR as coverage: new teachers (fewer than ``within_years`` complete years since
    entry) with a mentor of one of ``kinds`` on record by the date."""

    measure: Literal["new_teacher_mentor"] = "new_teacher_mentor"
    kinds: list[MentorshipKind] = Field([MentorshipKind.HEAD_TEACHER], min_length=1)
    within_years: int = Field(1, ge=1, le=5)


class HeadTeacherTraining(_Measure):
    """XD-HEADTEACHER-TRAINING as coverage: head-teachers (班主任) in post with training of
    head-teacher content (training.csv content head_teacher) dated from ``since`` to the date."""

    measure: Literal["head_teacher_training"] = "head_teacher_training"
    since: dt.date


CoverageMeasure = Annotated[
    Union[FamousInSchool, BackbonePerClass, SchoolShare, NewTeacherMentor, HeadTeacherTraining],
    Field(discriminator="measure"),
]


# ---------------------------------------------------------------- ranking


class _Component(BaseModel):
    model_config = STRICT

    rule: str = Field(pattern=RULE)
    weight: float = Field(gt=0, le=1000)
    note: Note = None


class ReviewGrades(_Component):
    """The mean annual-review grade over the last ``years`` complete years on record, in
    ``points`` per grade (XD-DIMENSIONS: the grade is the outcome of the five-dimension review).
    No review in the window scores 0."""

    measure: Literal["review_grades"] = "review_grades"
    years: int = Field(3, ge=1, le=10)
    points: dict[Literal["excellent", "qualified", "basic", "unqualified"], float] = {
        "excellent": 3, "qualified": 2, "basic": 1, "unqualified": 0}


class ExcellentReviews(_Component):
    """Annual reviews graded excellent 优秀 in the last ``years`` complete years."""

    measure: Literal["excellent_reviews"] = "excellent_reviews"
    years: int = Field(3, ge=1, le=10)


class ResearcherBonus(_Component):
    """1 for a teacher with the researcher role (XD-RESEARCHER-BONUS: 加分条件)."""

    measure: Literal["researcher_role"] = "researcher_role"


class RuralPriority(_Component):
    """1 for a teacher whose school on the date is rural or who had a posting to a rural school
    that began by the date (XD-RURAL: 优先条件, priority)."""

    measure: Literal["rural_service"] = "rural_service"


class StudioMembership(_Component):
    """1 for a current member or lead of a famous-teacher studio (名师工作室成员)."""

    measure: Literal["studio_member"] = "studio_member"


class HoursAboveMinimum(_Component):
    """Training hours in the last complete calendar year above ``minimum``, at most ``cap``."""

    measure: Literal["hours_above_minimum"] = "hours_above_minimum"
    minimum: float = Field(ge=0, le=10_000)
    cap: float = Field(gt=0, le=10_000)


RankComponent = Annotated[
    Union[ReviewGrades, ExcellentReviews, ResearcherBonus, RuralPriority, StudioMembership,
          HoursAboveMinimum],
    Field(discriminator="measure"),
]


class Ranking(BaseModel):
    """How candidates are ordered: score = the sum over components of weight x value. Order:
    verdict (eligible, review, ineligible), then score, highest first, then teacher id (for a
    researcher, the pseudonym), so every rank is distinct and the order is reproducible."""

    model_config = STRICT

    components: list[RankComponent] = Field(min_length=1, max_length=20, alias="component")
    note: Note = None


def cited_rules(quotas: list[QuotaShare], targets: list[QuotaTarget], coverage: list[CoverageMeasure],
                ranking: Ranking | None) -> list[tuple[str, str]]:
    """(where, rule) for every rule the decision sections cite, for the policy's rule check."""
    out = [(f"quota[{i}].rule", q.rule) for i, q in enumerate(quotas)]
    out += [(f"quota_target[{i}].rule", t.rule) for i, t in enumerate(targets)]
    out += [(f"coverage[{i}].rule", c.rule) for i, c in enumerate(coverage)]
    if ranking is not None:
        out += [(f"ranking.component[{i}].rule", c.rule) for i, c in enumerate(ranking.components)]
    return out
