"""The engine: verdict combination, candidates, title dates, scope, missing data, explain.

Scenarios follow domain.md: a rule marked 原则上 "in principle" (hard = false)
can only push a verdict to ``review``; missing data is ``unknown`` and never
makes a teacher ``ineligible`` by itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.engine import explain, sweep
from talentgraph.eligibility.pipeline import BASIS, pipeline
from talentgraph.eligibility.pool import holds_target
from talentgraph.errors import NotFound, PolicyError
from talentgraph.policy.load import load_policy, parse_policy
from talentgraph.policy.schema import Policy
from tests.factories import (
    AS_OF,
    CITY,
    COUNTY,
    OTHER_COUNTY,
    OTHER_SCHOOL,
    RURAL_SCHOOL,
    SCHOOL,
    Region,
)
from tests.judging import (
    ELIGIBLE,
    FULL,
    INELIGIBLE,
    REVIEW,
    result_of,
    verdict_for,
    without,
)

NO_TRAINING = without("training")


def judge(region: Region, policy: str | Policy, target: str, teacher: str = "T1",
          **options: Any) -> Verdict:
    return verdict_for(region, target, teacher, policy=policy, **options)


def candidate_ids(region: Region, policy: str, target: str, *, as_of: dt.date = AS_OF,
                  scope_org: str | None = None) -> set[str]:
    facts = region.facts(present=FULL)
    scope = None
    if scope_org is not None:
        scope = facts.in_scope(facts.orgs.ids.tolist().index(scope_org))
    found = sweep(facts, load_policy(policy), Target.parse(target), as_of, scope)
    return set(facts.teacher_ids[found.rows].tolist())


def famous_county() -> Region:
    """A county famous-teacher candidate (jiangmen), eligible as it stands: a county backbone
    title, graded excellent in the 2025 annual review (JM-BACKBONE-FAMOUS), hours every year."""
    return (Region().teacher("T1")
            .title("T1", "backbone", "county", "2022-06-01")
            .review("T1", 2025, "annual", "excellent")
            .yearly_hours("T1", range(2020, 2027)))


def emerging_city() -> Region:
    """A city emerging candidate (jiangmen) with the county title JM-LEVEL asks for."""
    return (Region().teacher("T1", entry="2022-09-01")
            .title("T1", "emerging", "county", "2024-06-01")
            .yearly_hours("T1", range(2020, 2026)))


# ------------------------------------------------------------ verdict combination

def test_engine_all_checks_pass_gives_eligible() -> None:
    verdict = judge(famous_county(), "jiangmen", "famous@county")
    assert verdict.verdict is ELIGIBLE
    assert verdict.failed_rules == () and verdict.unknown_rules == ()
    assert all(c.passed and not c.unknown for c in verdict.checks)


def test_engine_soft_failure_only_gives_review_jm_level() -> None:
    """JM-LEVEL is 原则上: failing it alone is review, not ineligible."""
    region = Region().teacher("T1", entry="2022-09-01").yearly_hours("T1", range(2020, 2026))
    verdict = judge(region, "jiangmen", "emerging@city")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)
    assert verdict.unknown_rules == ()
    level = result_of(verdict, "JM-LEVEL")
    assert not level.hard and not level.unknown


def test_engine_soft_and_hard_failure_gives_ineligible_listing_both() -> None:
    """JM-LEVEL (soft) and JM-HOURS (hard) both fail: ineligible, both rules listed."""
    region = Region().teacher("T1", entry="2022-09-01").hours("T1", "2025-05-01", 30)
    verdict = judge(region, "jiangmen", "emerging@city")
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-LEVEL", "JM-HOURS")


def test_engine_unknown_hard_check_alone_gives_review() -> None:
    """JM-HOURS with no training file in the bundle: unknown, so review (never ineligible)."""
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2022-06-01")
              .review("T1", 2024, "annual", "excellent"))
    verdict = judge(region, "jiangmen", "famous@county", present=NO_TRAINING)
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("JM-HOURS",)
    hours = result_of(verdict, "JM-HOURS")
    assert hours.hard and hours.unknown and not hours.passed
    assert hours.reason.startswith("unknown: no training records")


def test_engine_unknown_data_plus_known_hard_failure_gives_ineligible() -> None:
    """An unknown check does not mask a known hard failure (JM-BACKBONE-FAMOUS: no title)."""
    region = Region().teacher("T1").review("T1", 2024, "annual", "excellent")
    verdict = judge(region, "jiangmen", "famous@county", present=NO_TRAINING)
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-BACKBONE-FAMOUS",)
    assert verdict.unknown_rules == ("JM-HOURS",)
    assert result_of(verdict, "JM-HOURS").unknown
    assert not result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").unknown
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").passed


def test_engine_empty_training_file_is_known_zero_hours_not_unknown() -> None:
    """A training file that exists but has no rows for the teacher: 0 h, a known failure."""
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2022-06-01")
              .review("T1", 2024, "annual", "excellent"))
    verdict = judge(region, "jiangmen", "famous@county", present=("training",))
    assert verdict.verdict is INELIGIBLE
    assert verdict.failed_rules == ("JM-HOURS",) and verdict.unknown_rules == ()
    hours = result_of(verdict, "JM-HOURS")
    assert not hours.unknown
    assert hours.reason == "0 h in 2025, needs >= 90 h in 2025"


def test_engine_missing_entry_date_gives_review_jm_emerging_window() -> None:
    """No entry_date and no excellent new-teacher result: the JM-EMERGING-WINDOW route is
    unknown, so review (never ineligible)."""
    region = (Region().teacher("T1", entry="")
              .programme("T1", "new", "school", "pass")
              .yearly_hours("T1", range(2020, 2026)))
    verdict = judge(region, "jiangmen", "emerging@school")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("JM-EMERGING-WINDOW", "JM-NEW-EMERGING")
    window = result_of(verdict, "JM-EMERGING-WINDOW")
    assert window.unknown
    assert window.reason.endswith(
        "JM-EMERGING-WINDOW: unknown: no entry date on record (needs 3-5 years of teaching)")
    # JM-HOURS: hours reached, so it passes even without an entry date.
    assert result_of(verdict, "JM-HOURS").passed


def test_engine_missing_entry_date_and_short_hours_is_unknown_jm_hours() -> None:
    """No entry_date and too few hours: JM-HOURS cannot tell whether 2025 was due: unknown."""
    region = (Region().teacher("T1", entry="")
              .programme("T1", "new", "school", "excellent")
              .hours("T1", "2025-04-01", 10))
    verdict = judge(region, "jiangmen", "emerging@school")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("JM-HOURS",)
    assert all(c.unknown for c in verdict.checks if not c.passed)


# ---------------------------------------------------------------- title dates

@pytest.mark.parametrize(("awarded", "until", "counts"), [
    ("2022-06-01", None, True),
    ("2026-11-22", None, True),            # awarded on the as-of date
    ("2026-11-23", None, False),           # awarded the day after
    ("2027-01-10", None, False),           # awarded after the as-of date
    ("2020-06-01", "2026-11-22", True),    # lapses on the as-of date: still valid
    ("2020-06-01", "2026-11-21", False),   # lapsed the day before
    ("2018-06-01", "2023-06-01", False),   # lapsed long before
])
def test_engine_title_counts_only_if_valid_on_as_of_jm_backbone_famous(
        awarded: str, until: str | None, counts: bool) -> None:
    """JM-BACKBONE-FAMOUS reads titles valid on the as-of date only."""
    region = (Region().teacher("T1").title("T1", "backbone", "county", awarded, until=until)
              .review("T1", 2025, "annual", "excellent")
              .yearly_hours("T1", range(2020, 2027)))
    verdict = judge(region, "jiangmen", "famous@county")
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").passed is counts
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").passed
    assert verdict.verdict is (ELIGIBLE if counts else INELIGIBLE)


def test_engine_title_awarded_after_as_of_does_not_count_in_explain_as_of_past() -> None:
    """The same facts asked as of an earlier date: the later award is not yet held."""
    region = famous_county()
    verdict = judge(region, "jiangmen", "famous@county", as_of=dt.date(2022, 5, 31))
    assert verdict.verdict is INELIGIBLE
    assert "JM-BACKBONE-FAMOUS" in verdict.failed_rules
    assert (result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").reason
            == "holds no backbone/famous title at any level (teacher/head_teacher track) "
               "valid on 2022-05-31")


# ----------------------------------------------------------------- candidates

@pytest.mark.parametrize(("held", "candidate"), [
    ([], True),
    ([("backbone", "school", "2022-01-01", None, "teacher")], True),
    ([("backbone", "county", "2022-01-01", None, "teacher")], False),
    ([("backbone", "city", "2022-01-01", None, "teacher")], False),     # higher level
    ([("famous", "county", "2022-01-01", None, "teacher")], False),     # higher tier
    ([("educator", "province", "2022-01-01", None, "teacher")], False),
    ([("famous", "school", "2022-01-01", None, "teacher")], False),     # higher tier, any level
    ([("famous", "school", "2022-01-01", None, "head_teacher")], False),  # one teaching ladder
    ([("famous", "county", "2022-01-01", None, "principal")], True),    # another ladder
    ([("emerging", "city", "2022-01-01", None, "teacher")], True),      # lower tier, higher level
    ([("backbone", "county", "2020-01-01", "2025-12-31", "teacher")], True),  # lapsed
    ([("backbone", "county", "2027-01-01", None, "teacher")], True),    # not yet awarded
    ([("backbone", "county", "2022-01-01", None, "head_teacher")], True),  # another track
])
def test_engine_teacher_holding_target_or_higher_is_not_a_candidate(
        held: list[tuple[str, str, str, str | None, str]], candidate: bool) -> None:
    """The pool: not holding the target (tier at its level or higher, its track) and not holding a
    higher tier at any level on the teaching ladder (teacher and head-teacher titles)."""
    region = Region().teacher("T1")
    for tier, level, awarded, until, track in held:
        region.title("T1", tier, level, awarded, until=until, track=track)
    assert ("T1" in candidate_ids(region, "reference", "backbone@county")) is candidate


@pytest.mark.parametrize(("target", "held", "candidate"), [
    ("emerging@school", ("backbone", "school"), False),
    ("emerging@city", ("backbone", "school"), False),   # outgrown at any level
    ("emerging@school", ("famous", "county"), False),
    ("backbone@county", ("famous", "school"), False),
    ("backbone@county", ("emerging", "city"), True),    # a lower tier never takes one out
    ("famous@city", ("backbone", "province"), True),
])
def test_engine_a_step_is_not_for_those_past_it(target: str, held: tuple[str, str],
                                               candidate: bool) -> None:
    """The candidate pool: a backbone or famous teacher is not a candidate for any emerging step
    (the demo had 33,055 of 48,237 teachers "ineligible" for emerging@school, most of them
    backbone or famous teachers). Their explanation says why they are not in the sweep."""
    region = Region().teacher("T1").title("T1", *held, "2022-01-01")
    assert ("T1" in candidate_ids(region, "jiangmen", target)) is candidate
    verdict = judge(region, "jiangmen", target)
    if not candidate:
        assert verdict.note == (f"holds {held[0]}@{held[1]}, a higher tier than {target.split('@')[0]}: "
                                "past this step, not a candidate in sweeps")


@pytest.mark.parametrize(("track", "roles", "title", "candidate"), [
    ("principal", "principal", None, True),
    ("principal", None, ("new", "county", "principal"), True),
    ("principal", "researcher", None, False),
    ("principal", None, ("backbone", "county", "teacher"), False),
    ("researcher", "researcher", None, True),
    ("researcher", None, None, False),
])
def test_engine_the_principal_and_researcher_ladders_are_for_principals_and_researchers(
        track: str, roles: str | None, title: tuple[str, str, str] | None, candidate: bool) -> None:
    """The pool of a principal or researcher step: teachers with that role or a title on that
    track (a teacher who is neither is no candidate for backbone principal)."""
    region = Region().teacher("T1", roles=roles)
    if title:
        tier, level, on = title
        region.title("T1", tier, level, "2020-01-01", track=on)
    facts = region.facts(present=FULL)
    found = sweep(facts, load_policy("jiangmen"), Target.parse("backbone@city", track=track), AS_OF)
    assert (found.rows.shape[0] == 1) is candidate
    if not candidate:
        note = judge(region, "jiangmen", "backbone@city", track=track).note
        assert note is not None and f"not in the {track} track's pool" in note


def test_engine_a_policy_may_admit_a_higher_tier_tx_city_backbone() -> None:
    """TX-CITY-BACKBONE «面向县级名师和骨干教师»: the tongxin policy keeps county famous teachers in
    the pool for city backbone (admit_tiers), and they are eligible with the city programme."""
    region = (Region().teacher("T1").title("T1", "famous", "county", "2022-01-01")
              .programme("T1", "backbone", "city", "pass", completed="2025-07-01", type="certification"))
    assert candidate_ids(region, "tongxin", "backbone@city") == {"T1"}
    assert judge(region, "tongxin", "backbone@city").verdict is ELIGIBLE
    assert candidate_ids(region, "tongxin", "backbone@county") == set()


def test_engine_pipeline_counts_the_pool_and_says_how() -> None:
    """The funnel counts candidates in the pool, and 'beyond' those past the step."""
    region = (famous_county().teacher("T2").title("T2", "famous", "school", "2022-01-01")
              .teacher("T3").title("T3", "backbone", "school", "2022-01-01"))
    facts = region.facts(present=FULL)
    result = pipeline(facts, np.ones(facts.n, bool), load_policy("jiangmen"), AS_OF)
    step = {str(s.target): s for s in result.steps}
    emerging = step["emerging@school"]
    assert (emerging.beyond, emerging.eligible + emerging.review + emerging.ineligible) == (3, 0)
    backbone = step["backbone@county"]
    assert (backbone.beyond, backbone.eligible + backbone.review + backbone.ineligible) == (1, 1)
    assert "higher tier" in BASIS["candidates"] and "beyond" in BASIS


@pytest.mark.parametrize("status", ["left", "retired"])
def test_engine_inactive_teacher_is_not_a_candidate(status: str) -> None:
    region = famous_county().teacher("T2", status=status).title(
        "T2", "backbone", "county", "2022-06-01")
    assert candidate_ids(region, "jiangmen", "famous@county") == {"T1"}
    verdict = judge(region, "jiangmen", "famous@county", teacher="T2")
    assert verdict.note == "not active (left or retired, no date on record): not a candidate in sweeps"
    assert verdict.candidate is False


@pytest.mark.parametrize(("as_of", "candidate"), [
    (dt.date(2025, 6, 29), True),    # the day before leaving: in post
    (dt.date(2025, 6, 30), False),   # gone on the day of leaving
    (AS_OF, False),
])
def test_engine_as_of_a_past_date_a_leaver_was_in_post(as_of: dt.date, candidate: bool) -> None:
    """As of means as of: a teacher who left on 2025-06-30 (left_on) is a candidate on dates before
    it, with the facts of those dates; after it, explain says when they left."""
    region = famous_county().teacher("T2", status="left", left_on="2025-06-30").title(
        "T2", "backbone", "county", "2022-06-01").review("T2", 2024, "annual", "excellent")
    assert ("T2" in candidate_ids(region, "jiangmen", "famous@county", as_of=as_of)) is candidate
    verdict = judge(region, "jiangmen", "famous@county", "T2", as_of=as_of)
    if not candidate:
        assert verdict.note == (f"left teaching on 2025-06-30, not in post on {as_of}: "
                                "not a candidate in sweeps")


def test_engine_a_leaver_without_a_date_is_out_of_every_question() -> None:
    """Status left or retired with no left_on: current-only, out at every date (and said so)."""
    region = famous_county().teacher("T2", status="retired").title("T2", "backbone", "county", "2022-06-01")
    assert "T2" not in candidate_ids(region, "jiangmen", "famous@county", as_of=dt.date(2020, 1, 1))
    assert judge(region, "jiangmen", "famous@county", "T2").note == (
        "not active (left or retired, no date on record): not a candidate in sweeps")


def test_engine_teacher_not_yet_in_post_is_not_a_candidate() -> None:
    """Hired after the as-of date: left out of sweeps; ``explain`` says so (candidate=False)."""
    region = famous_county().teacher("T2", entry="2027-01-10").title(
        "T2", "backbone", "county", "2022-06-01")
    assert candidate_ids(region, "jiangmen", "famous@county") == {"T1"}
    verdict = judge(region, "jiangmen", "famous@county", teacher="T2")
    assert verdict.note == "not yet teaching on 2026-11-22: not a candidate in sweeps"
    assert verdict.candidate is False


@pytest.mark.parametrize(("org", "expected"), [
    (None, {"T1", "T2", "T3"}),
    (CITY, {"T1", "T2", "T3"}),
    (COUNTY, {"T1", "T2"}),
    (OTHER_COUNTY, {"T3"}),
    (RURAL_SCHOOL, {"T2"}),
    (OTHER_SCHOOL, {"T3"}),
])
def test_engine_scope_is_an_org_subtree(org: str | None, expected: set[str]) -> None:
    """Scoping a sweep to a county leaves the other county's teachers out."""
    region = (Region().teacher("T1", school=SCHOOL).teacher("T2", school=RURAL_SCHOOL)
              .teacher("T3", school=OTHER_SCHOOL))
    assert candidate_ids(region, "jiangmen", "famous@county", scope_org=org) == expected


