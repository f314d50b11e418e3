"""Cypher forms of the hours checks counted over a cycle, a semester or a school year.

``cycle_hours`` (WZ-CYCLE, WZ-CYCLE-FIXED, WZ-NEW), ``semester_hours`` (XD-ETHICS-HOURS) and
``school_year_hours`` (LE-HOURS, LE-SCHOOL-YEAR, LE-CONTENT, LE-PROVINCIAL-EXEMPT), each the rule
of its evaluator in ``eligibility/check_hours.py`` and ``eligibility/check_periods.py`` on a
candidate's training list. The windows that depend only on the date (the cycle, the semesters,
the school year) are the evaluators' own functions, passed as parameters; what depends on the
teacher (the pro-rata share from their entry date, which semesters and school year were due) is
date arithmetic in Cypher (``date``, ``duration.inDays``). Each form returns, like every other,
``{passed, unknown, values, evidence}``, with ``values`` the measures the evaluator words its
reason from (``MEASURES``), in its units.

The forms are registered in ``sweep_statement.FORMS``; they write through the statement's writer
(``Writer``: its parameters and the candidate's relationship lists), so this module needs nothing
from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from talentgraph.domain.enums import Level, TrainingContent, TrainingDelivery
from talentgraph.eligibility.check_hours import cycle_days
from talentgraph.eligibility.check_periods import school_year, semester_bounds
from talentgraph.eligibility.context import Context
from talentgraph.eligibility.days import from_day_number
from talentgraph.policy.schema import CycleHours, SchoolYearHours, SemesterHours

# Each kind's measures, in the order the compact rows give them (sweep_statement.MEASURES).
MEASURES: dict[str, tuple[str, ...]] = {
    "cycle_hours": ("total", "school", "single", "share"),
    "semester_hours": ("hours", "first"),
    "school_year_hours": ("exempt", "not_due", "public", "professional", "open", "provincial"),
}

# Enum words, quoted as Cypher strings.
CENTRALIZED = f"'{TrainingDelivery.CENTRALIZED.value}'"
SCHOOL_BASED = f"'{TrainingDelivery.SCHOOL_BASED.value}'"
PUBLIC_NEED = f"'{TrainingContent.PUBLIC_NEED.value}'"
PROVINCE = f"'{Level.PROVINCE.value}'"
NO_TRAINING_FILE = "NOT 'training' IN present"


class Writer(Protocol):
    """What a form needs of the statement being written (``sweep_statement._Writer``)."""

    def facts(self, name: str) -> str: ...

    def param(self, name: str, value: Any) -> str: ...


def _day(day: dt.date) -> str:
    return day.isoformat()


def _credited(w: Writer, name: str, first: dt.date, last: dt.date) -> str:
    """The candidate's credited training records dated in [first, last]: a failed assessment earns
    no hours (``check_hours._between``); a record with no date is in no window."""
    lo, hi = w.param(f"{name}_first", _day(first)), w.param(f"{name}_last", _day(last))
    return (f"[n IN {w.facts('trained')} WHERE n.date >= date({lo}) AND n.date <= date({hi})"
            " AND coalesce(n.passed, true)]")


def _hours(rows: str, condition: str = "true") -> str:
    """The hours of the records of ``rows`` meeting ``condition``."""
    return f"reduce(s = 0.0, n IN [n IN {rows} WHERE {condition}] | s + coalesce(n.hours, 0.0))"


def _keys(rows: str) -> str:
    return f"CASE WHEN $evidence THEN [n IN {rows} | n.key] ELSE [] END"


# -- WZ-CYCLE ----------------------------------------------------------------------------------


def cycle_hours(spec: CycleHours, ctx: Context, w: Writer, name: str) -> str:
    """WZ-CYCLE «五年一周期内完成360学时…校本培训时间不少于120学时…至少参加一次不少于90学时的集中
    培训»: the total, the school-based part and the largest single centralized programme in the
    cycle; a pro-rata share of the cycle is owed from entry (WZ-NEW «不列入教师周期内专业发展培训
    学时数»: without probation hours, the probation year owes nothing either)."""
    first_n, last_n, end_n = cycle_days(spec, ctx)  # the evaluator's window: rolling, or WZ-CYCLE-FIXED's
    first, end = from_day_number(first_n), from_day_number(end_n)
    assert first is not None and end is not None and last_n == ctx.day
    rows = _credited(w, name, first, ctx.as_of)
    counted = "rows" if spec.include_probation else "[n IN rows WHERE NOT coalesce(n.probation, false)]"
    start, stop = w.param(f"{name}_first", _day(first)), w.param(f"{name}_end", _day(end))
    if spec.pro_rata:
        # owed from the later of the cycle's start and entry (a year on, when probation hours do not
        # count); no entry date on record: from the cycle's start, as the evaluator's MISSING day
        after = w.param(f"{name}_owing_after_days", 0 if spec.include_probation else 365)
        owed_from = f"t.entry_date + duration({{days: {after}}})"
        owing = (f"CASE WHEN t.entry_date IS NULL OR {owed_from} < date({start})"
                 f" THEN date({start}) ELSE {owed_from} END")
        ratio = (f"toFloat(duration.inDays({owing}, day).days + 1)"
                 f" / (duration.inDays(date({start}), date({stop})).days + 1)")
    else:
        ratio = "1.0"
    # A programme is a name within one calendar year; an unnamed record stands alone
    # (check_hours._largest_programme); no centralized record: 0.
    per_programme = ("[n IN central | CASE WHEN n.programme IS NULL THEN coalesce(n.hours, 0.0) ELSE"
                     " reduce(s = 0.0, x IN central | s + CASE WHEN x.programme = n.programme"
                     " AND x.date.year = n.date.year THEN coalesce(x.hours, 0.0) ELSE 0.0 END) END]")
    total = w.param(f"{name}_min_total", spec.min_total)
    school = w.param(f"{name}_min_school", spec.min_school_based)
    single = w.param(f"{name}_min_single", spec.min_single_centralized)
    return (
        f"WITH {rows} AS rows\n"
        f"WITH rows, {counted} AS counted, {ratio} AS ratio\n"
        # names not to shadow the candidate's (``school``: the school served)
        f"WITH rows, {_hours('counted')} AS total, {_hours('counted', f'n.kind = {SCHOOL_BASED}')}"
        f" AS school_based, [n IN counted WHERE n.kind = {CENTRALIZED}] AS central,"
        " CASE WHEN ratio < 0.0 THEN 0.0 WHEN ratio > 1.0 THEN 1.0 ELSE ratio END AS share\n"
        f"WITH rows, total, school_based, share, reduce(m = 0.0, h IN {per_programme} |"
        " CASE WHEN h > m THEN h ELSE m END) AS single\n"
        # the single-programme requirement applies to a whole cycle only
        f"RETURN {{passed: total >= {total} * share AND school_based >= {school} * share"
        f" AND (share < 1.0 OR single >= {single}),"
        f" unknown: t.entry_date IS NULL OR {NO_TRAINING_FILE},"
        " values: {total: total, school: school_based, single: single, share: share},"
        f" evidence: {_keys('rows')}}} AS c"
    )


# -- XD-ETHICS-HOURS ---------------------------------------------------------------------------


def semester_hours(spec: SemesterHours, ctx: Context, w: Writer, name: str) -> str:
    """XD-ETHICS-HOURS «每学期学习不少于10学时»: each of the last complete semesters (1 February -
    31 July, 1 August - 31 January) the candidate was in post for wholly reaches the hours of the
    contents; the lowest is reported, with its first day."""
    bounds = [semester_bounds(ctx.as_of, back) for back in range(1, spec.semesters + 1)]
    listed = w.param(f"{name}_semesters", [[_day(a), _day(b)] for a, b in bounds])
    need = w.param(f"{name}_min", spec.min_hours)
    if spec.contents is None:
        chosen, unclear = "true", "false"
    else:
        contents = w.param(f"{name}_contents", [c.value for c in spec.contents])
        chosen, unclear = f"coalesce(n.content IN {contents}, false)", "n.content IS NULL"
    rows = _credited(w, name, bounds[-1][0], bounds[0][1])
    in_semester = "n.date >= date(s[0]) AND n.date <= date(s[1])"
    return (
        f"WITH {rows} AS rows\n"
        f"WITH {_keys(f'[n IN rows WHERE {chosen} OR {unclear}]')} AS seen,"
        f" [s IN {listed} | [date(s[0]), {_hours('rows', f'{in_semester} AND {chosen}')},"
        f" {_hours('rows', f'{in_semester} AND {unclear}')}]] AS per_semester\n"
        # a semester is due if the candidate was in post on its first day (or no entry date is known)
        "WITH seen, [r IN per_semester WHERE t.entry_date IS NULL OR t.entry_date <= r[0]] AS due\n"
        "WITH seen, due, reduce(w = null, r IN due | CASE WHEN w IS NULL OR r[1] < w[1] THEN r ELSE w END)"
        " AS worst\n"
        f"WITH seen, worst, any(r IN due WHERE r[1] < {need} AND r[1] + r[2] >= {need}) AS maybe,"
        f" worst IS NOT NULL AND worst[1] < {need} AS short\n"
        "RETURN {passed: NOT short,"
        f" unknown: (short AND (t.entry_date IS NULL OR maybe)) OR {NO_TRAINING_FILE},"
        " values: {hours: worst[1], first: toString(worst[0])}, evidence: seen} AS c"
    )


# -- LE-HOURS ----------------------------------------------------------------------------------


def school_year_hours(spec: SchoolYearHours, ctx: Context, w: Writer, name: str) -> str:
    """LE-HOURS «每人年度参训不少于90学时(其中专业知识不少于60学时,公需知识30学时)» in the last
    complete school year (LE-SCHOOL-YEAR), split by content (LE-CONTENT: any content but public-need
    is professional); LE-PROVINCIAL-EXEMPT «参加2024年度省培的…在完成60学时的培训任务后,可免于参加
    本年度全员培训的专业知识培训»: enough province-level hours in the school year or in the calendar
    year it starts waive the professional part and the total. A candidate not in post for the
    whole school year is not due."""
    first, last = school_year(spec, ctx.as_of)
    rows = _credited(w, name, dt.date(first.year, 1, 1), last)  # from the calendar year's start
    start = w.param(f"{name}_school_year_first", _day(first))
    exempt_after = w.param(f"{name}_exempt_provincial", spec.exempt_provincial)
    public, professional = w.param(f"{name}_min_public", spec.min_public_need), w.param(
        f"{name}_min_professional", spec.min_professional)
    total = w.param(f"{name}_min_total", spec.min_total)
    evidence = f"[n IN rows WHERE n.date >= date({start})]"
    if spec.exempt_provincial:
        evidence = f"[n IN rows WHERE n.date >= date({start}) OR n.level = {PROVINCE}]"
    return (
        f"WITH {rows} AS rows\n"
        f"WITH rows, [n IN rows WHERE n.date >= date({start})] AS within\n"
        f"WITH rows, {_hours('within', f'n.content = {PUBLIC_NEED}')} AS public,"
        f" {_hours('within', f'n.content IS NOT NULL AND n.content <> {PUBLIC_NEED}')}"
        " AS professional,"
        f" {_hours('within', 'n.content IS NULL')} AS open,"
        f" {_hours('rows', f'n.level = {PROVINCE}')} AS provincial,"
        f" t.entry_date IS NOT NULL AND t.entry_date > date({start}) AS not_due\n"
        f"WITH rows, public, professional, open, provincial, not_due,"
        f" provincial >= {exempt_after} AND {exempt_after} > 0 AS exempt\n"
        "WITH rows, public, professional, open, provincial, not_due, exempt,"
        f" CASE WHEN exempt THEN 0.0 ELSE {professional} END AS need_professional,"
        f" CASE WHEN exempt THEN {public} ELSE {total} END AS need_total\n"
        "WITH rows, public, professional, open, provincial, not_due, exempt,"
        f" public >= {public} AND professional >= need_professional AND public + professional >= need_total"
        " AS met,"
        # records whose content is not on record could fill every part: unknown, not failed
        f" public + open >= {public} AND professional + open >= need_professional"
        " AND public + professional + open >= need_total AS maybe\n"
        "RETURN {passed: met OR not_due,"
        f" unknown: (NOT met AND NOT not_due AND (t.entry_date IS NULL OR maybe)) OR {NO_TRAINING_FILE},"
        " values: {exempt: exempt, not_due: not_due, public: public, professional: professional, open: open,"
        " provincial: provincial},"
        f" evidence: {_keys(evidence)}}} AS c"
    )


FORMS: dict[str, Callable[[Any, Context, Writer, str], str]] = {
    "cycle_hours": cycle_hours,
    "semester_hours": semester_hours,
    "school_year_hours": school_year_hours,
}
