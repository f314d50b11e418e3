"""Checks on the teacher's record: teaching age, conduct, mentors, roles, studios, postings."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    ReviewKind,
    ReviewResult,
    Role,
    Stage,
)
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import Ints, Mask, any_row, codes, evaluator, int_col, max_rows
from talentgraph.eligibility.context import Context, Outcome, outcome
from talentgraph.eligibility.days import MISSING, OPEN_END, completed_years, from_day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import school_on
from talentgraph.policy.schema import (
    AnnualReview,
    EthicsAnnualConsistent,
    EthicsClear,
    EthicsConsecutive,
    HasMentor,
    HasRole,
    PrincipalTenure,
    RuralService,
    StageIn,
    StudioMember,
    TeachingYears,
)

STAGES, MENTOR_KINDS, LEVELS = list(Stage), list(MentorshipKind), list(Level)
PRINCIPAL_BIT = 1 << code_of(Role.PRINCIPAL)


def _date(n: int) -> str:
    return str(from_day_number(n) or "unknown")


@evaluator("teaching_years")
class TeachingYearsCheck:
    """Whole years since entry into teaching (JM-EMERGING-WINDOW)."""

    def evaluate(self, spec: TeachingYears, facts: Facts, ctx: Context) -> Outcome:
        years = completed_years(facts.entry, ctx.as_of)
        known = facts.entry != MISSING
        lo = -np.inf if spec.min is None else spec.min
        hi = np.inf if spec.max is None else spec.max
        passed = known & (years >= lo) & (years <= hi)
        return outcome(passed, ~known, years=np.where(known, years, np.nan))

    def reason(self, spec: TeachingYears, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        bounds = (f"{spec.min:g}-{spec.max:g}" if spec.min is not None and spec.max is not None
                  else f">= {spec.min:g}" if spec.min is not None else f"<= {spec.max:g}")
        if unknown:
            return f"unknown: no entry date on record (needs {bounds} years of teaching)"
        return f"{values['years']:g} complete years of teaching on {ctx.as_of} (needs {bounds})"

    def evidence(self, spec: TeachingYears, one: Facts, ctx: Context) -> list[Evidence]:
        entry = from_day_number(int(one.entry[0]))
        return [Evidence(kind="teacher", detail="entered teaching", date=entry)] if entry else []


@evaluator("ethics_clear")
class EthicsClearCheck:
    """XD-ETHICS-VETO 一票否决: a failed ethics review in year Y bars years Y..Y+years."""

    def _failed_rows(self, facts: Facts, spec: EthicsClear, ctx: Context) -> Mask:
        r = facts.reviews
        year, review_year = ctx.as_of.year, int_col(r, "year")
        failed: Mask = ((r["kind"] == code_of(ReviewKind.ETHICS))
                        & (r["result"] == code_of(ReviewResult.FAIL))
                        & (review_year <= year) & (review_year >= year - spec.years))
        return failed

    def evaluate(self, spec: EthicsClear, facts: Facts, ctx: Context) -> Outcome:
        rows = self._failed_rows(facts, spec, ctx)
        last = max_rows(facts.reviews, rows, facts.reviews["year"], facts.n)
        # Without a reviews file, "no failure found" proves nothing.
        clear, no_data = np.isnan(last), "reviews" not in facts.present
        return outcome(clear & (not no_data), clear & no_data, year=last)

    def reason(self, spec: EthicsClear, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        first = ctx.as_of.year - spec.years
        if passed:
            return f"no failed ethics review in {first}-{ctx.as_of.year}"
        if unknown:
            return (f"unknown: the bundle has no reviews file "
                    f"(needs no failed ethics review in {first}-{ctx.as_of.year})")
        year = int(values["year"])
        return f"failed the ethics review of {year}: vetoed until the end of {year + spec.years}"

    def evidence(self, spec: EthicsClear, one: Facts, ctx: Context) -> list[Evidence]:
        r = one.reviews
        ethics = np.flatnonzero((r["kind"] == code_of(ReviewKind.ETHICS))
                                & (int_col(r, "year") <= ctx.as_of.year))
        results = list(ReviewResult)
        return [Evidence(kind="review", detail=f"ethics {int(r['year'][i])}: {results[r['result'][i]].value}")
                for i in ethics]


def _ethics_failed_years(facts: Facts, ctx: Context, years: int) -> Mask:
    """Review rows: failed ethics reviews of the as-of year or the ``years`` before it."""
    r = facts.reviews
    year = int_col(r, "year")
    failed: Mask = ((r["kind"] == code_of(ReviewKind.ETHICS)) & (r["result"] == code_of(ReviewResult.FAIL))
                    & (year <= ctx.as_of.year) & (year >= ctx.as_of.year - years))
    return failed


def _teacher_years(facts: Facts, rows: Mask) -> npt.NDArray[np.int64]:
    """A key per (teacher, review year) of the selected review rows."""
    return facts.reviews.teacher[rows].astype(np.int64) * 10_000 + int_col(facts.reviews, "year")[rows]


def _ethics_evidence(one: Facts, ctx: Context) -> list[Evidence]:
    r = one.reviews
    rows = np.flatnonzero(int_col(r, "year") <= ctx.as_of.year)
    results, kinds = list(ReviewResult), list(ReviewKind)
    return [Evidence(kind="review", detail=f"{kinds[r['kind'][i]].value} {int(r['year'][i])}: "
                                           f"{results[r['result'][i]].value}") for i in rows]


@evaluator("ethics_annual_consistent")
class EthicsAnnualConsistentCheck:
    """XD-ETHICS-ANNUAL: an annual grade of qualified or better in a year of a failed ethics review."""

    def evaluate(self, spec: EthicsAnnualConsistent, facts: Facts, ctx: Context) -> Outcome:
        r = facts.reviews
        failed = _teacher_years(facts, _ethics_failed_years(facts, ctx, spec.years))
        good = np.isin(r["result"], codes([ReviewResult.EXCELLENT, ReviewResult.QUALIFIED]))
        annual = (r["kind"] == code_of(ReviewKind.ANNUAL)) & good
        keys = _teacher_years(facts, annual)
        clash = np.zeros(r.size, dtype=bool)
        clash[np.flatnonzero(annual)[np.isin(keys, failed)]] = True
        year = max_rows(r, clash, r["year"], facts.n)
        no_data = "reviews" not in facts.present
        clear = np.isnan(year)
        return outcome(clear & (not no_data), clear & no_data, year=year)

    def reason(self, spec: EthicsAnnualConsistent, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        first = ctx.as_of.year - spec.years
        if passed:
            return f"no annual grade above the ethics veto in {first}-{ctx.as_of.year}"
        if unknown:
            return "unknown: the bundle has no reviews file"
        year = int(values["year"])
        return (f"{year}: ethics review failed but the annual review is graded qualified or better, "
                "which the veto rules out: check the records")

    def evidence(self, spec: EthicsAnnualConsistent, one: Facts, ctx: Context) -> list[Evidence]:
        return _ethics_evidence(one, ctx)


@evaluator("ethics_consecutive")
class EthicsConsecutiveCheck:
    """XD-ETHICS-REMOVAL: ethics reviews failed in two consecutive years."""

    def evaluate(self, spec: EthicsConsecutive, facts: Facts, ctx: Context) -> Outcome:
        r = facts.reviews
        recent = _ethics_failed_years(facts, ctx, spec.years)
        earlier = _ethics_failed_years(facts, ctx, spec.years + 1)
        second = np.flatnonzero(recent)[np.isin(_teacher_years(facts, recent) - 1,
                                                _teacher_years(facts, earlier))]
        pair = np.zeros(r.size, dtype=bool)
        pair[second] = True
        year = max_rows(r, pair, r["year"], facts.n)
        no_data = "reviews" not in facts.present
        clear = np.isnan(year)
        return outcome(clear & (not no_data), clear & no_data, year=year)

    def reason(self, spec: EthicsConsecutive, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        if passed:
            return f"no ethics review failed two years running up to {ctx.as_of.year}"
        if unknown:
            return "unknown: the bundle has no reviews file"
        year = int(values["year"])
        return f"ethics reviews failed in {year - 1} and {year}: must leave the teaching post (调离教师岗位)"

    def evidence(self, spec: EthicsConsecutive, one: Facts, ctx: Context) -> list[Evidence]:
        return _ethics_evidence(one, ctx)


@evaluator("has_mentor")
class HasMentorCheck:
    """XD-MENTOR: followed a mentor of the given kinds for at least ``min_days``."""

    def _days_mentored(self, facts: Facts, spec: HasMentor, ctx: Context) -> tuple[Mask, Ints]:
        m = facts.mentors
        start = int_col(m, "start")
        rows = np.isin(m["kind"], codes(spec.kinds)) & (start <= ctx.day)
        span = np.minimum(int_col(m, "end").astype(np.int64), ctx.day) - start
        return rows, span

    def evaluate(self, spec: HasMentor, facts: Facts, ctx: Context) -> Outcome:
        rows, span = self._days_mentored(facts, spec, ctx)
        longest = max_rows(facts.mentors, rows, span, facts.n, fill=-1.0)  # -1: no mentor at all
        no_data = np.full(facts.n, "mentorships" not in facts.present)
        return outcome(longest >= spec.min_days, no_data, days=longest)

    def reason(self, spec: HasMentor, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        kinds = "/".join(k.value for k in spec.kinds)
        if unknown:
            return (f"unknown: the bundle has no mentorships file "
                    f"(needs a {kinds} mentor for {spec.min_days} days)")
        need = f"needs {spec.min_days} days" if spec.min_days else "needs one"
        if values["days"] < 0:
            return f"no {kinds} mentor on record by {ctx.as_of} ({need})"
        return f"followed a {kinds} mentor for {values['days']:g} days ({need})"

    def evidence(self, spec: HasMentor, one: Facts, ctx: Context) -> list[Evidence]:
        m = one.mentors
        out = []
        for i in np.flatnonzero(self._days_mentored(one, spec, ctx)[0]):
            end = int(m["end"][i])
            until = "ongoing" if end == OPEN_END else f"to {_date(end)}"
            out.append(Evidence(
                kind="mentorship",
                detail=f"{MENTOR_KINDS[m['kind'][i]].value} mentor {m['mentor_id'][i]}, {until}",
                date=from_day_number(int(m["start"][i])),
            ))
        return out


@evaluator("stage_in")
class StageInCheck:
    """JM-BACKBONE-STAGE: the programme covers the teacher's stage 学段."""

    def evaluate(self, spec: StageIn, facts: Facts, ctx: Context) -> Outcome:
        return outcome(np.isin(facts.stage, codes(spec.stages)), facts.stage < 0,
                       stage=facts.stage.astype(np.float64))

    def reason(self, spec: StageIn, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        allowed = "/".join(s.value for s in spec.stages)
        covers = "mainly covers" if spec.effect == "advice" else "covers"
        if unknown:
            return f"unknown: no teaching stage on record (programme {covers} {allowed})"
        stage = STAGES[int(values["stage"])].value
        return f"teaches {stage}; the {ctx.target.level.value} programme {covers} {allowed}"

    def evidence(self, spec: StageIn, one: Facts, ctx: Context) -> list[Evidence]:
        return []


@evaluator("has_role")
class HasRoleCheck:
    def evaluate(self, spec: HasRole, facts: Facts, ctx: Context) -> Outcome:
        bits = sum(1 << code_of(r) for r in spec.roles if isinstance(r, Role))
        passed = (facts.roles & bits) != 0
        unknown = np.zeros(facts.n, dtype=bool)
        if "head_teacher" in spec.roles:
            passed |= facts.head_teacher == 1
            unknown = facts.head_teacher < 0
        return outcome(passed, unknown)

    def reason(self, spec: HasRole, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        roles = " or ".join(str(r) for r in spec.roles)
        if unknown:
            return f"unknown: head-teacher status not on record (needs {roles})"
        return f"is a {roles}" if passed else f"is not a {roles}"

    def evidence(self, spec: HasRole, one: Facts, ctx: Context) -> list[Evidence]:
        return []


@evaluator("studio_member")
class StudioMemberCheck:
    """TX-COUNTY-BACKBONE route: a current member (or lead) of a famous-teacher studio."""

    def _current(self, facts: Facts, spec: StudioMember, ctx: Context) -> Mask:
        s = facts.memberships
        rows = (int_col(s, "joined") <= ctx.day) & (int_col(s, "left") >= ctx.day)
        return rows & (int_col(s, "level") >= code_of(spec.min_level)) if spec.min_level else rows

    def evaluate(self, spec: StudioMember, facts: Facts, ctx: Context) -> Outcome:
        passed = any_row(facts.memberships, self._current(facts, spec, ctx), facts.n)
        return outcome(passed, np.full(facts.n, "studio_members" not in facts.present))

    def reason(self, spec: StudioMember, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        level = f" at {spec.min_level.value} level or higher" if spec.min_level else ""
        if unknown:
            return f"unknown: the bundle has no studio_members file (needs studio membership{level})"
        verb = "is" if passed else "is not"
        return f"{verb} a member of a famous-teacher studio{level} on {ctx.as_of}"

    def evidence(self, spec: StudioMember, one: Facts, ctx: Context) -> list[Evidence]:
        s = one.memberships
        return [Evidence(kind="studio", date=from_day_number(int(s["joined"][i])),
                         detail=f"member of studio {one.studio_ids[s['studio'][i]]} "
                                f"({LEVELS[s['level'][i]].value} level)")
                for i in np.flatnonzero(self._current(one, spec, ctx))]


@evaluator("principal_tenure")
class PrincipalTenureCheck:
    """TX-PRINCIPAL-TENURE: whole years as principal."""

    def evaluate(self, spec: PrincipalTenure, facts: Facts, ctx: Context) -> Outcome:
        is_principal = (facts.roles & PRINCIPAL_BIT) != 0
        known = facts.principal_since != MISSING
        years = np.where(known, completed_years(facts.principal_since, ctx.as_of), np.nan)
        passed = is_principal & known & (years >= spec.min_years)
        return outcome(passed, is_principal & ~known, years=years, principal=is_principal)

    def reason(self, spec: PrincipalTenure, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        if not values["principal"]:
            return f"not a principal (needs >= {spec.min_years:g} years as principal)"
        if unknown:
            return f"unknown: no principal_since date (needs >= {spec.min_years:g} years)"
        return f"{values['years']:g} years as principal (needs >= {spec.min_years:g})"

    def evidence(self, spec: PrincipalTenure, one: Facts, ctx: Context) -> list[Evidence]:
        since = from_day_number(int(one.principal_since[0]))
        return [Evidence(kind="teacher", detail="appointed principal", date=since)] if since else []


@evaluator("rural_service")
class RuralServiceCheck:
    """XD-RURAL: serves in a rural school on the as-of date, or served in one before (posting)."""

    def _rural_postings(self, facts: Facts, ctx: Context) -> Mask:
        p = facts.postings
        rural: Mask = (facts.orgs.rural[p["school"]] == 1) & (int_col(p, "start") <= ctx.day)
        return rural

    def evaluate(self, spec: RuralService, facts: Facts, ctx: Context) -> Outcome:
        school_rural = facts.orgs.rural[school_on(facts, ctx.day)]
        passed = (school_rural == 1) | any_row(facts.postings, self._rural_postings(facts, ctx), facts.n)
        return outcome(passed, (school_rural < 0) | ("postings" not in facts.present))

    def reason(self, spec: RuralService, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        if passed:
            return "has served in a rural school"
        if unknown:
            return ("unknown: no rural flag on the current school, or no postings file, "
                    "and no rural posting found")
        return "no rural service: current school is not rural and no rural posting on record"

    def evidence(self, spec: RuralService, one: Facts, ctx: Context) -> list[Evidence]:
        p, orgs = one.postings, one.orgs
        return [Evidence(kind="posting", date=from_day_number(int(p["start"][i])),
                         detail=f"posted at {orgs.names[p['school'][i]]} ({orgs.ids[p['school'][i]]}), rural")
                for i in np.flatnonzero(self._rural_postings(one, ctx))]


GRADES = {  # annual review grades at or above each minimum (XD: 优秀 > 合格 > 基本合格 > 不合格)
    "excellent": (ReviewResult.EXCELLENT,),
    "qualified": (ReviewResult.EXCELLENT, ReviewResult.QUALIFIED),
    "basic": (ReviewResult.EXCELLENT, ReviewResult.QUALIFIED, ReviewResult.BASIC),
}


@evaluator("annual_review")
class AnnualReviewCheck:
    """Enough annual reviews at a grade or better in the last complete years (优秀 teachers)."""

    def _good_rows(self, facts: Facts, spec: AnnualReview, ctx: Context) -> Mask:
        r = facts.reviews
        year = int_col(r, "year")
        rows: Mask = ((r["kind"] == code_of(ReviewKind.ANNUAL))
                      & np.isin(r["result"], codes(list(GRADES[spec.min_grade])))
                      & (year >= ctx.as_of.year - spec.years) & (year < ctx.as_of.year))
        return rows

    def evaluate(self, spec: AnnualReview, facts: Facts, ctx: Context) -> Outcome:
        good = np.bincount(facts.reviews.teacher[self._good_rows(facts, spec, ctx)], minlength=facts.n)
        no_data = np.full(facts.n, "reviews" not in facts.present)
        return outcome(good >= spec.times, no_data, good=good)

    def reason(self, spec: AnnualReview, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> str:
        first, last = ctx.as_of.year - spec.years, ctx.as_of.year - 1
        need = f"needs {spec.times} graded {spec.min_grade} or better in {first}-{last}"
        if unknown:
            return f"unknown: the bundle has no reviews file ({need})"
        return f"{values['good']:g} annual review(s) graded {spec.min_grade} or better ({need})"

    def evidence(self, spec: AnnualReview, one: Facts, ctx: Context) -> list[Evidence]:
        r = one.reviews
        year = int_col(r, "year")
        rows = np.flatnonzero((r["kind"] == code_of(ReviewKind.ANNUAL))
                              & (year >= ctx.as_of.year - spec.years) & (year < ctx.as_of.year))
        results = list(ReviewResult)
        return [Evidence(kind="review", detail=f"annual {int(year[i])}: {results[r['result'][i]].value}")
                for i in rows]