def test_engine_holds_target_ignores_other_tracks_and_dates() -> None:
    region = (Region().teacher("T1").title("T1", "famous", "city", "2022-01-01")
              .teacher("T2").title("T2", "famous", "city", "2022-01-01", track="head_teacher")
              .teacher("T3").title("T3", "famous", "city", "2022-01-01", until="2024-01-01"))
    facts = region.facts(present=FULL)
    day = (AS_OF - dt.date(1970, 1, 1)).days
    held = holds_target(facts, Target.parse("famous@city"), day)
    assert held.tolist() == [True, False, False]
    held_ht = holds_target(facts, Target.parse("famous@city", track="head_teacher"), day)
    assert held_ht.tolist() == [False, True, False]


# --------------------------------------------------------------------- sweep

def test_engine_sweep_counts_order_and_failed_rules() -> None:
    region = (famous_county()                                     # eligible
              .teacher("T2").hours("T2", "2025-03-01", 100)       # no backbone title
              .review("T2", 2025, "annual", "excellent")
              .teacher("T3").title("T3", "backbone", "county", "2022-06-01")  # 0 h in 2025
              .review("T3", 2024, "annual", "excellent")
              .teacher("T0").title("T0", "backbone", "city", "2021-06-01")
              .review("T0", 2023, "annual", "excellent")
              .hours("T0", "2025-03-01", 95))                     # eligible
    facts = region.facts(present=FULL)
    found = sweep(facts, load_policy("jiangmen"), Target.parse("famous@county"), AS_OF)
    assert found.counts() == {ELIGIBLE: 2, REVIEW: 0, INELIGIBLE: 2}
    verdicts = found.verdicts()
    assert [v.teacher_id for v in verdicts] == ["T0", "T1", "T2", "T3"]
    assert [v.verdict for v in verdicts] == [ELIGIBLE, ELIGIBLE, INELIGIBLE, INELIGIBLE]
    assert [v.teacher_id for v in found.verdicts(INELIGIBLE)] == ["T2", "T3"]
    assert len(found.verdicts(limit=1)) == 1
    by_id = {str(facts.teacher_ids[r]): k for k, r in enumerate(found.rows)}
    assert found.failed_rules(by_id["T2"]) == ("JM-BACKBONE-FAMOUS",)
    assert found.failed_rules(by_id["T3"]) == ("JM-HOURS",)
    assert found.verdict_at(by_id["T3"]).failed_rules == ("JM-HOURS",)
    assert found.verdict_at(by_id["T3"]).unknown_rules == ()
    # Sweep verdicts carry reasons but no evidence.
    assert all(c.evidence == () for v in verdicts for c in v.checks)
    assert verdicts[0].school_id == SCHOOL and verdicts[0].policy == "jiangmen"


