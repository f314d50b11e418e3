"""A target of an eligibility question: a tier at a level on a track."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.errors import InvalidTarget


class Target(BaseModel):
    """``backbone@city`` on the teacher track, say.

    Examples:
        >>> Target.parse("backbone@city")
        Target(tier=<Tier.BACKBONE: 'backbone'>, level=<Level.CITY: 'city'>, track=<Track.TEACHER: 'teacher'>)
        >>> str(Target.parse("famous@county", track="principal"))
        'famous@county/principal'
    """

    model_config = ConfigDict(frozen=True)

    tier: Tier
    level: Level
    track: Track = Track.TEACHER

    @classmethod
    def parse(cls, text: str, track: str | Track = Track.TEACHER) -> Target:
        tier, sep, level = text.strip().partition("@")
        if not sep:
            raise InvalidTarget(f"target {text!r} must look like TIER@LEVEL, e.g. backbone@city")
        try:
            return cls(tier=Tier(tier), level=Level(level), track=Track(track))
        except ValueError as exc:
            raise InvalidTarget(
                f"target {text!r}: tier must be one of {[t.value for t in Tier]}, "
                f"level one of {[lv.value for lv in Level]}, "
                f"track one of {[tr.value for tr in Track]}"
            ) from exc

    def __str__(self) -> str:
        base = f"{self.tier.value}@{self.level.value}"
        return base if self.track is Track.TEACHER else f"{base}/{self.track.value}"
