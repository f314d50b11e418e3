"""The tables of the talent graph, one entity model each: the one place a column is defined.

A model's fields are its table's columns, in bundle order; ``columns.py`` says how a field
reads as a column (type, default, ``Ref``, ``NotBefore``, ...). Everything else is derived
from these models (``tables.py``): the bundle reader, validator and writer, the Arrow
schemas of the roster, the record models of the API; the Neo4j reads are checked against
them by tests. To add a column, add a field here, then list it in the two Cypher reads of
its table (``cypher/match_<table>_in_orgs.cypher`` and ``cypher/match_teacher_facts.cypher``,
or the ``match_*_by_*`` reads of studio tables); docs/bundle-format.md says what it means.

Single records (the API, explanations, tests) are these models; bulk loads use the columnar
roster tables, with the same column names.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from talentgraph.domain.columns import Id, MayBeEmpty, NotBefore, NotInFuture, Ref, Row, TableInfo
from talentgraph.domain.enums import (
    ANNUAL_RESULTS,
    ETHICS_RESULTS,
    DecisionOutcome,
    Level,
    MentorshipKind,
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ProgrammeType,
    ReviewKind,
    ReviewResult,
    Role,
    RoundAction,
    Stage,
    Status,
    Tier,
    TitleSource,
    Track,
    TrainingContent,
    TrainingDelivery,
)

ORG = Ref("orgs")
SCHOOL = Ref("orgs", (OrgKind.SCHOOL,))
TEACHER = Ref("teachers")
STUDIO = Ref("studios")
ROUND = Ref("rounds")
NOMINATION = Ref("nominations")
Name = Annotated[str, MayBeEmpty()]  # a record needs one; a roster may leave it empty


class Org(Row):
    table: ClassVar[TableInfo] = TableInfo("orgs", key=("id",), required_file=True)

    id: Id
    kind: OrgKind
    name: Name
    parent_id: Annotated[Id | None, ORG] = None
    rural: bool | None = None


class Teacher(Row):
    table: ClassVar[TableInfo] = TableInfo("teachers", key=("id",), required_file=True)

    id: Id
    name: Name
    school_id: Annotated[Id, SCHOOL]
    entry_date: dt.date | None = None
    stage: Stage | None = None
    subject: str | None = None
    head_teacher: bool | None = None
    roles: tuple[Role, ...] = ()
    principal_since: dt.date | None = None
    status: Status = Status.ACTIVE
    left_on: Annotated[dt.date | None, NotBefore("entry_date")] = None  # left or retired that day


class Title(Row):
    """A certification held 认定: (tier, level, track) awarded by an org on a date."""

    table: ClassVar[TableInfo] = TableInfo("titles")

    teacher_id: Annotated[Id, TEACHER]
    tier: Tier
    level: Level
    org_id: Annotated[Id | None, ORG] = None
    awarded_on: Annotated[dt.date, NotInFuture()]
    valid_until: Annotated[dt.date | None, NotBefore("awarded_on")] = None
    track: Track = Track.TEACHER
    # Where the title came from (schema version 3). A round's title names its nomination, the
    # policy it was decided under (name and content hash) and the verdict frozen at decision.
    source: TitleSource = TitleSource.IMPORT
    nomination_id: str | None = None
    policy: str | None = None
    policy_hash: str | None = None
    verdict: str | None = None  # JSON: the verdict the approval rested on

    def valid_on(self, day: dt.date) -> bool:
        """True if awarded on or before ``day`` and not lapsed before it."""
        return self.awarded_on <= day and (self.valid_until is None or day <= self.valid_until)


class Programme(Row):
    """An enrolment in a (tier, level) programme run by an org: cultivation 培养, certification
    training 认定培训 or whole-staff improvement 全员能力提升 (``type``)."""

    table: ClassVar[TableInfo] = TableInfo("programmes")

    teacher_id: Annotated[Id, TEACHER]
    tier: Tier
    level: Level
    org_id: Annotated[Id | None, ORG] = None
    enrolled_on: Annotated[dt.date, NotInFuture()]
    completed_on: Annotated[dt.date | None, NotInFuture(), NotBefore("enrolled_on")] = None
    result: ProgrammeResult = ProgrammeResult.IN_PROGRESS
    type: ProgrammeType = ProgrammeType.CULTIVATION


class TrainingRecord(Row):
    table: ClassVar[TableInfo] = TableInfo("training")

    teacher_id: Annotated[Id, TEACHER]
    date: Annotated[dt.date, NotInFuture()]
    hours: float = Field(gt=0)
    kind: TrainingDelivery | None = None  # how it was delivered (empty: not known)
    content: TrainingContent | None = None  # what was studied
    programme: str | None = None
    level: Level | None = None
    probation: bool = False
    passed: bool = True


class Mentorship(Row):
    table: ClassVar[TableInfo] = TableInfo("mentorships")

    mentor_id: Annotated[Id, TEACHER]
    mentee_id: Annotated[Id, TEACHER]
    kind: MentorshipKind
    start_date: dt.date
    end_date: Annotated[dt.date | None, NotBefore("start_date")] = None


class Studio(Row):
    """A famous-teacher studio 名师工作室, led by one teacher."""

    table: ClassVar[TableInfo] = TableInfo("studios", key=("id",))

    id: Id
    name: Name
    level: Level
    lead_id: Annotated[Id, TEACHER]
    host_org_id: Annotated[Id | None, ORG] = None
    subject: str | None = None
    rural: bool | None = None
    founded_on: dt.date | None = None


class StudioMember(Row):
    table: ClassVar[TableInfo] = TableInfo("studio_members", key=("studio_id", "teacher_id", "joined_on"))

    studio_id: Annotated[Id, STUDIO]
    teacher_id: Annotated[Id, TEACHER]
    joined_on: dt.date
    left_on: Annotated[dt.date | None, NotBefore("joined_on")] = None


class StudioLink(Row):
    """A school a studio supports (名师扶百校)."""

    table: ClassVar[TableInfo] = TableInfo("studio_links", key=("studio_id", "school_id"))

    studio_id: Annotated[Id, STUDIO]
    school_id: Annotated[Id, SCHOOL]
    since: dt.date | None = None


class Review(Row):
    table: ClassVar[TableInfo] = TableInfo("reviews", key=("teacher_id", "year", "kind"))

    teacher_id: Annotated[Id, TEACHER]
    year: Annotated[int, NotInFuture()]
    kind: ReviewKind
    result: ReviewResult

    @model_validator(mode="after")
    def _result_fits_kind(self) -> Review:
        allowed = ETHICS_RESULTS if self.kind is ReviewKind.ETHICS else ANNUAL_RESULTS
        if self.result not in allowed:
            raise ValueError(f"result {self.result.value!r} is not a {self.kind.value} result")
        return self


class Posting(Row):
    table: ClassVar[TableInfo] = TableInfo("postings")

    teacher_id: Annotated[Id, TEACHER]
    school_id: Annotated[Id, SCHOOL]
    start_date: dt.date
    end_date: Annotated[dt.date | None, NotBefore("start_date")] = None
    kind: PostingKind = PostingKind.REGULAR


# -- nomination rounds (docs/decisions-rounds.md) -------------------------------------------------


class Round(Row):
    """A nomination round 推荐轮次: an org of the target's level puts forward up to ``quota``
    teachers for ``tier``@``level`` (``track``) under ``policy``, judged as of ``as_of``."""

    table: ClassVar[TableInfo] = TableInfo("rounds", key=("id",))

    id: Id
    tier: Tier
    level: Level
    track: Track = Track.TEACHER
    org_id: Annotated[Id, ORG]
    quota: int = Field(ge=0)
    opens_on: dt.date
    closes_on: Annotated[dt.date | None, NotBefore("opens_on")] = None
    as_of: dt.date  # the date every nominee's verdict is judged on
    policy: str
    policy_hash: str
    certified_on: Annotated[dt.date | None, NotBefore("opens_on")] = None


class Nomination(Row):
    """A teacher put forward in a round, with the verdict as it stood then."""

    table: ClassVar[TableInfo] = TableInfo("nominations", key=("id",))

    id: Id
    round_id: Annotated[Id, ROUND]
    teacher_id: Annotated[Id, TEACHER]
    nominated_by: str  # who asked: the scope (role and org)
    verdict: str  # JSON: the verdict on the round's date when nominated


class Decision(Row):
    """A decision on a nomination: approve (perhaps waiving named 原则上 rules) or reject. The
    last decision on a nomination stands."""

    table: ClassVar[TableInfo] = TableInfo("decisions", key=("round_id", "seq"))

    round_id: Annotated[Id, ROUND]
    seq: int = Field(ge=1)
    nomination_id: Annotated[Id, NOMINATION]
    outcome: DecisionOutcome
    waived: str | None = None  # ';'-separated rule ids
    reason: str
    approver: str
    decided_at: str  # ISO timestamp (UTC)
    verdict: str  # JSON: the verdict on the round's date when decided


class RoundEvent(Row):
    """One audited step of a round: who, when, what."""

    table: ClassVar[TableInfo] = TableInfo("round_events", key=("round_id", "seq"))

    round_id: Annotated[Id, ROUND]
    seq: int = Field(ge=1)
    at: str  # ISO timestamp (UTC)
    actor: str  # the scope that asked (role, org), and the approver's name when one is given
    action: RoundAction
    teacher_id: Annotated[Id | None, TEACHER] = None
    detail: str | None = None  # JSON: what the step did