def test_engine_sweep_of_empty_scope_is_empty() -> None:
    region = famous_county()
    facts = region.facts(present=FULL)
    found = sweep(facts, load_policy("jiangmen"), Target.parse("famous@county"), AS_OF,
                  np.zeros(facts.n, dtype=bool))
    assert found.counts() == {ELIGIBLE: 0, REVIEW: 0, INELIGIBLE: 0}
    assert found.verdicts() == []


# ------------------------------------------------------------------- explain

def test_engine_explain_title_evidence_names_the_awarding_org() -> None:
    region = (Region().teacher("T1")
              .title("T1", "backbone", "county", "2022-06-01", until="2030-12-31")
              .yearly_hours("T1", range(2024, 2026)))
    verdict = judge(region, "jiangmen", "famous@county")
    evidence = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").evidence
    assert len(evidence) == 1
    assert evidence[0].kind == "title"
    assert evidence[0].detail == "backbone@county awarded by 新会区 (C1-K1), valid until 2030-12-31"
    assert evidence[0].date == dt.date(2022, 6, 1)


def test_engine_explain_lists_training_records_jm_hours() -> None:
    region = (Region().teacher("T1").title("T1", "backbone", "county", "2022-06-01")
              .hours("T1", "2025-03-01", 60, "centralized", programme="江门市骨干研修")
              .hours("T1", "2025-09-01", 40, "school_based")
              .hours("T1", "2024-09-01", 99))    # another year: not evidence for 2025
    verdict = judge(region, "jiangmen", "famous@county")
    evidence = result_of(verdict, "JM-HOURS").evidence
    assert [(e.kind, e.detail, e.date) for e in evidence] == [
        ("training", "60 h centralized 江门市骨干研修", dt.date(2025, 3, 1)),
        ("training", "40 h school_based", dt.date(2025, 9, 1)),
    ]
    assert result_of(verdict, "JM-HOURS").reason == (
        "100 h in 2025, needs >= 90 h in 2025")


