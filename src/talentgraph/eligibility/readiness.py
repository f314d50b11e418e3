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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.days import day_number, first_day_after_years, from_day_number
from talentgraph.eligibility.engine import VERDICTS, rules_for, sweep
from talentgraph.eligibility.facts import Facts, Keyed
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


def readiness(facts: Facts, policy: Policy, target: Target, as_of: dt.date, row: int) -> Readiness:
    """Readiness of the teacher at ``row`` of ``facts`` for ``target`` under ``policy``."""
    one = facts.one(row)
    now = _verdict(one, policy, target, as_of)
    if now is not None and now[0] is VerdictKind.ELIGIBLE:
        return Readiness("ready now", None, ())
    missing = now[1] if now is not None else ("not a candidate on the date",)
    no_data = now[2] if now is not None else ()
    checks = list(rules_for(policy, target).checks)
    end = _later(as_of, HORIZON_YEARS)
    found, hours_short = _first_passing(one, policy, target, _dates(one, checks, as_of, end))
    if found is not None:
        return Readiness("ready on", found, missing, None, no_data)
    # More training changes only the hour checks, and more hours never fail one: if none fell
    # short on any date tried, a projection cannot find a date either.
    if hours_short:
        projected, rate = _projected(one, as_of, end)
        dates = _dates(projected, checks, as_of, end)
        found, _ = _first_passing(projected, policy, target, dates)
        assumption = (f"training hours continue as in the 12 months to {as_of} ({rate:g} h a year), "
                      "the same records repeated a year apart")
        if found is not None:
            return Readiness("ready on", found, missing, assumption, no_data)
        last = _verdict(projected, policy, target, end)
        if last is None:
            return Readiness("not on current data", None, missing, assumption, no_data)
        return Readiness("not on current data", None, last[1], assumption, last[2])
    last = _verdict(one, policy, target, end)
    if last is None:
        return Readiness("not on current data", None, missing, None, no_data)
    return Readiness("not on current data", None, last[1], None, last[2])


def _verdict(one: Facts, policy: Policy, target: Target,
             day: dt.date) -> tuple[VerdictKind, tuple[str, ...], tuple[str, ...]] | None:
    """The teacher's verdict on ``day``, the rules keeping them from passing, and those of them
    that lack data (None when they are not a candidate then: not in post, or past the step)."""
    found = sweep(one, policy, target, day)
    if found.rows.shape[0] == 0:
        return None
    v = found.verdict_at(0)
    return (VERDICTS[int(found.verdict[0])], tuple(dict.fromkeys((*v.failed_rules, *v.unknown_rules))),
            tuple(dict.fromkeys(v.unknown_rules)))


def _first_passing(one: Facts, policy: Policy, target: Target,
                   dates: list[dt.date]) -> tuple[dt.date | None, bool]:
    """The first of ``dates`` on which the teacher is eligible (or None), and whether an hour
    check fell short, on known data, on any date tried."""
    short = False
    for day in dates:
        found = sweep(one, policy, target, day)
        if found.rows.shape[0] == 0:
            continue
        if found.verdict[0] == 0:
            return day, short
        # Known shortfalls only: hours that are unknown (no training data) no projection can fill.
        short = short or any(isinstance(c, HOUR_CHECKS) and not o.passed[0] and not o.unknown[0]
                             for c, o in zip(found.checks, found.outcomes, strict=True))
    return None, short


def _flat(checks: list[CheckSpec]) -> list[CheckSpec]:
    out: list[CheckSpec] = []
    for c in checks:
        out.append(c)
        if isinstance(c, AnyOf | AllOf):
            out.extend(_flat(list(c.checks)))
    return out


def _dates(one: Facts, checks: list[CheckSpec], as_of: dt.date, end: dt.date) -> list[dt.date]:
    """Every date in (as_of, end] on which a rule's answer can change for this teacher."""
    days: set[int] = set()
    anchors = [one.entry, one.principal_since, one.titles["awarded"], one.programmes["enrolled"],
               one.programmes["completed"], one.mentors["start"], one.memberships["joined"],
               one.postings["start"]]
    ends = [one.titles["until"], one.mentors["end"], one.memberships["left"], one.postings["end"]]
    first, last = day_number(as_of), day_number(end)
    earliest = day_number(EARLIEST)  # a day before any career: no sentinel or stray value passes
    known = {int(d) for col in anchors for d in np.asarray(col).ravel() if earliest <= int(d) <= last}
    for d in known:
        start = from_day_number(d)
        assert start is not None
        # Every anniversary of it that falls between the dates asked (a 30-year rule's too).
        first_k = max(0, as_of.year - start.year - 1)
        days.update(day_number(_later(start, k)) for k in range(first_k, end.year - start.year + 2))
    days.update(int(d) + 1 for col in ends for d in np.asarray(col).ravel() if earliest <= int(d) < last)
    mentor_days = {c.min_days for c in _flat(checks) if isinstance(c, HasMentor)}
    days.update(int(s) + m for s in np.asarray(one.mentors["start"]).ravel() if earliest <= int(s) <= last
                for m in mentor_days)
    days.update(int(d) for d in np.asarray(one.training["date"]).ravel())  # new (projected) records
    for year in range(as_of.year, end.year + 1):
        days.update(day_number(dt.date(year, month, 1)) for month in (1, 2, 7, 8))
    return [d for d in (from_day_number(x) for x in sorted(days) if first < x <= last) if d is not None]


def _later(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (as a ban counts it), or the last day there is."""
    return first_day_after_years(day, years) if day.year + years <= dt.MAXYEAR else dt.date.max


def _projected(one: Facts, as_of: dt.date, end: dt.date) -> tuple[Facts, float]:
    """The teacher's facts with the training of the 12 months to ``as_of`` repeated each year to
    ``end``, and the hours a year that makes (credited records only)."""
    t = one.training
    date = np.asarray(t["date"]).astype(np.int64)
    today = day_number(as_of)
    recent = np.flatnonzero((date > today - 365) & (date <= today))
    passed = np.asarray(t["passed"]).astype(bool)
    rate = float(np.asarray(t["hours"])[recent][passed[recent]].sum())
    years = int((day_number(end) - today) / YEAR_DAYS) + 1
    picks = [np.arange(t.size)] + [recent] * years
    shifts = [0] + [round(k * YEAR_DAYS) for k in range(1, years + 1)]
    cols = {}
    for name, col in t.cols.items():
        parts = [np.asarray(col)[p] for p in picks]
        if name == "date":
            parts = [(part.astype(np.int64) + shift).astype(np.asarray(col).dtype)
                     for part, shift in zip(parts, shifts, strict=True)]
        cols[name] = np.concatenate(parts) if parts else np.asarray(col)
    size = int(cols["date"].shape[0])
    training = Keyed(cols, np.array([0, size], dtype=np.int64), np.zeros(size, dtype=np.int32))
    return replace(one, training=training), rate
