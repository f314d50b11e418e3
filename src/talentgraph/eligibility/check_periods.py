"""Hours by content over a period: a rolling window (WZ-HEADTEACHER-HOURS, WZ-PRINCIPAL-HOURS),
each semester (XD-ETHICS-HOURS), a school year split by content (LE-HOURS, LE-SCHOOL-YEAR,
LE-CONTENT, LE-PROVINCIAL-EXEMPT).

A record whose content is not on record (a delivery-only row) counts for no content; where such
records could make up a shortfall, the check is unknown (review), never failed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, TrainingContent
from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import Mask, evaluator, fmt_hours, int_col, sum_rows
from talentgraph.eligibility.check_hours import (
    _between,
    _cycle_window,
    _kind_rows,
    _no_training_data,
    _training_evidence,
    content_rows,
)
from talentgraph.eligibility.context import Context, Outcome, outcome
from talentgraph.eligibility.days import MISSING, day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.policy.schema import SchoolYearHours, SemesterHours, WindowHours

PUBLIC_NEED = code_of(TrainingContent.PUBLIC_NEED)
PROVINCE = code_of(Level.PROVINCE)
Floats = npt.NDArray[np.float64]


def _what(spec: WindowHours | SemesterHours) -> Message:
    kinds = tuple(spec.kinds) if isinstance(spec, WindowHours) and spec.kinds else ()
    contents = tuple(spec.contents or ())
    if kinds and contents:
        return message(N_("{kinds} {contents} content"), kinds=kinds, contents=contents)
    if contents:
        return message(N_("{contents} content"), contents=contents)
    if kinds:
        return message("{kinds}", kinds=kinds)
    return message(N_("training"))


@evaluator("window_hours")
class WindowHoursCheck:
    """Hours of some delivery and content in the ``years`` up to the date."""

    def _rows(self, facts: Facts, spec: WindowHours, ctx: Context) -> tuple[Mask, Mask]:
        first, last = _cycle_window(ctx, spec.years)
        chosen, unclear = content_rows(facts, spec.contents)
        within = _between(facts, first, last) & _kind_rows(facts, spec.kinds, [])
        return within & chosen, within & unclear

    def evaluate(self, spec: WindowHours, facts: Facts, ctx: Context) -> Outcome:
        t = facts.training
        chosen, unclear = self._rows(facts, spec, ctx)
        hours = sum_rows(t, chosen, t["hours"], facts.n)
        open_ = sum_rows(t, unclear, t["hours"], facts.n)
        passed = hours >= spec.min_hours
        maybe = ~passed & (hours + open_ >= spec.min_hours)
        return outcome(passed, maybe | _no_training_data(facts), hours=hours)

    def reason(self, spec: WindowHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        text = message(N_("{hours} of {what} in the {years} years to {as_of} (needs {needed})"),
                       hours=fmt_hours(values["hours"]), what=_what(spec), years=spec.years, as_of=ctx.as_of,
                       needed=fmt_hours(spec.min_hours))
        if unknown:
            return message(N_("unknown: {text}; some records' content is not on record"), text=text)
        return text

    def evidence(self, spec: WindowHours, one: Facts, ctx: Context) -> list[Evidence]:
        chosen, unclear = self._rows(one, spec, ctx)
        return _training_evidence(one, np.flatnonzero(chosen | unclear))


def semester_bounds(as_of: dt.date, back: int) -> tuple[dt.date, dt.date]:
    """First and last day of the ``back``-th semester complete on ``as_of`` (1: the last one).
    Semesters run 1 February - 31 July and 1 August - 31 January."""
    # Semesters counted from 2000-02-01 (index 0); the one running the day after is not complete.
    after = as_of + dt.timedelta(days=1)
    months = (after.year - 2000) * 12 + after.month - 2
    running = months // 6
    index = running - back
    start_month = 2 + 6 * index  # months from January 2000
    year, month = 2000 + (start_month - 1) // 12, (start_month - 1) % 12 + 1
    end_year, end_month = (year, 7) if month == 2 else (year + 1, 1)
    last = dt.date(end_year, end_month, 31)
    return dt.date(year, month, 1), last


@evaluator("semester_hours")
class SemesterHoursCheck:
    """Each of the last complete semesters reaches ``min_hours`` of the contents."""

    def evaluate(self, spec: SemesterHours, facts: Facts, ctx: Context) -> Outcome:
        t, n = facts.training, facts.n
        chosen, unclear = content_rows(facts, spec.contents)
        worst, worst_at = np.full(n, np.inf), np.full(n, np.nan)
        maybe = np.zeros(n, dtype=bool)
        entry_unknown = facts.entry == MISSING
        for back in range(1, spec.semesters + 1):
            first, last = (day_number(d) for d in semester_bounds(ctx.as_of, back))
            within = _between(facts, first, last)
            hours = sum_rows(t, within & chosen, t["hours"], n)
            open_ = sum_rows(t, within & unclear, t["hours"], n)
            due = entry_unknown | (facts.entry <= first)
            maybe |= due & (hours < spec.min_hours) & (hours + open_ >= spec.min_hours)
            lower = due & (hours < worst)
            worst, worst_at = np.where(lower, hours, worst), np.where(lower, first, worst_at)
        short = worst < spec.min_hours
        unknown = (short & (entry_unknown | maybe)) | _no_training_data(facts)
        return outcome(~short, unknown, hours=worst, first=worst_at)

    def reason(self, spec: SemesterHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        need = message(N_("needs {hours} of {what} a semester"), hours=fmt_hours(spec.min_hours),
                       what=_what(spec))
        if np.isinf(values["hours"]):
            return message(N_("not in post for a whole semester yet: not due ({need})"), need=need)
        start = dt.date(1970, 1, 1) + dt.timedelta(days=int(values["first"]))
        text = message(N_("{hours} in the semester from {start} ({need})"), hours=fmt_hours(values["hours"]),
                       start=start, need=need)
        if unknown:
            return message(N_("unknown: {text}; entry date or some records' content not on record"),
                           text=text)
        return text

    def evidence(self, spec: SemesterHours, one: Facts, ctx: Context) -> list[Evidence]:
        first = day_number(semester_bounds(ctx.as_of, spec.semesters)[0])
        last = day_number(semester_bounds(ctx.as_of, 1)[1])
        chosen, unclear = content_rows(one, spec.contents)
        return _training_evidence(one, np.flatnonzero(_between(one, first, last) & (chosen | unclear)))


def school_year(spec: SchoolYearHours, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The last school year complete on ``as_of``: the 1st of ``start_month`` to the last day of
    ``end_month`` (LE: 2025-08-01 to 2026-06-30 for any date from 2026-06-30 to 2027-06-29)."""
    def last_day(year: int) -> dt.date:
        return dt.date(year + (spec.end_month == 12), spec.end_month % 12 + 1, 1) - dt.timedelta(days=1)

    end = last_day(as_of.year) if as_of >= last_day(as_of.year) else last_day(as_of.year - 1)
    start_year = end.year - 1 if spec.end_month < spec.start_month else end.year
    return dt.date(start_year, spec.start_month, 1), end