def test_engine_explain_programme_evidence_jm_new_emerging() -> None:
    region = (Region().teacher("T1", entry="2022-09-01")
              .programme("T1", "new", "school", "excellent", enrolled="2022-09-01",
                         completed="2023-07-01")
              .yearly_hours("T1", range(2022, 2026)))
    verdict = judge(region, "jiangmen", "emerging@school")
    assert verdict.verdict is ELIGIBLE
    item, entry = result_of(verdict, "JM-EMERGING-WINDOW").evidence
    assert entry.detail == "entered teaching"
    assert item.kind == "programme"
    assert item.detail == "new@school programme: excellent, completed 2023-07-01"
    assert item.date == dt.date(2022, 9, 1)


def test_engine_explain_note_for_teacher_who_already_holds_target() -> None:
    region = famous_county().title("T1", "famous", "county", "2025-06-01")
    assert candidate_ids(region, "jiangmen", "famous@county") == set()
    verdict = judge(region, "jiangmen", "famous@county")
    assert verdict.note == "already holds famous@county: not a candidate in sweeps"
    assert verdict.candidate is False
    # The checks are still evaluated and worded.
    assert verdict.verdict is ELIGIBLE
    assert verdict.teacher_id == "T1" and verdict.name == "教师T1"


def test_engine_explain_note_is_none_for_a_candidate() -> None:
    verdict = judge(famous_county(), "jiangmen", "famous@county")
    assert verdict.note is None
    assert verdict.candidate is True


