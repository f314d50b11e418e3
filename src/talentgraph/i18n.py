"""Language: which one a reader gets, and the words talentgraph shows in it.

Chinese (``zh_CN``) first, English beside it. Messages are written in English in the code (and
in templates) and translated by the gettext catalogue
``talentgraph/locale/zh_CN/LC_MESSAGES/talentgraph.po``; its compiled ``.mo`` is committed beside
it (tests/unit/test_i18n.py checks the two agree, that every message found in the code is in the
catalogue, and that each has a Chinese translation). English needs no catalogue: the messages are
English. See docs/i18n.md for the Babel commands.

Any entry point uses it the same way::

    words = Words.of(negotiate(choice, accept_language))   # or Words.of("zh_CN")
    words.gettext("Candidates")                            # 候选人
    words.target(Target.parse("backbone@city"))            # 市级骨干教师
    words.verdict(VerdictKind.REVIEW)                      # 待审核
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Mapping
from enum import Enum
from functools import cache
from importlib import resources

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ProgrammeType,
    ReviewKind,
    ReviewResult,
    Role,
    Stage,
    Status,
    Tier,
    Track,
    TrainingContent,
    TrainingDelivery,
)
from talentgraph.domain.message import N_, Message
from talentgraph.domain.rule_catalogue import BY_ID
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Evidence, Verdict, VerdictKind

__all__ = ["CHINESE", "ENGLISH", "LANGUAGES", "N_", "Words", "cli_language", "language_of", "negotiate"]

DOMAIN = "talentgraph"
CHINESE, ENGLISH = "zh_CN", "en"
LANGUAGES = (CHINESE, ENGLISH)
DEFAULT = CHINESE  # Chinese first: a planner who says nothing gets Chinese
_ALIASES = {
    "zh": CHINESE,
    "zh-cn": CHINESE,
    "zh_cn": CHINESE,
    "zh-hans": CHINESE,
    "zh-sg": CHINESE,
    "en": ENGLISH,
    "en-us": ENGLISH,
    "en-gb": ENGLISH,
    "en_us": ENGLISH,
    "en_gb": ENGLISH,
}


def language_of(tag: str | None) -> str | None:
    """The supported language a tag (``zh-CN``, ``en``, ``en-GB``, ``zh_CN``) names, or None."""
    if not tag:
        return None
    tag = tag.strip().lower()
    return _ALIASES.get(tag) or _ALIASES.get(tag.replace("_", "-").split("-")[0])


def negotiate(choice: str | None = None, accept_language: str | None = None) -> str:
    """The language to answer in: an explicit ``choice`` (a query parameter, a cookie, a CLI
    option) if supported, else the first supported one of an ``Accept-Language`` header by
    weight, else Chinese.

    >>> negotiate(None, "en-US,en;q=0.9,zh-CN;q=0.8")
    'en'
    >>> negotiate("zh", "en")
    'zh_CN'
    >>> negotiate(None, "fr, de;q=0.5")
    'zh_CN'
    """
    chosen = language_of(choice)
    if chosen:
        return chosen
    weighted = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        lang = language_of(tag)
        if lang and weight > 0:
            weighted.append((-weight, position, lang))
    return min(weighted)[2] if weighted else DEFAULT


def cli_language(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The command line's language: ``--lang``, else ``TALENTGRAPH_LANG``, else the locale
    (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; on Windows the system's), else English. A locale that
    names no language (``C``, ``POSIX``: servers, CI, pipes) gives English, so scripts that read
    the output see the same words wherever they run; a Chinese desktop's locale gives Chinese."""
    for tag in (option, environ.get("TALENTGRAPH_LANG")):
        if tag:
            chosen = language_of(tag)
            if chosen is None:
                raise ValueError(f"unsupported language {tag!r}; use zh or en")
            return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # the first one set decides, as POSIX says
            return language_of(value.split(".")[0]) or ENGLISH
    system = (locale.getlocale()[0] or "").lower()  # Windows: 'Chinese (Simplified)_China'
    return CHINESE if system.startswith(("zh", "chinese")) else ENGLISH


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English: the messages as written)."""
    if lang == ENGLISH:
        return gettext.NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; supported: {', '.join(LANGUAGES)}")
    mo = resources.files("talentgraph") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


class Words:
    """Messages and domain names in one language: as bureaus write them in Chinese."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.catalogue = translations(lang)

    @classmethod
    @cache
    def of(cls, lang: str) -> Words:
        return cls(lang)

    @property
    def chinese(self) -> bool:
        return self.lang == CHINESE

    def gettext(self, message: str) -> str:
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.catalogue.pgettext(context, message)

    # -- the engine's words -------------------------------------------------------------------

    def render(self, said: Message | str | None) -> str:
        """A message of the engine in this language (its parameters too)."""
        if said is None:
            return ""
        if isinstance(said, str):
            return self.gettext(said) if said else ""
        if self.lang == ENGLISH:
            return str(said)
        return said.render(self.gettext, self.word)

    def reason(self, check: CheckResult) -> str:
        """Why a check passed or did not, in this language (English: as the engine worded it)."""
        if check.message is None or self.lang == ENGLISH:
            return check.reason
        return self.render(check.message)

    def policy_text(self, text: str | None) -> str:
        """A built-in policy's own words (title, note, duty) in this language; a policy file of
        the user's is not in the catalogue and shows as written."""
        return self.gettext(text) if text else ""

    def note(self, verdict: Verdict) -> str | None:
        """Why a sweep would not list the teacher, if it would not."""
        if verdict.note_message is None or self.lang == ENGLISH:
            return verdict.note
        return self.render(verdict.note_message)

    def detail(self, evidence: Evidence) -> str:
        if evidence.message is None or self.lang == ENGLISH:
            return evidence.detail
        return self.render(evidence.message)

    def word(self, value: Enum) -> str:
        """An enum as a parameter of a message: the vocabulary's word (Chinese), its value (English)."""
        if self.lang == ENGLISH:
            return str(value.value)
        return self.term(value)

    def quote(self, rule_id: str) -> str:
        """``«seed sentence» (source)``: the seed's own words in every language."""
        entry = BY_ID.get(rule_id)
        if entry is None:
            return ""
        tail = self.gettext("JM, normalised wording") if entry.normalised else entry.source
        return f"«{entry.text}»" + (f"（{tail}）" if self.chinese else f" ({tail})")

    # -- the ladder ---------------------------------------------------------------------------

    def level(self, level: Level) -> str:
        """校级, 县级, 市级, 省级, 国家级."""
        pgettext = self.pgettext
        return {
            Level.SCHOOL: pgettext("level", "school"),
            Level.COUNTY: pgettext("level", "county"),
            Level.CITY: pgettext("level", "city"),
            Level.PROVINCE: pgettext("level", "province"),
            Level.NATIONAL: pgettext("level", "national"),
        }[level]

    def tier(self, tier: Tier, track: Track = Track.TEACHER) -> str:
        """The title of a tier on a track: 骨干教师, 名班主任, 名校长, 骨干教研员 ..."""
        return self._titles(track)[tier]

    def target(self, target: Target) -> str:
        """A tier at a level as bureaus name it: 市级骨干教师 / city-level backbone teacher."""
        return self.pgettext("target", "{level}-level {title}").format(
            level=self.level(target.level), title=self.tier(target.tier, target.track)
        )

    def _titles(self, track: Track) -> dict[Tier, str]:
        pgettext = self.pgettext
        if track is Track.HEAD_TEACHER:
            return {
                Tier.NEW: pgettext("title", "new head-teacher"),
                Tier.EMERGING: pgettext("title", "emerging head-teacher"),
                Tier.BACKBONE: pgettext("title", "backbone head-teacher"),
                Tier.FAMOUS: pgettext("title", "famous head-teacher"),
                Tier.EDUCATOR: pgettext("title", "educator-type head-teacher"),
            }
        if track is Track.PRINCIPAL:
            return {
                Tier.NEW: pgettext("title", "new principal"),
                Tier.EMERGING: pgettext("title", "emerging principal"),
                Tier.BACKBONE: pgettext("title", "backbone principal"),
                Tier.FAMOUS: pgettext("title", "famous principal"),
                Tier.EDUCATOR: pgettext("title", "educator-type principal"),
            }
        if track is Track.RESEARCHER:
            return {
                Tier.NEW: pgettext("title", "new researcher"),
                Tier.EMERGING: pgettext("title", "emerging researcher"),
                Tier.BACKBONE: pgettext("title", "backbone researcher"),
                Tier.FAMOUS: pgettext("title", "famous researcher"),
                Tier.EDUCATOR: pgettext("title", "educator-type researcher"),
            }
        return {
            Tier.NEW: pgettext("title", "new teacher"),
            Tier.EMERGING: pgettext("title", "emerging teacher"),
            Tier.BACKBONE: pgettext("title", "backbone teacher"),
            Tier.FAMOUS: pgettext("title", "famous teacher"),
            Tier.EDUCATOR: pgettext("title", "educator-type teacher"),
        }

    def track(self, track: Track) -> str:
        pgettext = self.pgettext
        return {
            Track.TEACHER: pgettext("track", "teacher"),
            Track.HEAD_TEACHER: pgettext("track", "head-teacher"),
            Track.PRINCIPAL: pgettext("track", "principal"),
            Track.RESEARCHER: pgettext("track", "researcher"),
        }[track]

    # -- verdicts and checks ------------------------------------------------------------------

    def verdict(self, verdict: VerdictKind) -> str:
        """符合 / 待审核 / 不符合."""
        pgettext = self.pgettext
        return {
            VerdictKind.ELIGIBLE: pgettext("verdict", "eligible"),
            VerdictKind.REVIEW: pgettext("verdict", "review"),
            VerdictKind.INELIGIBLE: pgettext("verdict", "ineligible"),
        }[verdict]

    def outcome(self, passed: bool, unknown: bool = False) -> str:
        """A check's outcome: pass, fail, or unknown (the data needed is missing)."""
        pgettext = self.pgettext
        return (
            pgettext("check", "unknown")
            if unknown
            else pgettext("check", "pass")
            if passed
            else pgettext("check", "fail")
        )

    def strength(self, hard: bool) -> str:
        """A hard rule, or one the sources mark 原则上 "in principle" (an authority may waive it)."""
        return self.pgettext("rule", "hard") if hard else self.pgettext("rule", "in principle")

    # -- the other vocabularies ---------------------------------------------------------------

    def term(self, value: Enum | None) -> str:
        """Any domain enum value (stage, org kind, training kind, review result, ...) in words."""
        if value is None:
            return ""
        if isinstance(value, Level):
            return self.level(value)
        if isinstance(value, Track):
            return self.track(value)
        if isinstance(value, VerdictKind):
            return self.verdict(value)
        words = self._terms().get(value)
        return words if words is not None else str(value.value)

    def subject(self, subject: str | None) -> str:
        """A subject code (math, chinese, ...) in words; an unknown code as written."""
        if not subject:
            return ""
        return self._subjects().get(subject, subject)

    def subject_codes(self) -> list[tuple[str, str]]:
        """The subject codes known to have words, with them, in the order of the vocabulary."""
        return list(self._subjects().items())

    def _terms(self) -> dict[Enum, str]:
        pgettext = self.pgettext
        return {
            OrgKind.SCHOOL: pgettext("org", "school"),
            OrgKind.COUNTY: pgettext("org", "county"),
            OrgKind.CITY: pgettext("org", "city"),
            OrgKind.PROVINCE: pgettext("org", "province"),
            Tier.NEW: pgettext("tier", "new"),
            Tier.EMERGING: pgettext("tier", "emerging"),
            Tier.BACKBONE: pgettext("tier", "backbone"),
            Tier.FAMOUS: pgettext("tier", "famous"),
            Tier.EDUCATOR: pgettext("tier", "educator-type"),
            Stage.KINDERGARTEN: pgettext("stage", "kindergarten"),
            Stage.PRIMARY: pgettext("stage", "primary"),
            Stage.JUNIOR: pgettext("stage", "junior high"),
            Stage.SENIOR: pgettext("stage", "senior high"),
            Stage.VOCATIONAL: pgettext("stage", "vocational"),
            Stage.SPECIAL: pgettext("stage", "special education"),
            Role.PRINCIPAL: pgettext("role", "principal"),
            Role.RESEARCHER: pgettext("role", "researcher"),
            Role.SUBJECT_LEADER: pgettext("role", "subject leader"),
            Status.ACTIVE: pgettext("status", "in post"),
            Status.LEFT: pgettext("status", "left"),
            Status.RETIRED: pgettext("status", "retired"),
            ProgrammeResult.IN_PROGRESS: pgettext("result", "in progress"),
            ProgrammeResult.PASS: pgettext("result", "pass"),
            ProgrammeResult.EXCELLENT: pgettext("result", "excellent"),
            ProgrammeResult.FAIL: pgettext("result", "fail"),
            ProgrammeType.CULTIVATION: pgettext("programme", "cultivation"),
            ProgrammeType.CERTIFICATION: pgettext("programme", "certification training"),
            ProgrammeType.IMPROVEMENT: pgettext("programme", "whole-staff improvement"),
            TrainingDelivery.CENTRALIZED: pgettext("training", "centralized"),
            TrainingDelivery.SCHOOL_BASED: pgettext("training", "school-based"),
            TrainingDelivery.ONLINE: pgettext("training", "online"),
            TrainingDelivery.PRACTICE: pgettext("training", "practice"),
            TrainingContent.PROFESSIONAL: pgettext("training", "professional"),
            TrainingContent.PUBLIC_NEED: pgettext("training", "public-need"),
            TrainingContent.ETHICS: pgettext("training", "ethics"),
            TrainingContent.MANAGEMENT: pgettext("training", "management"),
            TrainingContent.HEAD_TEACHER: pgettext("training", "head-teacher work"),
            TrainingContent.IT: pgettext("training", "information technology"),
            TrainingContent.OTHER: pgettext("training", "other"),
            MentorshipKind.HEAD_TEACHER: pgettext("mentorship", "head-teacher mentoring"),
            MentorshipKind.SUBJECT: pgettext("mentorship", "subject mentoring"),
            MentorshipKind.STUDIO: pgettext("mentorship", "studio mentoring"),
            ReviewKind.ETHICS: pgettext("review", "ethics review"),
            ReviewKind.ANNUAL: pgettext("review", "annual review"),
            ReviewResult.PASS: pgettext("grade", "pass"),
            ReviewResult.FAIL: pgettext("grade", "fail"),
            ReviewResult.EXCELLENT: pgettext("grade", "excellent"),
            ReviewResult.QUALIFIED: pgettext("grade", "qualified"),
            ReviewResult.BASIC: pgettext("grade", "basically qualified"),
            ReviewResult.UNQUALIFIED: pgettext("grade", "unqualified"),
            PostingKind.REGULAR: pgettext("posting", "regular"),
            PostingKind.EXCHANGE: pgettext("posting", "exchange"),
            PostingKind.SUPPORT: pgettext("posting", "support"),
        }

    def _subjects(self) -> dict[str, str]:
        pgettext = self.pgettext
        return {
            "preschool": pgettext("subject", "preschool"),
            "chinese": pgettext("subject", "Chinese"),
            "math": pgettext("subject", "mathematics"),
            "english": pgettext("subject", "English"),
            "physics": pgettext("subject", "physics"),
            "chemistry": pgettext("subject", "chemistry"),
            "biology": pgettext("subject", "biology"),
            "history": pgettext("subject", "history"),
            "geography": pgettext("subject", "geography"),
            "politics": pgettext("subject", "politics"),
            "morality": pgettext("subject", "morality and law"),
            "science": pgettext("subject", "science"),
            "pe": pgettext("subject", "physical education"),
            "music": pgettext("subject", "music"),
            "art": pgettext("subject", "art"),
            "it": pgettext("subject", "information technology"),
            "mechanics": pgettext("subject", "mechanics"),
            "electronics": pgettext("subject", "electronics"),
            "accounting": pgettext("subject", "accounting"),
            "computing": pgettext("subject", "computing"),
            "nursing": pgettext("subject", "nursing"),
            "tourism": pgettext("subject", "tourism"),
            "special_education": pgettext("subject", "special education"),
            "rehabilitation": pgettext("subject", "rehabilitation"),
        }
