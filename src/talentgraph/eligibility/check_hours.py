"""Checks on training hours 学时 (JM-HOURS, LE-HOURS, WZ-CYCLE, WZ-BACKBONE), and TX-TRAINING-BAN."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import ProgrammeResult, TrainingContent, TrainingDelivery
from talentgraph.domain.message import N_, Message, joined, message
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import (
    Mask,
    bool_col,
    codes,
    evaluator,
    fmt_hours,
    int_col,
    max_rows,
    one_of,
    sum_rows,
)
from talentgraph.eligibility.check_titles import programme_evidence
from talentgraph.eligibility.context import Context, Outcome, outcome
from talentgraph.eligibility.days import (
    MISSING,
    day_number,
    first_day_after_years,
    from_day_number,
    years_before,
)
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.policy.schema import (
    AnnualHours,
    CentralizedHours,
    CycleHours,
    NoFailedTraining,
    ProbationHours,
)

KINDS = list(TrainingDelivery)
CONTENTS = list(TrainingContent)
CENTRALIZED = code_of(TrainingDelivery.CENTRALIZED)
SCHOOL_BASED = code_of(TrainingDelivery.SCHOOL_BASED)


def _kind_rows(facts: Facts, kinds: list[TrainingDelivery] | None, exclude: list[TrainingDelivery]) -> Mask:
    k = facts.training["kind"]
    rows = one_of(k, codes(kinds)) if kinds is not None else np.ones(k.shape[0], dtype=bool)
    return rows & ~one_of(k, codes(exclude)) if exclude else rows


def content_rows(facts: Facts, contents: list[TrainingContent] | None) -> tuple[Mask, Mask]:
    """Rows of one of ``contents`` (every row if None), and rows whose content is not on record,
    which might have been one of them."""
    c = int_col(facts.training, "content")
    if contents is None:
        return np.ones(c.shape[0], dtype=bool), np.zeros(c.shape[0], dtype=bool)
    unclear: Mask = c < 0
    return one_of(c, codes(contents)), unclear


def _between(facts: Facts, first: int, last: int) -> Mask:
    """Credited training rows dated in [first, last]: a failed assessment earns no hours."""
    date = int_col(facts.training, "date")
    return (date >= first) & (date <= last) & bool_col(facts.training, "passed")


def _no_training_data(facts: Facts) -> npt.NDArray[np.bool_]:
    return np.full(facts.n, "training" not in facts.present)


def _training_evidence(one: Facts, rows: npt.NDArray[np.intp]) -> list[Evidence]:
    t = one.training
    out = []
    for r in rows[np.argsort(t["date"][rows], kind="stable")]:
        name = one.programme_names[t["programme"][r]] if t["programme"][r] >= 0 else ""
        # Delivery and content, each when known (a version 1 row names only its content).
        parts: list[str | Message | TrainingDelivery | TrainingContent] = [fmt_hours(float(t["hours"][r]))]
        parts += [v[code] for v, code in ((KINDS, t["kind"][r]), (CONTENTS, t["content"][r])) if code >= 0]
        if t["probation"][r]:
            parts.append(message(N_("probation")))
        if not t["passed"][r]:
            parts.append(message(N_("FAILED")))
        if name:
            parts.append(name)
        out.append(Evidence.said("training", joined(parts), from_day_number(int(t["date"][r]))))
    return out


@evaluator("annual_hours")
class AnnualHoursCheck:
    """Each of the last ``years`` complete calendar years must reach ``min_hours``."""

    def evaluate(self, spec: AnnualHours, facts: Facts, ctx: Context) -> Outcome:
        n, t = facts.n, facts.training
        base = _kind_rows(facts, spec.kinds, spec.exclude_kinds)
        if not spec.include_probation:
            base &= ~bool_col(t, "probation")
        chosen, unclear = content_rows(facts, spec.contents)
        worst = np.full(n, np.inf)
        worst_year = np.full(n, np.nan)
        maybe = np.zeros(n, dtype=bool)  # a short year that records of unknown content might fill
        entry_unknown = facts.entry == MISSING
        for year in self._years(spec, ctx):
            first, last = day_number(dt.date(year, 1, 1)), day_number(dt.date(year, 12, 31))
            in_year = base & _between(facts, first, last)
            hours = sum_rows(t, in_year & chosen, t["hours"], n)
            open_ = sum_rows(t, in_year & unclear, t["hours"], n)
            # With no entry date we cannot tell whether a year was due: report it anyway.
            due = entry_unknown | (facts.entry <= first)
            maybe |= due & (hours < spec.min_hours) & (hours + open_ >= spec.min_hours)
            lower = due & (hours < worst)
            worst = np.where(lower, hours, worst)
            worst_year = np.where(lower, year, worst_year)
        short = worst < spec.min_hours
        passed = ~short
        no_data = _no_training_data(facts)
        unknown = (short & (entry_unknown | maybe)) | no_data
        return outcome(passed, unknown, hours=worst, year=worst_year, no_data=no_data, maybe=maybe)

    @staticmethod
    def _years(spec: AnnualHours, ctx: Context) -> range:
        return range(ctx.as_of.year - spec.years, ctx.as_of.year)

    def reason(self, spec: AnnualHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        years = self._years(spec, ctx)
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        in_span = (message(N_("in {year}"), year=span) if len(years) == 1
                   else message(N_("in each year {years}"), years=span))
        need = message(N_("needs >= {hours} {what}{in_span}"), hours=fmt_hours(spec.min_hours),
                       what=self._what(spec), in_span=in_span)
        if unknown and values["no_data"]:
            return message(N_("unknown: no training records in the bundle ({need})"), need=need)
        if np.isinf(values["hours"]):
            return message(N_("not in post for the whole of {span}: not due ({need})"), span=span, need=need)
        year = int(values["year"])
        got = message(N_("{hours} in {year}"), hours=fmt_hours(values["hours"]), year=year)
        if unknown and values["maybe"]:
            return message(N_("unknown: {got} and records whose content is not on record ({need})"),
                           got=got, need=need)
        if unknown:
            return message(N_("unknown: no entry date, so unclear whether {year} was due; {got} ({need})"),
                           year=year, got=got, need=need)
        if len(years) > 1:
            got = message(N_("{got} (lowest year)"), got=got)
        return message(N_("{got}, {need}"), got=got, need=need)

    @staticmethod
    def _what(spec: AnnualHours) -> Message:
        if spec.contents:
            return message(N_("of {contents} content "), contents=tuple(spec.contents))
        if spec.kinds:
            return message(N_("of {kinds} "), kinds=tuple(spec.kinds))
        if spec.exclude_kinds:
            return message(N_("excluding {kinds} "), kinds=tuple(spec.exclude_kinds))
        return message("")

    def evidence(self, spec: AnnualHours, one: Facts, ctx: Context) -> list[Evidence]:
        years = self._years(spec, ctx)
        first, last = day_number(dt.date(years[0], 1, 1)), day_number(dt.date(years[-1], 12, 31))
        chosen, unclear = content_rows(one, spec.contents)
        rows = _kind_rows(one, spec.kinds, spec.exclude_kinds) & _between(one, first, last)
        rows &= chosen | unclear
        if not spec.include_probation:
            rows &= ~bool_col(one.training, "probation")
        return _training_evidence(one, np.flatnonzero(rows))


def _cycle_window(ctx: Context, years: int) -> tuple[int, int]:
    """First and last day of the rolling cycle ending on the as-of date."""
    return day_number(years_before(ctx.as_of, years)) + 1, ctx.day


def cycle_days(spec: CycleHours, ctx: Context) -> tuple[int, int, int]:
    """First day, last day counted (the as-of date) and last day of the cycle (WZ-CYCLE-FIXED)."""
    if spec.window == "rolling" or spec.first_year is None:
        first, last = _cycle_window(ctx, spec.years)
        return first, last, last
    start = spec.first_year + spec.years * ((ctx.as_of.year - spec.first_year) // spec.years)
    end = day_number(dt.date(start + spec.years - 1, 12, 31))
    return day_number(dt.date(start, 1, 1)), ctx.day, end


def _cycle_words(spec: CycleHours, ctx: Context) -> Message:
    if spec.window == "rolling" or spec.first_year is None:
        return message(N_("the {years}-year cycle to {as_of}"), years=spec.years, as_of=ctx.as_of)
    start = spec.first_year + spec.years * ((ctx.as_of.year - spec.first_year) // spec.years)
    return message(N_("the {first}-{last} cycle, to {as_of}"), first=start, last=start + spec.years - 1,
                   as_of=ctx.as_of)


@evaluator("cycle_hours")
class CycleHoursCheck:
    """WZ-CYCLE: total, school-based, and one large centralized programme in the cycle."""

    def evaluate(self, spec: CycleHours, facts: Facts, ctx: Context) -> Outcome:
        n, t = facts.n, facts.training
        first, last, end = cycle_days(spec, ctx)
        rows = _between(facts, first, last)
        if not spec.include_probation:
            rows &= ~bool_col(t, "probation")  # WZ-NEW: probation hours do not count
        total = sum_rows(t, rows, t["hours"], n)
        school = sum_rows(t, rows & (t["kind"] == SCHOOL_BASED), t["hours"], n)
        single = _largest_programme(facts, rows & (t["kind"] == CENTRALIZED))
        share = self._share_owed(facts, first, last, end, spec)
        full = share >= 1.0
        passed = (
            (total >= spec.min_total * share)
            & (school >= spec.min_school_based * share)
            & (~full | (single >= spec.min_single_centralized))
        )
        unknown = (facts.entry == MISSING) | _no_training_data(facts)
        return outcome(passed, unknown, total=total, school=school, single=single, share=share)

    @staticmethod
    def _share_owed(facts: Facts, first: int, last: int, end: int,
                    spec: CycleHours) -> npt.NDArray[np.float64]:
        """The part of the cycle (``first`` to ``end``) the teacher owes hours for by ``last``.

        Pro rata from entry; when probation hours do not count (WZ-NEW), the
        probation year owes nothing either, so the share starts a year later.
        """
        if not spec.pro_rata:
            return np.ones(facts.n)
        owing_from = facts.entry.astype(np.int64) + (0 if spec.include_probation else 365)
        start = np.maximum(owing_from, first)
        return np.clip((last - start + 1) / (end - first + 1), 0.0, 1.0)

    def reason(self, spec: CycleHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        share = values["share"]
        owed: Message = fmt_hours(round(spec.min_total * share, 1))
        if share < 1:
            owed = message(N_("{owed} (pro rata: hours owed for {share} of the cycle)"), owed=owed,
                           share=f"{share:.0%}")
        text = message(N_("{hours} in {cycle}, needs {owed}; school-based {school} (needs {school_owed})"),
                       hours=fmt_hours(values["total"]), cycle=_cycle_words(spec, ctx), owed=owed,
                       school=fmt_hours(values["school"]),
                       school_owed=fmt_hours(round(spec.min_school_based * share, 1)))
        if spec.min_single_centralized and share >= 1:
            text = message(N_("{text}; largest centralized programme {hours} (needs {needed})"), text=text,
                           hours=fmt_hours(values["single"]), needed=fmt_hours(spec.min_single_centralized))
        return message(N_("unknown: {text}"), text=text) if unknown else text

    def evidence(self, spec: CycleHours, one: Facts, ctx: Context) -> list[Evidence]:
        first, last, _ = cycle_days(spec, ctx)
        return _training_evidence(one, np.flatnonzero(_between(one, first, last)))


def _largest_programme(facts: Facts, rows: Mask) -> npt.NDArray[np.float64]:
    """Per teacher: hours of their largest single named programme among ``rows``.

    A programme is a name within one calendar year: yearly courses that share
    a generic name are separate programmes. Unnamed records each stand alone.
    """
    t = facts.training
    picked = np.flatnonzero(rows)
    named = t["programme"][picked].astype(np.int64)
    year = int_col(t, "date")[picked].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
    unnamed = -1 - np.arange(picked.shape[0])  # a unique key per unnamed record
    keys = np.stack([t.teacher[picked].astype(np.int64), np.where(named >= 0, named, unnamed),
                     np.where(named >= 0, year, 0)])
    groups, inverse = np.unique(keys, axis=1, return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=t["hours"][picked], minlength=groups.shape[1])
    out = np.zeros(facts.n)
    np.maximum.at(out, groups[0], sums)
    return out


@evaluator("probation_hours")
class ProbationHoursCheck:
    """WZ-NEW: a new teacher's probation training, in all and of practice."""

    def _rows(self, facts: Facts, ctx: Context) -> Mask:
        t = facts.training
        rows: Mask = bool_col(t, "probation") & bool_col(t, "passed") & (int_col(t, "date") <= ctx.day)
        return rows

    def evaluate(self, spec: ProbationHours, facts: Facts, ctx: Context) -> Outcome:
        t, rows = facts.training, self._rows(facts, ctx)
        total = sum_rows(t, rows, t["hours"], facts.n)
        practice = sum_rows(t, rows & (t["kind"] == code_of(TrainingDelivery.PRACTICE)), t["hours"], facts.n)
        passed = (total >= spec.min_hours) & (practice >= spec.min_practice)
        return outcome(passed, _no_training_data(facts), total=total, practice=practice)

    def reason(self, spec: ProbationHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        need = message(N_("needs {hours}, {practice} of practice"), hours=fmt_hours(spec.min_hours),
                       practice=fmt_hours(spec.min_practice))
        if unknown:
            return message(N_("unknown: the bundle has no training records ({need})"), need=need)
        return message(N_("{hours} of probation training by {as_of}, {practice} of practice ({need})"),
                       hours=fmt_hours(values["total"]), as_of=ctx.as_of,
                       practice=fmt_hours(values["practice"]), need=need)

    def evidence(self, spec: ProbationHours, one: Facts, ctx: Context) -> list[Evidence]:
        return _training_evidence(one, np.flatnonzero(self._rows(one, ctx)))


@evaluator("centralized_hours")
class CentralizedHoursCheck:
    """WZ-BACKBONE: centralized training in the last years, in hours or days (WZ-DAY)."""

    def evaluate(self, spec: CentralizedHours, facts: Facts, ctx: Context) -> Outcome:
        t = facts.training
        first, last = _cycle_window(ctx, spec.years)
        rows = _between(facts, first, last) & (t["kind"] == CENTRALIZED)
        hours = sum_rows(t, rows, t["hours"], facts.n)
        return outcome(hours >= self._needed(spec, ctx), _no_training_data(facts), hours=hours)

    @staticmethod
    def _needed(spec: CentralizedHours, ctx: Context) -> float:
        return spec.min_hours if spec.min_hours is not None else (spec.min_days or 0) * ctx.hours_per_day

    def reason(self, spec: CentralizedHours, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        need = fmt_hours(self._needed(spec, ctx))
        if spec.min_days is not None:
            need = message(N_("{hours} ({days} days at {per_day} h a day)"), hours=need,
                           days=float(spec.min_days), per_day=float(ctx.hours_per_day))
        if unknown:
            return message(N_("unknown: the bundle has no training records (needs {need} centralized)"),
                           need=need)
        return message(N_("{hours} centralized in the last {years} years (needs {need})"),
                       hours=fmt_hours(values["hours"]), years=spec.years, need=need)

    def evidence(self, spec: CentralizedHours, one: Facts, ctx: Context) -> list[Evidence]:
        first, last = _cycle_window(ctx, spec.years)
        rows = _between(one, first, last) & (one.training["kind"] == CENTRALIZED)
        return _training_evidence(one, np.flatnonzero(rows))


@evaluator("no_failed_training")
class NoFailedTrainingCheck:
    """TX-TRAINING-BAN: a failed programme assessment bars the teacher for ``years`` after it."""

    def evaluate(self, spec: NoFailedTraining, facts: Facts, ctx: Context) -> Outcome:
        p = facts.programmes
        last_fail = max_rows(p, self._failed(facts, spec, ctx), p["completed"], facts.n)
        # Without the file, "no failure found" proves nothing; a failure found still counts.
        no_data = "programmes" not in facts.present
        clear = np.isnan(last_fail)
        return outcome(clear & (not no_data), clear & no_data, last_fail=last_fail)

    @staticmethod
    def _since(spec: NoFailedTraining, ctx: Context) -> int:
        return day_number(years_before(ctx.as_of, spec.years))

    def _failed(self, facts: Facts, spec: NoFailedTraining, ctx: Context) -> Mask:
        p = facts.programmes
        done = int_col(p, "completed")
        failed: Mask = (one_of(p["tier"], codes(spec.tiers)) & one_of(p["type"], codes(spec.types))
                        & (int_col(p, "result") == code_of(ProgrammeResult.FAIL))
                        & (done != MISSING) & (done > self._since(spec, ctx)) & (done <= ctx.day))
        return failed

    def reason(self, spec: NoFailedTraining, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        tiers = tuple(spec.tiers)
        what = message(N_("{tiers} {types} training"), tiers=tiers, types=tuple(spec.types))
        if passed:
            return message(N_("no failed {what} assessment in the {years} years to {as_of}"), what=what,
                           years=spec.years, as_of=ctx.as_of)
        if unknown:
            return message(N_("unknown: the bundle has no programme records to look for a failed {what} "
                              "assessment"), what=what)
        failed = from_day_number(int(values["last_fail"]))
        assert failed is not None
        clear = first_day_after_years(failed, spec.years)
        return message(N_("failed a {what} assessment on {failed}: barred from applying for {tiers} "
                          "certification training for {years} years, until {clear}"),
                       what=what, failed=failed, tiers=tiers, years=spec.years, clear=clear)

    def evidence(self, spec: NoFailedTraining, one: Facts, ctx: Context) -> list[Evidence]:
        rows = np.flatnonzero(self._failed(one, spec, ctx))
        return [programme_evidence(one, int(r), ctx.day) for r in rows]