def test_engine_explain_note_names_only_titles_valid_on_as_of() -> None:
    """The note names only titles that make the teacher a non-candidate: valid on the
    as-of date, on the target's track (lapsed, future and principal titles left out)."""
    region = (famous_county().title("T1", "backbone", "city", "2024-01-01")
              .title("T1", "famous", "city", "2018-01-01", until="2020-12-31")
              .title("T1", "educator", "province", "2027-05-01")
              .title("T1", "famous", "province", "2023-01-01", track="principal"))
    note = judge(region, "jiangmen", "backbone@county").note
    assert note is not None and note.startswith("already holds backbone@county")
    assert "backbone@city" in note
    for wrong in ("famous@city", "educator@province", "principal"):
        assert wrong not in note


def test_engine_explain_unknown_teacher_is_not_found() -> None:
    facts = famous_county().facts(present=FULL)
    with pytest.raises(NotFound, match="no teacher 'T9'"):
        explain(facts, load_policy("jiangmen"), Target.parse("famous@county"), AS_OF, "T9")


@pytest.mark.parametrize(("policy", "target", "track"), [
    ("jiangmen", "backbone@province", "teacher"),
    ("jiangmen", "famous@city", "head_teacher"),
    ("tongxin", "emerging@school", "teacher"),
    ("wenzhou", "educator@city", "teacher"),
    ("reference", "backbone@national", "teacher"),
])
def test_engine_target_not_covered_by_policy_is_not_found(policy: str, target: str,
                                                          track: str) -> None:
    facts = famous_county().facts(present=FULL)
    tgt = Target.parse(target, track=track)
    with pytest.raises(NotFound, match="has no rules for .* it covers"):
        explain(facts, load_policy(policy), tgt, AS_OF, "T1")
    with pytest.raises(NotFound, match="has no rules for"):
        sweep(facts, load_policy(policy), tgt, AS_OF)


