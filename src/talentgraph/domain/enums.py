"""Vocabularies of the domain (domain.md sections 1-5, dataset-format.md).

Values are the strings used in roster bundles. Ordered enums (Level, Tier)
carry their rank so comparisons follow the ladder, not the alphabet.
"""

from __future__ import annotations

from enum import StrEnum


class _Ranked(StrEnum):
    """A StrEnum whose members compare by declaration order."""

    @property
    def rank(self) -> int:
        return list(type(self)).index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.rank >= other.rank


class OrgKind(_Ranked):
    """Organisation hierarchy, lowest first: school < county < city < province."""

    SCHOOL = "school"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"


class Level(_Ranked):
    """Certification levels, lowest first (domain.md section 1)."""

    SCHOOL = "school"
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    NATIONAL = "national"

    def below(self) -> Level | None:
        """The next level down, or None for school."""
        members = list(Level)
        return members[self.rank - 1] if self.rank > 0 else None



class Tier(_Ranked):
    """The JM five-stage ladder, lowest first (domain.md section 2)."""

    NEW = "new"
    EMERGING = "emerging"
    BACKBONE = "backbone"
    FAMOUS = "famous"
    EDUCATOR = "educator"


class Track(StrEnum):
    TEACHER = "teacher"
    HEAD_TEACHER = "head_teacher"
    PRINCIPAL = "principal"
    RESEARCHER = "researcher"


class Stage(StrEnum):
    KINDERGARTEN = "kindergarten"
    PRIMARY = "primary"
    JUNIOR = "junior"
    SENIOR = "senior"
    VOCATIONAL = "vocational"
    SPECIAL = "special"


class Role(StrEnum):
    PRINCIPAL = "principal"
    RESEARCHER = "researcher"
    SUBJECT_LEADER = "subject_leader"


class Status(StrEnum):
    ACTIVE = "active"
    LEFT = "left"
    RETIRED = "retired"


class ProgrammeResult(StrEnum):
    IN_PROGRESS = "in_progress"
    PASS = "pass"
    EXCELLENT = "excellent"
    FAIL = "fail"


class ProgrammeType(StrEnum):
    """What an enrolment is for (TX-CERT-TRAINING): only certification training leads to the title."""

    CULTIVATION = "cultivation"  # 培养: enrolled as a 培养对象
    CERTIFICATION = "certification"  # 认定培训: leads to the title
    IMPROVEMENT = "improvement"  # 全员能力提升: whole-staff improvement, no title


class TrainingDelivery(StrEnum):
    """How training was delivered: training.csv ``kind``."""

    CENTRALIZED = "centralized"  # 集中
    SCHOOL_BASED = "school_based"  # 校本
    ONLINE = "online"  # 网络/远程
    PRACTICE = "practice"  # 实践


class TrainingContent(StrEnum):
    """What the training was about: training.csv ``content``."""

    PROFESSIONAL = "professional"  # 专业
    PUBLIC_NEED = "public_need"  # 公需
    ETHICS = "ethics"  # 师德
    MANAGEMENT = "management"  # 管理
    HEAD_TEACHER = "head_teacher"  # 班主任
    IT = "it"  # 信息技术
    OTHER = "other"


class MentorshipKind(StrEnum):
    HEAD_TEACHER = "head_teacher"
    SUBJECT = "subject"
    STUDIO = "studio"


class ReviewKind(StrEnum):
    ETHICS = "ethics"
    ANNUAL = "annual"


class ReviewResult(StrEnum):
    """Ethics results (pass, fail) and annual grades (excellent ... unqualified)."""

    PASS = "pass"
    FAIL = "fail"
    EXCELLENT = "excellent"
    QUALIFIED = "qualified"
    BASIC = "basic"
    UNQUALIFIED = "unqualified"


ETHICS_RESULTS = frozenset({ReviewResult.PASS, ReviewResult.FAIL})
ANNUAL_RESULTS = frozenset(
    {ReviewResult.EXCELLENT, ReviewResult.QUALIFIED, ReviewResult.BASIC, ReviewResult.UNQUALIFIED}
)


class PostingKind(StrEnum):
    REGULAR = "regular"
    EXCHANGE = "exchange"
    SUPPORT = "support"


class TitleSource(StrEnum):
    """Where a title came from: a roster import, a record written by hand (the API), or the
    certification of a nomination round (docs/decisions-rounds.md)."""

    IMPORT = "import"
    MANUAL = "manual"
    ROUND = "round"


class DecisionOutcome(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


class RoundAction(StrEnum):
    """The audited steps of a nomination round."""

    OPEN = "open"
    NOMINATE = "nominate"
    DECIDE = "decide"
    CERTIFY = "certify"
