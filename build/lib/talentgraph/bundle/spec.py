"""The roster bundle, column by column (dataset-format.md is the contract).

One ``FileSpec`` per file says which columns it has, their types, which are
required, which enum they draw from and which other file they reference. The
reader, validator, writer and generator all work from this table, so the
format is written down exactly once.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from enum import StrEnum

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ReviewKind,
    ReviewResult,
    Role,
    Stage,
    Status,
    Tier,
    Track,
    TrainingKind,
)


class ColType(StrEnum):
    ID = "id"  # non-empty text, compared exactly
    TEXT = "text"
    DATE = "date"  # ISO YYYY-MM-DD
    BOOL = "bool"  # true / false
    NUMBER = "number"  # float
    INT = "int"
    ENUM = "enum"
    ENUM_LIST = "enum_list"  # ';'-separated enum values


@dataclass(frozen=True)
class Ref:
    """A foreign key: values of this column must be ids in ``file``.

    ``kinds`` restricts the referenced org's kind (orgs only).
    """

    file: str
    kinds: tuple[OrgKind, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType
    required: bool = False
    enum: builtins.type[StrEnum] | None = None  # plain ``type`` would name the field above
    ref: Ref | None = None
    default: str | None = None  # value an empty cell stands for


@dataclass(frozen=True)
class FileSpec:
    name: str  # file stem, e.g. "orgs" (orgs.csv, or sheet "orgs")
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that must be unique together
    required_file: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, type_: ColType, **kw: object) -> Column:
    return Column(name, type_, **kw)  # type: ignore[arg-type]


T, D, B, E, ID = ColType.TEXT, ColType.DATE, ColType.BOOL, ColType.ENUM, ColType.ID
SCHOOL = (OrgKind.SCHOOL,)
TEACHER_REF = Ref("teachers")

FILES: tuple[FileSpec, ...] = (
    FileSpec(
        "orgs",
        (
            _c("id", ID, required=True),
            _c("kind", E, required=True, enum=OrgKind),
            _c("name", T),
            _c("parent_id", ID, ref=Ref("orgs")),
            _c("rural", B),
        ),
        key=("id",),
        required_file=True,
    ),
    FileSpec(
        "teachers",
        (
            _c("id", ID, required=True),
            _c("name", T),
            _c("school_id", ID, required=True, ref=Ref("orgs", SCHOOL)),
            _c("entry_date", D),
            _c("stage", E, enum=Stage),
            _c("subject", T),
            _c("head_teacher", B),
            _c("roles", ColType.ENUM_LIST, enum=Role),
            _c("principal_since", D),
            _c("status", E, enum=Status, default="active"),
        ),
        key=("id",),
        required_file=True,
    ),
    FileSpec(
        "titles",
        (
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("tier", E, required=True, enum=Tier),
            _c("level", E, required=True, enum=Level),
            _c("org_id", ID, ref=Ref("orgs")),
            _c("awarded_on", D, required=True),
            _c("valid_until", D),
            _c("track", E, enum=Track, default="teacher"),
        ),
    ),
    FileSpec(
        "programmes",
        (
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("tier", E, required=True, enum=Tier),
            _c("level", E, required=True, enum=Level),
            _c("org_id", ID, ref=Ref("orgs")),
            _c("enrolled_on", D, required=True),
            _c("completed_on", D),
            _c("result", E, enum=ProgrammeResult, default="in_progress"),
        ),
    ),
    FileSpec(
        "training",
        (
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("date", D, required=True),
            _c("hours", ColType.NUMBER, required=True),
            _c("kind", E, required=True, enum=TrainingKind),
            _c("programme", T),
            _c("level", E, enum=Level),
            _c("probation", B, default="false"),
            _c("passed", B, default="true"),
        ),
    ),
    FileSpec(
        "mentorships",
        (
            _c("mentor_id", ID, required=True, ref=TEACHER_REF),
            _c("mentee_id", ID, required=True, ref=TEACHER_REF),
            _c("kind", E, required=True, enum=MentorshipKind),
            _c("start_date", D, required=True),
            _c("end_date", D),
        ),
    ),
    FileSpec(
        "studios",
        (
            _c("id", ID, required=True),
            _c("name", T),
            _c("level", E, required=True, enum=Level),
            _c("lead_id", ID, required=True, ref=TEACHER_REF),
            _c("host_org_id", ID, ref=Ref("orgs")),
            _c("subject", T),
            _c("rural", B),
            _c("founded_on", D),
        ),
        key=("id",),
    ),
    FileSpec(
        "studio_members",
        (
            _c("studio_id", ID, required=True, ref=Ref("studios")),
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("joined_on", D, required=True),
            _c("left_on", D),
        ),
        key=("studio_id", "teacher_id", "joined_on"),
    ),
    FileSpec(
        "studio_links",
        (
            _c("studio_id", ID, required=True, ref=Ref("studios")),
            _c("school_id", ID, required=True, ref=Ref("orgs", SCHOOL)),
            _c("since", D),
        ),
        key=("studio_id", "school_id"),
    ),
    FileSpec(
        "reviews",
        (
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("year", ColType.INT, required=True),
            _c("kind", E, required=True, enum=ReviewKind),
            _c("result", E, required=True, enum=ReviewResult),
        ),
        key=("teacher_id", "year", "kind"),
    ),
    FileSpec(
        "postings",
        (
            _c("teacher_id", ID, required=True, ref=TEACHER_REF),
            _c("school_id", ID, required=True, ref=Ref("orgs", SCHOOL)),
            _c("start_date", D, required=True),
            _c("end_date", D),
            _c("kind", E, enum=PostingKind, default="regular"),
        ),
    ),
)

SPECS: dict[str, FileSpec] = {f.name: f for f in FILES}

# Load order: a file's references point only to files earlier in FILES.
FILE_ORDER: tuple[str, ...] = tuple(f.name for f in FILES)

# Columns whose dates may not lie after the day of the load (dataset-format.md).
NOT_IN_FUTURE: dict[str, tuple[str, ...]] = {
    "titles": ("awarded_on",),
    "training": ("date",),
    "programmes": ("enrolled_on", "completed_on"),
}
# reviews.year may not lie after the year of the load.