# ---------------------------------------------------------------- absent files

def test_engine_no_titles_file_makes_title_checks_unknown_jm_backbone_famous() -> None:
    """No titles file in the bundle: 'holds no title' is unknown, so review."""
    region = (Region().teacher("T1").yearly_hours("T1", range(2020, 2026))
              .review("T1", 2025, "annual", "excellent"))
    no_titles = without("titles")
    verdict = judge(region, "jiangmen", "famous@county", present=no_titles)
    check = result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title")
    assert check.unknown and not check.passed
    assert check.reason.startswith("unknown: ")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ()
    assert verdict.unknown_rules == ("JM-BACKBONE-FAMOUS",)


def test_engine_empty_titles_file_means_no_titles() -> None:
    """A titles file that exists but lists nothing for the teacher: a known failure."""
    region = Region().teacher("T1").yearly_hours("T1", range(2020, 2026))
    verdict = judge(region, "jiangmen", "famous@county", present=("titles", "training"))
    assert not result_of(verdict, "JM-BACKBONE-FAMOUS", kind="holds_title").unknown
    assert verdict.verdict is INELIGIBLE
    # No reviews file here: the annual-review half of JM-BACKBONE-FAMOUS is unknown.
    assert verdict.failed_rules == ("JM-BACKBONE-FAMOUS",)
    assert verdict.unknown_rules == ("JM-BACKBONE-FAMOUS",)
    assert result_of(verdict, "JM-BACKBONE-FAMOUS", kind="annual_review").unknown