@evaluator("school_year_hours")
class SchoolYearHoursCheck:
    """LE-HOURS: the school year's hours, professional and public-need, and the provincial exemption."""

    def _sums(self, facts: Facts, spec: SchoolYearHours, ctx: Context) -> dict[str, Floats]:
        t, n = facts.training, facts.n
        first, last = school_year(spec, ctx.as_of)
        within = _between(facts, day_number(first), day_number(last))
        content = int_col(t, "content")
        # LE-PROVINCIAL-EXEMPT: 2024年度省培 for the 2024-2025 school year.
        provincial = _between(facts, day_number(dt.date(first.year, 1, 1)), day_number(last))
        provincial &= int_col(t, "level") == PROVINCE
        return {
            "public": sum_rows(t, within & (content == PUBLIC_NEED), t["hours"], n),
            "professional": sum_rows(t, within & (content >= 0) & (content != PUBLIC_NEED), t["hours"], n),
            "open": sum_rows(t, within & (content < 0), t["hours"], n),
            "provincial": sum_rows(t, provincial, t["hours"], n),
        }

    def evaluate(self, spec: SchoolYearHours, facts: Facts, ctx: Context) -> Outcome:
        got = self._sums(facts, spec, ctx)
        exempt = (got["provincial"] >= spec.exempt_provincial) & (spec.exempt_provincial > 0)
        need_pro = np.where(exempt, 0.0, spec.min_professional)
        need_total = np.where(exempt, spec.min_public_need, spec.min_total)
        public, pro, open_ = got["public"], got["professional"], got["open"]
        passed = (public >= spec.min_public_need) & (pro >= need_pro) & (public + pro >= need_total)
        first = day_number(school_year(spec, ctx.as_of)[0])
        not_due = (facts.entry != MISSING) & (facts.entry > first)
        maybe = ((public + open_ >= spec.min_public_need) & (pro + open_ >= need_pro)
                 & (public + pro + open_ >= need_total))
        unknown = ~passed & ~not_due & ((facts.entry == MISSING) | maybe)
        return outcome(passed | not_due, unknown | _no_training_data(facts), exempt=exempt,
                       not_due=not_due, **got)

    def reason(self, spec: SchoolYearHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        first, last = school_year(spec, ctx.as_of)
        year = message(N_("the {first_year}-{last_year} school year ({first} to {last})"),
                       first_year=first.year, last_year=last.year, first=first, last=last)
        if values["not_due"]:
            return message(N_("not in post for the whole of {year}: not due"), year=year)
        got = message(N_("{professional} professional, {public} public-need in {year}"),
                      professional=fmt_hours(values["professional"]), public=fmt_hours(values["public"]),
                      year=year)
        if values["exempt"]:
            need = message(N_("exempt from the professional part after {provincial} of provincial training; "
                              "needs {public} public-need"), provincial=fmt_hours(values["provincial"]),
                           public=fmt_hours(spec.min_public_need))
        else:
            need = message(N_("needs {professional} professional + {public} public-need, {total} in all"),
                           professional=fmt_hours(spec.min_professional),
                           public=fmt_hours(spec.min_public_need), total=fmt_hours(spec.min_total))
        if unknown:
            return message(N_("unknown: {got} ({need}); {open} of records whose content is not on record"),
                           got=got, need=need, open=fmt_hours(values["open"]))
        return message(N_("{got} ({need})"), got=got, need=need)

    def evidence(self, spec: SchoolYearHours, one: Facts, ctx: Context) -> list[Evidence]:
        """The school year's records, and the provincial ones of its calendar year before it."""
        first, last = school_year(spec, ctx.as_of)
        rows = _between(one, day_number(first), day_number(last))
        if spec.exempt_provincial:
            earlier = _between(one, day_number(dt.date(first.year, 1, 1)), day_number(first) - 1)
            rows |= earlier & (int_col(one.training, "level") == PROVINCE)
        return _training_evidence(one, np.flatnonzero(rows))
