"""Invariants of eligibility over small random regions, for every target of every builtin policy.

(a) more training hours never worsen a verdict; (b) an ethics failure never
improves one; (c) a title without expiry stays held at later dates; (d) the
sweep and ``explain`` agree; (e) ineligible iff a hard check failed on known data,
and ``failed_rules`` / ``unknown_rules`` split the checks that did not pass;
(f) a file missing from the bundle never creates a known failure; (g) an excellent
annual review never worsens a verdict; (h) ``annual_review`` counts exactly the
annual reviews graded high enough in the complete years before the as-of year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    ProgrammeResult,
    Stage,
    Tier,
    Track,
    TrainingContent,
    TrainingDelivery,
)
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.eligibility.base import evaluator_for
from talentgraph.eligibility.context import Context
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.engine import VERDICTS, Sweep, explain, sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.pool import holds_target
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.schema import AllOf, AnnualReview, AnyOf, CheckSpec, HoldsTitle, Policy
from tests.factories import OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.judging import FULL, without

POLICIES = [load_policy(name) for name in builtin_policy_names()]
TARGETS: list[tuple[Policy, Target]] = [(p, t) for p in POLICIES for t in p.covers()]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
MORE = settings(SETTINGS, max_examples=100)

LEVELS = [lv.value for lv in Level if lv is not Level.NATIONAL]
DATES = st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31))
AS_OF_DATES = st.sampled_from([dt.date(2024, 6, 30), dt.date(2025, 12, 31),
                               dt.date(2026, 11, 22), dt.date(2027, 3, 1)])
PROGRAMME_NAMES = st.sampled_from([None, "市骨干研修", "县新教师培训"])
TRACKS = ["teacher", "teacher", "teacher", *(t.value for t in Track if t is not Track.TEACHER)]
MENTOR_KINDS = ["head_teacher", *(k.value for k in MentorshipKind)]
RESULTS = ["pass", "excellent", *(r.value for r in ProgrammeResult)]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@st.composite
def regions(draw: st.DrawFn, *, expiring: bool = True) -> Region:
    """One to three teachers with random records; ``expiring=False``: titles never lapse."""
    region = Region()
    ids = [f"T{i}" for i in range(draw(st.integers(1, 3)))]
    for tid in ids:
        _teacher(draw, region, tid)
        _titles(draw, region, tid, expiring)
        _programmes(draw, region, tid)
        _training(draw, region, tid)
        _reviews(draw, region, tid)
        _mentorships(draw, region, tid, ids)
    if draw(st.booleans()):
        lead = draw(st.sampled_from(ids))
        region.studio("S1", lead, level=draw(st.sampled_from(LEVELS[1:])),
                      founded=iso(draw(DATES)) or "2020-01-01")
        for tid in ids:
            if tid != lead and draw(st.booleans()):
                region.member("S1", tid, joined=iso(draw(DATES)) or "2020-01-01",
                              left=iso(draw(st.none() | DATES)))
    return region


def _teacher(draw: st.DrawFn, region: Region, tid: str) -> None:
    roles = draw(st.lists(st.sampled_from(["principal", "researcher", "subject_leader"]),
                          max_size=2, unique=True))
    region.teacher(
        tid,
        entry="" if draw(st.integers(0, 7)) == 0 else draw(DATES).isoformat(),
        school=draw(st.sampled_from([SCHOOL, RURAL_SCHOOL, OTHER_SCHOOL])),
        stage=draw(st.none() | st.sampled_from([s.value for s in Stage])),
        head_teacher=draw(st.none() | st.booleans()),
        roles=";".join(roles) or None,
        principal_since=iso(draw(st.none() | DATES)),
        status=draw(st.sampled_from(["active", "active", "active", "left"])),
    )


def _titles(draw: st.DrawFn, region: Region, tid: str, expiring: bool) -> None:
    for _ in range(draw(st.integers(0, 3))):
        awarded = draw(DATES)
        lapses = expiring and draw(st.integers(0, 2)) == 0
        region.title(tid, draw(st.sampled_from([t.value for t in Tier])),
                     draw(st.sampled_from(LEVELS)), awarded.isoformat(),
                     until=iso(draw(DATES)) if lapses else None,
                     track=draw(st.sampled_from(TRACKS)))


def _programmes(draw: st.DrawFn, region: Region, tid: str) -> None:
    for _ in range(draw(st.integers(0, 2))):
        enrolled = draw(DATES)
        done = draw(st.integers(0, 3)) > 0
        region.programme(tid, draw(st.sampled_from([t.value for t in Tier])),
                         draw(st.sampled_from(LEVELS)), draw(st.sampled_from(RESULTS)),
                         enrolled=enrolled.isoformat(),
                         completed=iso(enrolled + dt.timedelta(days=300)) if done else None)


def training_records() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({
        "date": DATES.map(dt.date.isoformat),
        "hours": st.sampled_from([1, 8, 24, 45, 48, 60, 90, 120]),
        "kind": st.sampled_from([None, *(k.value for k in TrainingDelivery)]),
        "content": st.sampled_from([None, *(c.value for c in TrainingContent)]),
        "programme": PROGRAMME_NAMES,
        "probation": st.booleans(),
        "passed": st.booleans(),
    })


def _training(draw: st.DrawFn, region: Region, tid: str) -> None:
    """A record in most years (near the 48/90 h thresholds), plus a few odd ones."""
    for year in range(2019, 2027):
        if draw(st.integers(0, 4)):
            region.hours(tid, f"{year}-{draw(st.integers(1, 12)):02d}-15",
                         draw(st.sampled_from([20, 30, 45, 60, 90])),
                         draw(st.sampled_from(["school_based", "centralized", "professional"])),
                         programme=draw(PROGRAMME_NAMES))
    for record in draw(st.lists(training_records(), max_size=3)):
        region.hours(tid, **record)  # type: ignore[arg-type]


def _reviews(draw: st.DrawFn, region: Region, tid: str) -> None:
    for year, kind in draw(st.sets(st.tuples(st.integers(2020, 2027),
                                             st.sampled_from(["ethics", "annual"])), max_size=3)):
        results = ["pass", "fail"] if kind == "ethics" else ["excellent", "qualified",
                                                             "basic", "unqualified"]
        region.review(tid, year, kind, draw(st.sampled_from(results)))


def _mentorships(draw: st.DrawFn, region: Region, tid: str, ids: list[str]) -> None:
    for _ in range(draw(st.integers(0, 2))):
        start = draw(DATES)
        length = draw(st.none() | st.integers(0, 700))
        end = start + dt.timedelta(days=length) if length is not None else None
        region.mentorship(draw(st.sampled_from(ids)), tid, start.isoformat(), iso(end),
                          kind=draw(st.sampled_from(MENTOR_KINDS)))


def sweeps(facts: Facts, as_of: dt.date) -> Iterator[tuple[Policy, Target, Sweep]]:
    for policy, target in TARGETS:
        yield policy, target, sweep(facts, policy, target, as_of)


def title_checks(checks: list[CheckSpec]) -> Iterator[HoldsTitle]:
    for check in checks:
        if isinstance(check, AnyOf | AllOf):
            yield from title_checks(list(check.checks))
        elif isinstance(check, HoldsTitle):
            yield check


# ------------------------------------------------------------------ (a), (b)

def standing(found: Sweep) -> np.ndarray:
    """Per gate check and candidate: 0 passed, 1 unknown, 2 failed on known data. (Advice and
    alerts need not move with the verdict: an excellent review in a year of a failed ethics
    review raises the XD-ETHICS-ANNUAL alert.)"""
    gates = [o for c, o in zip(found.checks, found.outcomes, strict=True) if c.effect == "gate"]
    return np.array([np.where(o.passed, 0, np.where(o.unknown, 1, 2)) for o in gates],
                    dtype=np.int8).reshape(len(gates), found.rows.shape[0])


def assert_never_better(old: Sweep, new: Sweep, target: Target) -> None:
    assert np.array_equal(old.rows, new.rows), target
    assert not (new.verdict < old.verdict).any(), (target, old.verdicts(), new.verdicts())
    assert not (standing(new) < standing(old)).any(), target


def assert_never_worse(old: Sweep, new: Sweep, target: Target) -> None:
    assert np.array_equal(old.rows, new.rows), target
    assert not (new.verdict > old.verdict).any(), (target, old.verdicts(), new.verdicts())
    assert not (standing(new) > standing(old)).any(), target


def recent(as_of: dt.date) -> st.SearchStrategy[str]:
    """A date anywhere, or (mostly) in the year before ``as_of`` or the cycle up to it."""
    last_year = st.integers(0, 364).map(lambda n: dt.date(as_of.year - 1, 1, 1)
                                        + dt.timedelta(days=n))
    in_cycle = st.integers(0, 1800).map(lambda n: as_of - dt.timedelta(days=n))
    return st.one_of(last_year, in_cycle, DATES).map(dt.date.isoformat)


@MORE
@given(region=regions(), as_of=AS_OF_DATES, data=st.data())
def test_adding_training_hours_never_worsens_a_verdict(region: Region, as_of: dt.date,
                                                       data: st.DataObject) -> None:
    """(a) A passed, non-probation record: eligible stays eligible, review never
    ineligible; and no single check goes from passed or unknown to a known failure."""
    before = region.facts(present=FULL)
    teacher = data.draw(st.sampled_from([t["id"] for t in region.rows["teachers"]]))
    record = data.draw(training_records())
    record |= {"date": data.draw(recent(as_of)), "passed": True, "probation": False}
    region.hours(teacher, **record)  # type: ignore[arg-type]
    after = region.facts(present=FULL)
    for (_, target, old), (_, _, new) in zip(sweeps(before, as_of), sweeps(after, as_of),
                                             strict=True):
        assert_never_worse(old, new, target)


@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES, data=st.data())
def test_adding_an_ethics_failure_never_improves_a_verdict(region: Region, as_of: dt.date,
                                                           data: st.DataObject) -> None:
    """(b) XD-ETHICS-VETO: a failed ethics review can only make verdicts worse."""
    before = region.facts(present=FULL)
    teacher = data.draw(st.sampled_from([t["id"] for t in region.rows["teachers"]]))
    year = data.draw(st.integers(as_of.year - 3, as_of.year + 1))
    region.review(teacher, year, "ethics", "fail")
    after = region.facts(present=FULL)
    for (_, target, old), (_, _, new) in zip(sweeps(before, as_of), sweeps(after, as_of),
                                             strict=True):
        assert_never_better(old, new, target)


# ----------------------------------------------------------------------- (c)

@SETTINGS
@given(region=regions(expiring=False), first=DATES,
       gap=st.integers(1, 4000))
def test_title_without_expiry_is_never_unawarded_later(region: Region, first: dt.date,
                                                       gap: int) -> None:
    """(c) Titles with no valid_until: held at one date -> held at every later date."""
    later = first + dt.timedelta(days=gap)
    facts = region.facts(present=FULL)
    t = facts.titles
    for row in np.flatnonzero(t["awarded"] <= day_number(first)):
        target = Target(tier=list(Tier)[t["tier"][row]], level=list(Level)[t["level"][row]],
                        track=list(Track)[t["track"][row]])
        teacher = int(t.teacher[row])
        for day in (first, later):
            assert holds_target(facts, target, day_number(day))[teacher], (target, day)
            spec = HoldsTitle(rule="JM-LEVEL", tiers=[target.tier], level=target.level,
                              tracks=[target.track])
            out = evaluator_for(spec).evaluate(spec, facts, Context(target, day))
            assert out.passed[teacher], (target, day)
    for policy, target in TARGETS:
        for spec in title_checks(policy.checks_for(target) or []):
            then = evaluator_for(spec).evaluate(spec, facts, Context(target, first))
            now = evaluator_for(spec).evaluate(spec, facts, Context(target, later))
            assert not (then.passed & ~now.passed).any(), (policy.name, target, spec)
        held_then = holds_target(facts, target, day_number(first))
        held_now = holds_target(facts, target, day_number(later))
        assert not (held_then & ~held_now).any(), (policy.name, target)


# ------------------------------------------------------------------ (d), (e)

@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES)
def test_sweep_agrees_with_explain_for_every_candidate(region: Region, as_of: dt.date) -> None:
    """(d) The sweep's verdict, failed rules and reasons equal ``explain``'s per candidate."""
    facts = region.facts(present=FULL)
    for policy, target, found in sweeps(facts, as_of):
        for k, row in enumerate(found.rows):
            teacher = str(facts.teacher_ids[row])
            one = explain(facts, policy, target, as_of, teacher)
            assert one.note is None and one.candidate, (target, teacher)
            assert VERDICTS[found.verdict[k]] is one.verdict, (policy.name, target, teacher)
            assert found.failed_rules(k) == one.failed_rules, (policy.name, target, teacher)
            worded = found.verdict_at(k)
            assert worded.unknown_rules == one.unknown_rules, (policy.name, target, teacher)
            assert [(c.passed, c.unknown, c.reason) for c in worded.checks] == [
                (c.passed, c.unknown, c.reason) for c in one.checks], (target, teacher)


@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES)
def test_ineligible_iff_a_hard_check_failed_on_known_data(region: Region,
                                                          as_of: dt.date) -> None:
    """(e) ineligible iff a hard check failed with known data; review iff any other failure."""
    facts = region.facts(present=FULL)
    for policy, target, found in sweeps(facts, as_of):
        for k in range(found.rows.shape[0]):
            verdict = found.verdict_at(k)
            assert not any(c.passed and c.unknown for c in verdict.checks)
            checks = [c for c in verdict.checks if c.gate]  # advice and alerts never decide
            hard_known = any(c.hard and not c.passed and not c.unknown for c in checks)
            failed = any(not c.passed for c in checks)
            expected = (VerdictKind.INELIGIBLE if hard_known
                        else VerdictKind.REVIEW if failed else VerdictKind.ELIGIBLE)
            assert verdict.verdict is expected, (policy.name, target, verdict)
            assert verdict.failed_rules == found.failed_rules(k)
            assert verdict.failed_rules == tuple(r for c in checks if not c.passed and not c.unknown
                                                 for r in c.rules)
            assert verdict.unknown_rules == tuple(r for c in checks if c.unknown for r in c.rules)
            assert len(verdict.failed_rules) + len(verdict.unknown_rules) == sum(
                len(c.rules) for c in checks if not c.passed)
        assert sum(found.counts().values()) == found.rows.shape[0]


# ----------------------------------------------------------------------- (f)

@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES,
       missing=st.sets(st.sampled_from(FULL), min_size=1))
def test_a_missing_file_never_creates_a_known_failure(region: Region, as_of: dt.date,
                                                      missing: set[str]) -> None:
    """(f) Declaring files absent (rather than present and empty) turns checks unknown at
    most: no check newly fails on known data, and nobody newly becomes ineligible."""
    full = region.facts(present=FULL)
    partial = region.facts(present=without(*missing))
    for (_, target, old), (_, _, new) in zip(sweeps(full, as_of), sweeps(partial, as_of),
                                             strict=True):
        assert np.array_equal(old.rows, new.rows), target
        newly_failed = (standing(new) == 2) & (standing(old) != 2)
        assert not newly_failed.any(), (target, sorted(missing))
        newly_ineligible = (new.verdict == 2) & (old.verdict != 2)
        assert not newly_ineligible.any(), (target, sorted(missing))


# ----------------------------------------------------------------------- (g)

@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES, data=st.data())
def test_an_excellent_annual_review_never_worsens_a_verdict(region: Region, as_of: dt.date,
                                                           data: st.DataObject) -> None:
    """(g) JM-BACKBONE-FAMOUS / TX-COUNTY-BACKBONE: one more excellent annual review can only
    help (any_of and all_of routes are monotone too)."""
    before = region.facts(present=FULL)
    teacher = data.draw(st.sampled_from([t["id"] for t in region.rows["teachers"]]))
    region.review(teacher, data.draw(st.integers(as_of.year - 4, as_of.year + 1)), "annual",
                  "excellent")
    after = region.facts(present=FULL)
    for (_, target, old), (_, _, new) in zip(sweeps(before, as_of), sweeps(after, as_of),
                                             strict=True):
        assert_never_worse(old, new, target)


# ----------------------------------------------------------------------- (h)

GRADE_RANK = {"excellent": 3, "qualified": 2, "basic": 1, "unqualified": 0}


@SETTINGS
@given(region=regions(), as_of=AS_OF_DATES,
       min_grade=st.sampled_from(["excellent", "qualified", "basic"]),
       years=st.integers(1, 4), times=st.integers(1, 2))
def test_annual_review_counts_graded_annual_reviews_in_complete_years(
        region: Region, as_of: dt.date, min_grade: str, years: int, times: int) -> None:
    """(h) A row-by-row count of the region's annual reviews graded ``min_grade`` or better
    in the ``years`` calendar years before the as-of year decides ``annual_review``."""
    if times > years:
        times = years
    spec = AnnualReview(rule="JM-BACKBONE-FAMOUS", min_grade=min_grade, years=years, times=times)
    facts = region.facts(present=FULL)
    out = evaluator_for(spec).evaluate(spec, facts, Context(Target.parse("famous@county"), as_of))
    ids = facts.teacher_ids.tolist()
    for row, tid in enumerate(ids):
        good = sum(1 for r in region.rows["reviews"]
                   if r["teacher_id"] == tid and r["kind"] == "annual"
                   and GRADE_RANK[r["result"]] >= GRADE_RANK[min_grade]
                   and as_of.year - years <= r["year"] < as_of.year)
        assert bool(out.passed[row]) is (good >= times), (tid, good)
        assert not out.unknown[row]