# ------------------------------------------------- failed (known) vs unknown rules

def test_engine_sweep_failed_rules_leave_out_unknown_checks() -> None:
    """Sweep.failed_rules(k) lists known failures only; unknown checks are unknown_rules."""
    region = (famous_county()                                     # eligible
              .teacher("T4", entry="").title("T4", "backbone", "county", "2022-06-01")
              .review("T4", 2025, "annual", "excellent")
              .hours("T4", "2025-03-01", 10)                      # short, but was 2025 due?
              .teacher("T5", entry="").hours("T5", "2025-03-01", 10))  # and no title either
    facts = region.facts(present=FULL)
    found = sweep(facts, load_policy("jiangmen"), Target.parse("famous@county"), AS_OF)
    assert found.counts() == {ELIGIBLE: 1, REVIEW: 1, INELIGIBLE: 1}
    by_id = {str(facts.teacher_ids[r]): k for k, r in enumerate(found.rows)}
    assert found.failed_rules(by_id["T4"]) == ()
    assert found.verdict_at(by_id["T4"]).unknown_rules == ("JM-HOURS",)
    assert found.verdict_at(by_id["T4"]).verdict is REVIEW
    assert found.failed_rules(by_id["T5"]) == ("JM-BACKBONE-FAMOUS", "JM-BACKBONE-FAMOUS")
    assert found.verdict_at(by_id["T5"]).unknown_rules == ("JM-HOURS",)
    assert found.verdict_at(by_id["T5"]).verdict is INELIGIBLE


def test_engine_failed_and_unknown_rules_split_the_checks_that_did_not_pass() -> None:
    """A verdict with a soft known failure (JM-LEVEL) and an unknown check (JM-HOURS):
    each rule sits in exactly one list, and the verdict is review."""
    region = Region().teacher("T1", entry="2022-09-01")
    verdict = judge(region, "jiangmen", "emerging@city", present=NO_TRAINING)
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("JM-LEVEL",)
    assert verdict.unknown_rules == ("JM-HOURS",)


# ------------------------------------------------------------ policy: routes

ROUTE_POLICY = """
name = "routes"
title = "Routes"
[[target]]
tier = "backbone"
levels = ["county"]
  [[target.check]]
  rule = "TX-COUNTY-BACKBONE"
  kind = "all_of"
  checks = [
    { kind = "has_role", roles = ["head_teacher"] },
    { kind = "annual_review", min_grade = "excellent", years = 3 },
  ]
"""


@pytest.mark.parametrize(("head_teacher", "grade", "present", "expected"), [
    (True, "excellent", FULL, ELIGIBLE),
    (True, "qualified", FULL, INELIGIBLE),          # one part fails on known data
    (False, "excellent", FULL, INELIGIBLE),
    (None, "excellent", FULL, REVIEW),              # the other part passes: unknown
    (None, "qualified", FULL, INELIGIBLE),          # a known failure beats the unknown part
    (True, None, without("reviews"), REVIEW),
    (False, None, without("reviews"), INELIGIBLE),
])
def test_engine_all_of_passes_when_every_part_passes(head_teacher: bool | None,
                                                     grade: str | None, present: tuple[str, ...],
                                                     expected: Any) -> None:
    """all_of: passed if every part passes; a known failure of any part fails it on known
    data; otherwise (some part unknown) it is unknown."""
    region = Region().teacher("T1", head_teacher=head_teacher)
    if grade:
        region.review("T1", 2024, "annual", grade)
    verdict = judge(region, parse_policy(ROUTE_POLICY), "backbone@county", present=present)
    assert verdict.verdict is expected
    check = result_of(verdict, "TX-COUNTY-BACKBONE")
    assert check.check == "all_of"
    assert check.passed is (expected is ELIGIBLE)
    assert check.unknown is (expected is REVIEW)


