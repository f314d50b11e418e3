"""A target of an eligibility question: a tier at a level on a track.

One grammar everywhere (CLI ``--target``, the API's ``target``, the web's target picker, and what
``policies`` prints): ``TIER@LEVEL[/TRACK]``, e.g. ``backbone@city`` or ``famous@county/principal``.
The title as bureaus write it in Chinese is read too: ``县级骨干教师``, ``市级名班主任``, ``省级名校长``
(level prefix, tier, then the track's noun), the words i18n.Words.target prints.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.errors import InvalidTarget

GRAMMAR = "TIER@LEVEL[/TRACK]"

# The Chinese title: the same words as the zh_CN catalogue (tests/unit/test_target.py checks that
# every target printed by i18n.Words.target in Chinese reads back here).
_ZH_LEVELS = {"校级": Level.SCHOOL, "县级": Level.COUNTY, "区级": Level.COUNTY, "县区级": Level.COUNTY,
              "县（区）级": Level.COUNTY, "县(区)级": Level.COUNTY, "市级": Level.CITY,
              "省级": Level.PROVINCE, "国家级": Level.NATIONAL}
_ZH_TIERS = {"新": Tier.NEW, "新任": Tier.NEW, "新锐": Tier.EMERGING, "骨干": Tier.BACKBONE,
             "名": Tier.FAMOUS, "教育家型": Tier.EDUCATOR}
_ZH_TRACKS = {"教师": Track.TEACHER, "班主任": Track.HEAD_TEACHER, "校长": Track.PRINCIPAL,
              "教研员": Track.RESEARCHER}
_ZH_TITLE = re.compile("({})({})({})".format(*("|".join(sorted(map(re.escape, words), key=len, reverse=True))
                                               for words in (_ZH_LEVELS, _ZH_TIERS, _ZH_TRACKS))))


class Target(BaseModel):
    """``backbone@city`` on the teacher track, say.

    Examples:
        >>> Target.parse("backbone@city")
        Target(tier=<Tier.BACKBONE: 'backbone'>, level=<Level.CITY: 'city'>, track=<Track.TEACHER: 'teacher'>)
        >>> str(Target.parse("famous@county/principal"))
        'famous@county/principal'
        >>> Target.parse("famous@county", track="principal") == Target.parse("县级名校长")
        True
    """

    model_config = ConfigDict(frozen=True)

    tier: Tier
    level: Level
    track: Track = Track.TEACHER

    @classmethod
    def parse(cls, text: str, track: str | Track | None = None) -> Target:
        """``text`` in the grammar (or the Chinese title). ``track`` is a separate track option
        (``--track``): used when the text names none; naming another one is an error, not a
        silent choice (the teacher track, the default, gives way to the text's)."""
        text = text.strip()
        zh = _ZH_TITLE.fullmatch(text.replace(" ", ""))
        if zh:
            found = cls(tier=_ZH_TIERS[zh[2]], level=_ZH_LEVELS[zh[1]], track=_ZH_TRACKS[zh[3]])
            return found._with_track(text, track)
        tier, sep, rest = text.partition("@")
        level, slash, named = rest.replace("|", "/").partition("/")
        if not sep or (slash and not named):
            raise InvalidTarget(f"target {text!r} must look like {GRAMMAR}, e.g. backbone@city or "
                                "famous@county/principal (or 县级骨干教师)")
        try:
            found = cls(tier=Tier(tier.strip().lower()), level=Level(level.strip().lower()),
                        track=_track(named) if named else Track.TEACHER)
        except ValueError:
            raise InvalidTarget(
                f"target {text!r}: tier must be one of {[t.value for t in Tier]}, "
                f"level one of {[lv.value for lv in Level]}, "
                f"track one of {[tr.value for tr in Track]}"
            ) from None
        return found._with_track(text, track if not named else track or found.track)

    def _with_track(self, text: str, track: str | Track | None) -> Target:
        if track is None:
            return self
        try:
            option = _track(track)
        except ValueError:
            raise InvalidTarget(f"track {track!r} must be one of {[tr.value for tr in Track]}") from None
        if option is self.track or option is Track.TEACHER:
            return self
        if self.track is not Track.TEACHER or _names_track(text):
            raise InvalidTarget(f"target {text!r} is on the {self.track.value} track, not {option.value}")
        return self.model_copy(update={"track": option})

    def __str__(self) -> str:
        base = f"{self.tier.value}@{self.level.value}"
        return base if self.track is Track.TEACHER else f"{base}/{self.track.value}"


def _track(value: str | Track) -> Track:
    return value if isinstance(value, Track) else Track(value.strip().lower().replace("-", "_"))


def _names_track(text: str) -> bool:
    """Does the text name its track itself (``.../teacher``, ``...教师``)?"""
    return "/" in text or "|" in text or bool(_ZH_TITLE.fullmatch(text.replace(" ", "")))
