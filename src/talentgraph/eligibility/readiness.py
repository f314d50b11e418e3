"""Readiness: the earliest date a candidate would pass on current data, and what is missing.

For a teacher who is not eligible on the as-of date, the verdict is asked again on every date
within ``HORIZON_YEARS`` on which a rule's answer can change for them: the anniversaries of
each date on their record (entry, principal since, titles, programmes, mentorships, studio
membership, postings: teaching years, tenure and bans count in whole years from these), the
days after a title lapses, a mentorship's ``min_days`` after it began, and the period
boundaries the hour and review rules count by (1 January, 1 February, 1 July, 1 August). The
first date on which the engine itself says eligible is the answer, so a date is never trusted
from arithmetic: it is the verdict of that date.

Two passes. On current data alone: nothing new is recorded, only time passes (bans end,
windows open, titles awarded for a later date become valid, years accrue). If that finds no
date and the target's checks count training hours, a second pass assumes the teacher's
training continues as in the 12 months to the as-of date, the same records repeated a year
apart; an answer found so says so (``assumption``).

A whole list is worked out at once (``readiness_of``): every (teacher, date) pair is gathered from
the columns, and each date is asked in one sweep over the teachers whose date it is and who have
not passed yet. A sweep costs about as much for thirty teachers as for one, so the cost follows
the number of distinct dates, not of teachers; each answer is the one the teacher alone gets.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.days import day_number, first_day_after_years, from_day_number
from talentgraph.eligibility.engine import VERDICTS, rules_for, sweep
from talentgraph.eligibility.facts import Facts, Keyed
from talentgraph.eligibility.subset import take_teachers
from talentgraph.policy.schema import (
    AllOf,
    AnnualHours,
    AnyOf,
    CentralizedHours,
    CheckSpec,
    CycleHours,
    HasMentor,
    Policy,
    SchoolYearHours,
    SemesterHours,
    WindowHours,
)

HORIZON_YEARS = 10
EARLIEST = dt.date(1900, 1, 1)
YEAR_DAYS = 365.2425
HOUR_CHECKS = (AnnualHours, CycleHours, WindowHours, SemesterHours, SchoolYearHours, CentralizedHours)
Status = Literal["ready now", "ready on", "not on current data"]


@dataclass(frozen=True)
class Readiness:
    """``status``; ``on``, the first passing date; ``missing``, the rules that keep the teacher
    from passing on the as-of date (for "not on current data": still on the last date tried)."""

    status: Status
    on: dt.date | None
    missing: tuple[str, ...]
    assumption: str | None = None
    no_data: tuple[str, ...] = ()  # those of ``missing`` that lack the data they need (unknown)

    @property
    def text(self) -> str:
        when = {"ready now": "ready now", "ready on": f"ready on {self.on}",
                "not on current data": "not on current data"}[self.status]
        unknown = f"; no data for {', '.join(self.no_data)}" if self.no_data else ""
        why = f" (missing: {', '.join(self.missing)}{unknown})" if self.missing else ""
        return when + why + (f"; assuming {self.assumption}" if self.assumption else "")

    def record(self) -> dict[str, object]:
        return {"status": self.status, "on": self.on.isoformat() if self.on else None,
                "missing": list(self.missing), "no_data": list(self.no_data), "assumption": self.assumption,
                "text": self.text}


class ReadyWhen(StrEnum):
    """When a candidate is ready, in the buckets a planner filters by."""

    NOW = "now"  # eligible on the as-of date
    YEAR = "year"  # ready on a date within a year of it (the same day a year later included)
    LATER = "later"  # ready on a later date
    NOT = "not"  # not on current data

    @classmethod
    def of(cls, ready: Readiness, as_of: dt.date) -> ReadyWhen:
        if ready.status == "ready now":
            return cls.NOW
        if ready.on is None:
            return cls.NOT
        return cls.YEAR if ready.on <= _later(as_of, 1) else cls.LATER


Standing = tuple[VerdictKind, tuple[str, ...], tuple[str, ...]]
NOT_A_CANDIDATE = ("not a candidate on the date",)


def readiness(facts: Facts, policy: Policy, target: Target, as_of: dt.date, row: int) -> Readiness:
    """Readiness of the teacher at ``row`` of ``facts`` for ``target`` under ``policy``."""
    return readiness_of(facts, policy, target, as_of, np.array([row], dtype=np.intp))[0]


def readiness_of(facts: Facts, policy: Policy, target: Target, as_of: dt.date,
                 rows: npt.NDArray[np.intp]) -> list[Readiness]:
    """Readiness of the teachers at ``rows`` of ``facts``, in that order. Each date on which a rule
    may change for any of them is asked once, in one sweep over the teachers whose date it is."""
    people = take_teachers(facts, np.asarray(rows, dtype=np.intp))
    checks = list(rules_for(policy, target).checks)
    end = _later(as_of, HORIZON_YEARS)
    now = _standing(people, policy, target, as_of)
    out: list[Readiness | None] = [None] * people.n
    for i, got in enumerate(now):
        if got is not None and got[0] is VerdictKind.ELIGIBLE:
            out[i] = Readiness("ready now", None, ())
    # What keeps each one from passing on the as-of date.
    lacking = [(got[1], got[2]) if got is not None else (NOT_A_CANDIDATE, ()) for got in now]

    waiting = np.array([i for i, r in enumerate(out) if r is None], dtype=np.intp)
    found, short = _first_passing(take_teachers(people, waiting), policy, target, checks, as_of, end)
    for i, on in zip(waiting, found, strict=True):
        if on is not None:
            out[i] = Readiness("ready on", on, lacking[i][0], None, lacking[i][1])
    unfound = np.array([j for j, on in enumerate(found) if on is None], dtype=np.intp)
    # More training changes only the hour checks, and more hours never fail one: if none fell
    # short on any date tried, a projection cannot find a date either.
    plain = waiting[unfound[~short[unfound]]]
    _not_found(out, take_teachers(people, plain), plain, lacking, policy, target, end,
               [None] * plain.shape[0])

    hoping = waiting[unfound[short[unfound]]]
    projected, rates = _projected(take_teachers(people, hoping), as_of, end)
    assumptions: list[str | None] = [
        f"training hours continue as in the 12 months to {as_of} ({rate:g} h a year), "
        "the same records repeated a year apart" for rate in rates]
    found, _ = _first_passing(projected, policy, target, checks, as_of, end)
    for j, on in enumerate(found):
        i = int(hoping[j])
        if on is not None:
            out[i] = Readiness("ready on", on, lacking[i][0], assumptions[j], lacking[i][1])
    still = np.array([j for j, on in enumerate(found) if on is None], dtype=np.intp)
    _not_found(out, take_teachers(projected, still), hoping[still], lacking, policy, target, end,
               [assumptions[j] for j in still])
    return [r for r in out if r is not None]


def _not_found(out: list[Readiness | None], people: Facts, places: npt.NDArray[np.intp],
               lacking: list[tuple[tuple[str, ...], tuple[str, ...]]], policy: Policy, target: Target,
               end: dt.date, assumptions: list[str | None]) -> None:
    """"Not on current data" for ``people`` (at ``places`` of ``out``), with the rules still
    missing on the last date tried (those of the as-of date if they are no candidate then)."""
    last = _standing(people, policy, target, end)
    for i, got, assumption in zip(places, last, assumptions, strict=True):
        missing, no_data = (got[1], got[2]) if got is not None else lacking[i]
        out[int(i)] = Readiness("not on current data", None, missing, assumption, no_data)


def _standing(people: Facts, policy: Policy, target: Target, day: dt.date) -> list[Standing | None]:
    """Each teacher's verdict on ``day``, the rules keeping them from passing, and those of them
    that lack data (None when they are not a candidate then: not in post, or past the step)."""
    out: list[Standing | None] = [None] * people.n
    if not people.n:
        return out
    found = sweep(people, policy, target, day)
    gates = [(c.cites() or (c.rule,), o) for c, o in zip(found.checks, found.outcomes, strict=True)
             if c.effect == "gate"]
    for k, row in enumerate(found.rows):
        failed = [r for rules, o in gates if not o.passed[k] and not o.unknown[k] for r in rules]
        unknown = [r for rules, o in gates if o.unknown[k] for r in rules]
        out[int(row)] = (VERDICTS[int(found.verdict[k])], tuple(dict.fromkeys((*failed, *unknown))),
                         tuple(dict.fromkeys(unknown)))
    return out


def _first_passing(people: Facts, policy: Policy, target: Target, checks: list[CheckSpec], as_of: dt.date,
                   end: dt.date) -> tuple[list[dt.date | None], npt.NDArray[np.bool_]]:
    """Each teacher's first date on which they are eligible (or None), and whether an hour check
    fell short, on known data, on any date tried. Dates are tried in order, each for the teachers
    whose date it is and who have not passed yet, in one sweep."""
    passed = np.zeros(people.n, dtype=bool)
    on = np.zeros(people.n, dtype=np.int64)
    short = np.zeros(people.n, dtype=bool)
    if not people.n:
        return [], short
    who, days = _dates(people, checks, as_of, end)
    hours = [isinstance(c, HOUR_CHECKS) for c in checks]
    runs = np.concatenate([[0], np.flatnonzero(days[1:] != days[:-1]) + 1, [days.shape[0]]])
    for lo, hi in itertools.pairwise(runs.tolist()):  # one run of pairs per date
        asked = who[lo:hi]
        asked = asked[~passed[asked]]
        if not asked.size:
            continue
        found = sweep(take_teachers(people, asked), policy, target, _date(int(days[lo])))
        if not found.rows.size:
            continue
        rows = asked[found.rows]
        ok = found.verdict == 0
        passed[rows[ok]], on[rows[ok]] = True, days[lo]
        # Known shortfalls only: hours that are unknown (no training data) no projection can fill.
        fell = np.zeros(found.rows.shape[0], dtype=bool)
        for hour, o in zip(hours, found.outcomes, strict=True):
            if hour:
                fell |= ~o.passed & ~o.unknown
        short[rows[~ok]] |= fell[~ok]
    return [_date(int(d)) if p else None for p, d in zip(passed, on, strict=True)], short


def _date(day: int) -> dt.date:
    found = from_day_number(day)
    assert found is not None  # only dates between the as-of date and the horizon are tried
    return found


def _flat(checks: list[CheckSpec]) -> list[CheckSpec]:
    out: list[CheckSpec] = []
    for c in checks:
        out.append(c)
        if isinstance(c, AnyOf | AllOf):
            out.extend(_flat(list(c.checks)))
    return out


def _dates(people: Facts, checks: list[CheckSpec], as_of: dt.date,
           end: dt.date) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Every (teacher, date) with the date in (as_of, end] on which a rule's answer can change for
    the teacher, once each, in date order (then teacher)."""
    first, last = day_number(as_of), day_number(end)
    earliest = day_number(EARLIEST)  # a day before any career: no sentinel or stray value passes
    everyone = np.arange(people.n, dtype=np.intp)
    t, p, m, s, q = people.titles, people.programmes, people.mentors, people.memberships, people.postings
    anchors: list[tuple[npt.ArrayLike, npt.ArrayLike]] = [
        (everyone, people.entry), (everyone, people.principal_since), (t.teacher, t["awarded"]),
        (p.teacher, p["enrolled"]), (p.teacher, p["completed"]), (m.teacher, m["start"]),
        (s.teacher, s["joined"]), (q.teacher, q["start"])]
    ends: list[tuple[npt.ArrayLike, npt.ArrayLike]] = [
        (t.teacher, t["until"]), (m.teacher, m["end"]), (s.teacher, s["left"]), (q.teacher, q["end"])]
    who, day = _pairs(anchors)
    keep = (earliest <= day) & (day <= last)
    pairs = [_anniversaries(who[keep], day[keep], as_of, end)]
    who, day = _pairs(ends)
    keep = (earliest <= day) & (day < last)
    pairs.append((who[keep], day[keep] + 1))  # the day after a title lapses, a posting ends, ...
    who, day = _pairs([(m.teacher, m["start"])])
    keep = (earliest <= day) & (day <= last)
    mentor_days = sorted({c.min_days for c in _flat(checks) if isinstance(c, HasMentor)})
    pairs += [(who[keep], day[keep] + min_days) for min_days in mentor_days]
    pairs.append(_pairs([(people.training.teacher, people.training["date"])]))  # new (projected) records
    bounds = np.array([day_number(dt.date(year, month, 1)) for year in range(as_of.year, end.year + 1)
                       for month in (1, 2, 7, 8)], dtype=np.int64)
    pairs.append((np.repeat(everyone, bounds.shape[0]), np.tile(bounds, people.n)))
    who = np.concatenate([w for w, _ in pairs])
    day = np.concatenate([d for _, d in pairs])
    keep = (first < day) & (day <= last)
    span = last - first
    key = np.unique(who[keep].astype(np.int64) * span + (day[keep] - first - 1))
    who, day = (key // span).astype(np.intp), key % span + first + 1
    order = np.lexsort((who, day))
    return who[order], day[order]


def _pairs(columns: Sequence[tuple[npt.ArrayLike, npt.ArrayLike]]
           ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """(teacher, day) pairs from columns of owners and days, as two flat arrays."""
    who = np.concatenate([np.asarray(w, dtype=np.intp) for w, _ in columns])
    day = np.concatenate([np.asarray(d).astype(np.int64).ravel() for _, d in columns])
    return who, day


def _anniversaries(who: npt.NDArray[np.intp], day: npt.NDArray[np.int64], as_of: dt.date,
                   end: dt.date) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Every anniversary of each (teacher, day) that falls between the dates asked (a 30-year
    rule's too), worked out once per distinct day."""
    distinct, back = np.unique(day, return_inverse=True)
    lists = []
    for d in distinct:
        start = _date(int(d))
        first_k = max(0, as_of.year - start.year - 1)
        lists.append([day_number(_later(start, k)) for k in range(first_k, end.year - start.year + 2)])
    sizes = np.array([len(x) for x in lists], dtype=np.int64)
    offsets = np.zeros(distinct.shape[0] + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.array([d for x in lists for d in x], dtype=np.int64)
    counts = sizes[back]  # each pair's anniversaries: flat[offsets[back]:offsets[back + 1]]
    at = np.cumsum(counts) - counts  # where each pair's run starts in the answer
    index = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(offsets[:-1][back] - at, counts)
    return np.repeat(who, counts), flat[index]


def _later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (as a ban counts it), or the last day there is."""
    return first_day_after_years(day, years) if day.year + years <= dt.MAXYEAR else dt.date.max


def _projected(people: Facts, as_of: dt.date, end: dt.date) -> tuple[Facts, list[float]]:
    """The teachers' facts with each one's training of the 12 months to ``as_of`` repeated each
    year to ``end``, and the hours a year that makes for each (credited records only)."""
    t = people.training
    date = np.asarray(t["date"]).astype(np.int64)
    today = day_number(as_of)
    recent = (date > today - 365) & (date <= today)
    passed = np.asarray(t["passed"]).astype(bool)
    hours = np.asarray(t["hours"])
    rates = []
    for i in range(people.n):  # each teacher's own sum, added up as for one teacher alone
        lo, hi = int(t.offsets[i]), int(t.offsets[i + 1])
        mine = np.flatnonzero(recent[lo:hi])
        rates.append(float(hours[lo:hi][mine][passed[lo:hi][mine]].sum()))
    years = int((day_number(end) - today) / YEAR_DAYS) + 1
    every = np.arange(t.size, dtype=np.int64)
    repeated = np.flatnonzero(recent)
    # Each teacher's rows: their own, then the recent ones a year later, two years later, ...
    index = np.concatenate([every, *[repeated] * years])
    block = np.concatenate([np.zeros(t.size, np.int64), *[np.full(repeated.shape[0], k, np.int64)
                                                          for k in range(1, years + 1)]])
    order = np.lexsort((index, block, t.teacher[index]))
    index, block = index[order], block[order]
    shift = np.array([0] + [round(k * YEAR_DAYS) for k in range(1, years + 1)], dtype=np.int64)[block]
    cols = {name: np.asarray(col)[index] for name, col in t.cols.items()}
    cols["date"] = (date[index] + shift).astype(np.asarray(t["date"]).dtype)
    training = Keyed.build(t.teacher[index], cols, people.n)
    return replace(people, training=training), rates