def test_engine_all_of_reasons_join_the_parts() -> None:
    region = Region().teacher("T1", head_teacher=True).review("T1", 2024, "annual", "excellent")
    check = result_of(judge(region, parse_policy(ROUTE_POLICY), "backbone@county"),
                      "TX-COUNTY-BACKBONE")
    assert check.reason == ("is a head_teacher and 1 annual review(s) graded excellent or better "
                            "(needs 1 graded excellent or better in 2023-2025)")
    assert [e.detail for e in check.evidence] == ["annual 2024: excellent"]
    failing = result_of(judge(Region().teacher("T1", head_teacher=True), parse_policy(ROUTE_POLICY),
                              "backbone@county"), "TX-COUNTY-BACKBONE")
    assert failing.reason == ("0 annual review(s) graded excellent or better "
                              "(needs 1 graded excellent or better in 2023-2025)")


def test_engine_parts_of_a_route_inherit_its_rule() -> None:
    check = parse_policy(ROUTE_POLICY).checks_for(Target.parse("backbone@county"))[0]  # type: ignore[index]
    assert [part.rule for part in check.checks] == ["TX-COUNTY-BACKBONE"] * 2  # type: ignore[union-attr]


@pytest.mark.parametrize("part", [
    '{ kind = "has_role", roles = ["subject_leader"], hard = false }',
    '{ kind = "has_role", roles = ["subject_leader"], hard = true }',
    '{ kind = "all_of", checks = [{ kind = "has_role", roles = ["head_teacher"], hard = false },'
    ' { kind = "annual_review" }] }',
])
def test_engine_a_part_of_a_route_may_not_set_hard(part: str) -> None:
    """'hard' belongs to the route (any_of / all_of), never to one of its parts."""
    text = f"""
name = "routes"
title = "Routes"
[[target]]
tier = "backbone"
levels = ["county"]
  [[target.check]]
  rule = "TX-COUNTY-BACKBONE"
  kind = "any_of"
  checks = [{part}, {{ kind = "studio_member" }}]
"""
    with pytest.raises(PolicyError, match="'hard' is set on the route, not on its parts"):
        parse_policy(text, source="routes.toml")


def test_engine_a_route_itself_may_be_soft() -> None:
    text = ROUTE_POLICY.replace('kind = "all_of"', 'kind = "all_of"\n  hard = false')
    region = Region().teacher("T1", head_teacher=True)
    verdict = judge(region, parse_policy(text), "backbone@county")
    assert verdict.verdict is REVIEW
    assert verdict.failed_rules == ("TX-COUNTY-BACKBONE",)


WINDOW_POLICY = """
name = "window"
title = "Window"
[[target]]
tier = "emerging"
levels = ["school"]
  [[target.check]]
  rule = "JM-EMERGING-WINDOW"
  kind = "teaching_years"
  min = {min}
  max = {max}
"""


def test_engine_teaching_years_min_above_max_is_a_policy_error() -> None:
    with pytest.raises(PolicyError, match=r"teaching_years min \(5\) is above max \(3\)"):
        parse_policy(WINDOW_POLICY.format(min=5, max=3), source="window.toml")


def test_engine_teaching_years_min_equal_to_max_is_allowed() -> None:
    policy = parse_policy(WINDOW_POLICY.format(min=4, max=4))
    verdict = judge(Region().teacher("T1", entry="2022-09-01"), policy, "emerging@school")
    assert verdict.verdict is ELIGIBLE
    assert result_of(verdict, "JM-EMERGING-WINDOW").reason == (
        "4 complete years of teaching on 2026-11-22 (needs 4-4)")


def test_engine_annual_review_times_above_years_is_a_policy_error() -> None:
    text = ROUTE_POLICY.replace('years = 3 }', 'years = 2, times = 3 }')
    with pytest.raises(PolicyError, match=r"times \(3\) cannot exceed years \(2\)"):
        parse_policy(text)
