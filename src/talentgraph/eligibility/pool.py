"""The candidate pool of a target: who a step of the ladder is for.

A candidate for TIER@LEVEL is a teacher in post on the date (and in scope) who
does not already hold it, and who has not outgrown it: a backbone teacher is
not a candidate for any emerging step, a famous teacher for no backbone step.
Teacher and head-teacher titles are one teaching ladder here (JM's famous
rung is 名教师 and 名班主任 alike), so a famous head-teacher has outgrown the
emerging steps too. The principal and researcher ladders are for principals and
researchers (the role, or a title on that track). A policy may keep holders of named higher tiers in the pool
where its source draws on them (``admit_tiers``: TX trains county famous
teachers for city backbone). Every count of candidates (sweeps, the funnel)
counts this pool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Role, Tier, Track
from talentgraph.domain.message import N_
from talentgraph.domain.target import Target
from talentgraph.eligibility.base import Mask, int_col, one_of
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import in_post

TEACHING_LADDER = (Track.TEACHER, Track.HEAD_TEACHER)
# The principal and researcher ladders are for principals and researchers: the role, or a
# title on that track, puts a teacher in their pool.
ROLE_OF_TRACK = {Track.PRINCIPAL: Role.PRINCIPAL, Track.RESEARCHER: Role.RESEARCHER}
POOL_BASIS = N_("teachers in post on the date who hold neither the target (its tier at its level or "
                "higher, on its track) nor a higher tier at any level (teacher and head-teacher titles "
                "are one ladder), unless the policy admits that tier; on the principal and researcher "
                "tracks, only teachers with that role or a title on that track")


def ladder(track: Track) -> list[int]:
    """Codes of the tracks whose higher tiers take a teacher beyond a target on ``track``."""
    return [code_of(t) for t in (TEACHING_LADDER if track in TEACHING_LADDER else (track,))]


def _valid(facts: Facts, day: int) -> Mask:
    t = facts.titles
    valid: Mask = (int_col(t, "awarded") <= day) & (int_col(t, "until") >= day)
    return valid


def held_rows(facts: Facts, target: Target, day: int) -> Mask:
    """Title rows at the target tier or higher, at its level or higher, on its track, valid on ``day``."""
    t = facts.titles
    held: Mask = (
        (int_col(t, "tier") >= code_of(target.tier))
        & (int_col(t, "level") >= code_of(target.level))
        & (t["track"] == code_of(target.track))
        & _valid(facts, day)
    )
    return held


def beyond_rows(facts: Facts, target: Target, day: int, admitted: Sequence[Tier] = ()) -> Mask:
    """Title rows of a higher tier than the target's, at any level, on its ladder, valid on ``day``
    (tiers in ``admitted`` excepted)."""
    t = facts.titles
    tier = int_col(t, "tier")
    rows: Mask = (
        (tier > code_of(target.tier))
        & ~one_of(tier, [code_of(x) for x in admitted])
        & one_of(t["track"], ladder(target.track))
        & _valid(facts, day)
    )
    return rows


def _teachers_with(facts: Facts, rows: Mask) -> npt.NDArray[np.bool_]:
    out = np.zeros(facts.n, dtype=bool)
    out[facts.titles.teacher[rows]] = True
    return out


def holds_exactly(facts: Facts, target: Target, day: int) -> npt.NDArray[np.bool_]:
    """Teachers holding the target's tier at its level on its track (the funnel's holders)."""
    t = facts.titles
    rows: Mask = ((t["tier"] == code_of(target.tier)) & (t["level"] == code_of(target.level))
                  & (t["track"] == code_of(target.track)) & _valid(facts, day))
    return _teachers_with(facts, rows)


def holds_target(facts: Facts, target: Target, day: int) -> npt.NDArray[np.bool_]:
    """Teachers who already hold the target tier (or higher) at its level (or higher)."""
    return _teachers_with(facts, held_rows(facts, target, day))


def beyond_target(facts: Facts, target: Target, day: int,
                  admitted: Sequence[Tier] = ()) -> npt.NDArray[np.bool_]:
    """Teachers who hold a higher tier than the target's on its ladder: past this step."""
    return _teachers_with(facts, beyond_rows(facts, target, day, admitted))


def on_track(facts: Facts, track: Track, day: int) -> npt.NDArray[np.bool_]:
    """Teachers a track is for: everyone on the teaching ladder; on the principal or researcher
    track, those with the role or any title on that track valid on ``day``."""
    role = ROLE_OF_TRACK.get(track)
    if role is None:
        return np.ones(facts.n, dtype=bool)
    has: npt.NDArray[np.bool_] = (facts.roles & (1 << code_of(role))) != 0
    titled = (facts.titles["track"] == code_of(track)) & _valid(facts, day)
    return has | _teachers_with(facts, titled)


def candidates(facts: Facts, target: Target, as_of: dt.date, scope: npt.NDArray[np.bool_],
               admitted: Sequence[Tier] = ()) -> npt.NDArray[np.intp]:
    """Rows of the teachers in the target's pool (in post, in scope, on its track, not holding
    it, not past it)."""
    day = day_number(as_of)
    out = scope & in_post(facts, day) & on_track(facts, target.track, day)
    out &= ~holds_target(facts, target, day)
    return np.flatnonzero(out & ~beyond_target(facts, target, day, admitted))
