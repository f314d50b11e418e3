"""The values a bundle cell may hold beside the schema's own codes: booleans and enum values as
bureaus write them (是/否, 骨干, 县级, 在岗 ...).

An enum value is read from its code (any case) or its Chinese words: those the language layer
shows (``Words.term``, so what the template's drop-downs offer reads back) and a few more
spellings offices use. A word two values share (合格: an ethics ``pass``, an annual
``qualified``) is left to the reader that knows which one the row means.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from talentgraph.domain.enums import Level, OrgKind, Status, Tier
from talentgraph.domain.headers import normalized
from talentgraph.i18n import CHINESE, Words

TRUE_WORDS = ("true", "1", "是", "y")
FALSE_WORDS = ("false", "0", "否", "n")

# Spellings beyond the language layer's words, as offices write them.
_MORE: dict[StrEnum, tuple[str, ...]] = {
    OrgKind.COUNTY: ("县", "区", "县级", "区县"),
    OrgKind.CITY: ("市级",),
    OrgKind.PROVINCE: ("省级",),
    OrgKind.SCHOOL: ("校",),
    Level.COUNTY: ("区级", "县区级"),
    Status.ACTIVE: ("在职",),
    Tier.NEW: ("新教师",),
    Tier.FAMOUS: ("名师",),
}


def chinese_words(value: StrEnum) -> tuple[str, ...]:
    """The Chinese words ``value`` is read from; the first is the one the template offers."""
    words = Words.of(CHINESE)
    found = [words.term(value)]
    if isinstance(value, Tier):
        found.append(words.tier(value))  # 骨干教师 as well as 骨干
    found += _MORE.get(value, ())
    return tuple(dict.fromkeys(found))


@cache
def enum_words(enum: type[StrEnum]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """For one enum: normalized word -> code, and the shared words -> every code they may mean."""
    meanings: dict[str, list[str]] = {}
    for member in enum:
        for word in (member.value, *chinese_words(member)):
            codes = meanings.setdefault(normalized(word), [])
            if member.value not in codes:
                codes.append(member.value)
    single = {word: codes[0] for word, codes in meanings.items() if len(codes) == 1}
    shared = {word: tuple(codes) for word, codes in meanings.items() if len(codes) > 1}
    return single, shared


def offered_word(value: StrEnum) -> str:
    """The Chinese word a drop-down offers for ``value``: a tier's title (骨干教师), else the word
    the app shows. Read back as ``value`` (a test fills the template in with these)."""
    words = Words.of(CHINESE)
    return words.tier(value) if isinstance(value, Tier) else words.term(value)
