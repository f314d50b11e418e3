"""Checks on training hours 学时 (JM-HOURS, LE-HOURS, WZ-CYCLE, WZ-BACKBONE), and TX-TRAINING-BAN."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import ProgrammeResult, TrainingContent, TrainingDelivery
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import (
    Mask,
    bool_col,
    codes,
    evaluator,
    fmt_hours,
    int_col,
    max_rows,
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
    rows = np.isin(k, codes(kinds)) if kinds is not None else np.ones(k.shape[0], dtype=bool)
    return rows & ~np.isin(k, codes(exclude)) if exclude else rows


def content_rows(facts: Facts, contents: list[TrainingContent] | None) -> tuple[Mask, Mask]:
    """Rows of one of ``contents`` (every row if None), and rows whose content is not on record,
    which might have been one of them."""
    c = int_col(facts.training, "content")
    if contents is None:
        return np.ones(c.shape[0], dtype=bool), np.zeros(c.shape[0], dtype=bool)
    unclear: Mask = c < 0
    return np.isin(c, codes(contents)), unclear


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
        flags = (" probation" if t["probation"][r] else "") + ("" if t["passed"][r] else " FAILED")
        # Delivery and content, each when known (a version 1 row names only its content).
        what = " ".join(v[code].value for v, code in ((KINDS, t["kind"][r]), (CONTENTS, t["content"][r]))
                        if code >= 0)
        out.append(Evidence(
            kind="training",
            detail=" ".join(part for part in (fmt_hours(float(t["hours"][r])), (what + flags).strip(), name)
                            if part),
            date=from_day_number(int(t["date"][r])),
        ))
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
               values: dict[str, float]) -> str:
        years = self._years(spec, ctx)
        span = f"{years[0]}" if len(years) == 1 else f"each year {years[0]}-{years[-1]}"
        need = f"needs >= {fmt_hours(spec.min_hours)} {self._what(spec)}in {span}"
        if unknown and values["no_data"]:
            return f"unknown: no training records in the bundle ({need})"
        if np.isinf(values["hours"]):
            return f"not in post for the whole of {span.removeprefix('each year ')}: not due ({need})"
        got = f"{fmt_hours(values['hours'])} in {int(values['year'])}"
        if unknown and values["maybe"]:
            return f"unknown: {got} and records whose content is not on record ({need})"
        if unknown:
            return f"unknown: no entry date, so unclear whether {int(values['year'])} was due; {got} ({need})"
        if len(years) > 1:
            got += " (lowest year)"
        return f"{got}, {need}"

    @staticmethod
    def _what(spec: AnnualHours) -> str:
        if spec.contents:
            return "of " + "/".join(c.value for c in spec.contents) + " content "
        if spec.kinds:
            return "of " + "/".join(k.value for k in spec.kinds) + " "
        if spec.exclude_kinds:
            return "excluding " + "/".join(k.value for k in spec.exclude_kinds) + " "
        return ""

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


def _cycle(spec: CycleHours, ctx: Context) -> tuple[int, int, int]:
    """First day, last day counted (the as-of date) and last day of the cycle (WZ-CYCLE-FIXED)."""
    if spec.window == "rolling" or spec.first_year is None:
        first, last = _cycle_window(ctx, spec.years)
        return first, last, last
    start = spec.first_year + spec.years * ((ctx.as_of.year - spec.first_year) // spec.years)
    end = day_number(dt.date(start + spec.years - 1, 12, 31))
    return day_number(dt.date(start, 1, 1)), ctx.day, end


def _cycle_words(spec: CycleHours, ctx: Context) -> str:
    if spec.window == "rolling" or spec.first_year is None:
        return f"the {spec.years}-year cycle to {ctx.as_of}"
    start = spec.first_year + spec.years * ((ctx.as_of.year - spec.first_year) // spec.years)
    return f"the {start}-{start + spec.years - 1} cycle, to {ctx.as_of}"


@evaluator("cycle_hours")
class CycleHoursCheck:
    """WZ-CYCLE: total, school-based, and one large centralized programme in the cycle."""

    def evaluate(self, spec: CycleHours, facts: Facts, ctx: Context) -> Outcome:
        n, t = facts.n, facts.training
        first, last, end = _cycle(spec, ctx)
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
               values: dict[str, float]) -> str:
        share = values["share"]
        owed = f"{fmt_hours(round(spec.min_total * share, 1))}"
        part = "" if share >= 1 else f" (pro rata: hours owed for {share:.0%} of the cycle)"
        text = (
            f"{fmt_hours(values['total'])} in {_cycle_words(spec, ctx)}, "
            f"needs {owed}{part}; school-based {fmt_hours(values['school'])} "
            f"(needs {fmt_hours(round(spec.min_school_based * share, 1))})"
        )
        if spec.min_single_centralized and share >= 1:
            text += (f"; largest centralized programme {fmt_hours(values['single'])} "
                     f"(needs {fmt_hours(spec.min_single_centralized)})")
        return ("unknown: " + text) if unknown else text

    def evidence(self, spec: CycleHours, one: Facts, ctx: Context) -> list[Evidence]:
        first, last, _ = _cycle(spec, ctx)
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
               values: dict[str, float]) -> str:
        need = f"needs {fmt_hours(spec.min_hours)}, {fmt_hours(spec.min_practice)} of practice"
        if unknown:
            return f"unknown: the bundle has no training records ({need})"
        return (f"{fmt_hours(values['total'])} of probation training by {ctx.as_of}, "
                f"{fmt_hours(values['practice'])} of practice ({need})")

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
               values: dict[str, float]) -> str:
        need = fmt_hours(self._needed(spec, ctx))
        if spec.min_days is not None:
            need += f" ({spec.min_days:g} days at {ctx.hours_per_day:g} h a day)"
        if unknown:
            return f"unknown: the bundle has no training records (needs {need} centralized)"
        return f"{fmt_hours(values['hours'])} centralized in the last {spec.years} years (needs {need})"

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
        failed: Mask = (np.isin(p["tier"], codes(spec.tiers)) & np.isin(p["type"], codes(spec.types))
                        & (int_col(p, "result") == code_of(ProgrammeResult.FAIL))
                        & (done != MISSING) & (done > self._since(spec, ctx)) & (done <= ctx.day))
        return failed

    def reason(self, spec: NoFailedTraining, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        tiers = "/".join(t.value for t in spec.tiers)
        what = f"{tiers} {'/'.join(t.value for t in spec.types)} training"
        if passed:
            return f"no failed {what} assessment in the {spec.years} years to {ctx.as_of}"
        if unknown:
            return f"unknown: the bundle has no programme records to look for a failed {what} assessment"
        failed = from_day_number(int(values["last_fail"]))
        assert failed is not None
        clear = first_day_after_years(failed, spec.years)
        return (f"failed a {what} assessment on {failed}: barred from applying for "
                f"{tiers} certification training for {spec.years} years, until {clear}")

    def evidence(self, spec: NoFailedTraining, one: Facts, ctx: Context) -> list[Evidence]:
        rows = np.flatnonzero(self._failed(one, spec, ctx))
        return [programme_evidence(one, int(r), ctx.day) for r in rows]
