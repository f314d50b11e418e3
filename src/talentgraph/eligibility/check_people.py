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
    Track,
)
from talentgraph.domain.message import N_, Message, Param, message
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import Ints, Mask, any_row, codes, evaluator, int_col, max_rows, one_of
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


def _date(n: int) -> Param:
    return from_day_number(n) or message(N_("unknown"))


def _either(items: list[Param]) -> Param:
    """``a or b or c``."""
    said = items[0]
    for item in items[1:]:
        said = message(N_("{one} or {other}"), one=said, other=item)
    return said


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
               values: dict[str, float]) -> Message:
        bounds = (f"{spec.min:g}-{spec.max:g}" if spec.min is not None and spec.max is not None
                  else f">= {spec.min:g}" if spec.min is not None else f"<= {spec.max:g}")
        if unknown:
            return message(N_("unknown: no entry date on record (needs {bounds} years of teaching)"),
                           bounds=bounds)
        return message(N_("{years} complete years of teaching on {as_of} (needs {bounds})"),
                       years=float(values["years"]), as_of=ctx.as_of, bounds=bounds)

    def evidence(self, spec: TeachingYears, one: Facts, ctx: Context) -> list[Evidence]:
        entry = from_day_number(int(one.entry[0]))
        return [Evidence.said("teacher", message(N_("entered teaching")), entry)] if entry else []


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
               values: dict[str, float]) -> Message:
        first = ctx.as_of.year - spec.years
        if passed:
            return message(N_("no failed ethics review in {first}-{last}"), first=first, last=ctx.as_of.year)
        if unknown:
            return message(N_("unknown: the bundle has no reviews file (needs no failed ethics review in "
                              "{first}-{last})"), first=first, last=ctx.as_of.year)
        year = int(values["year"])
        return message(N_("failed the ethics review of {year}: vetoed until the end of {until}"),
                       year=year, until=year + spec.years)

    def evidence(self, spec: EthicsClear, one: Facts, ctx: Context) -> list[Evidence]:
        r = one.reviews
        ethics = np.flatnonzero((r["kind"] == code_of(ReviewKind.ETHICS))
                                & (int_col(r, "year") <= ctx.as_of.year))
        results = list(ReviewResult)
        return [Evidence.said("review", message(N_("ethics {year}: {result}"), year=int(r["year"][i]),
                                                result=results[r["result"][i]]))
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
    return [Evidence.said("review", message(N_("{kind} {year}: {result}"), kind=kinds[r["kind"][i]],
                                            year=int(r["year"][i]), result=results[r["result"][i]]))
            for i in rows]


@evaluator("ethics_annual_consistent")
class EthicsAnnualConsistentCheck:
    """XD-ETHICS-ANNUAL: an annual grade of qualified or better in a year of a failed ethics review."""

    def evaluate(self, spec: EthicsAnnualConsistent, facts: Facts, ctx: Context) -> Outcome:
        r = facts.reviews
        failed = _teacher_years(facts, _ethics_failed_years(facts, ctx, spec.years))
        good = one_of(r["result"], codes([ReviewResult.EXCELLENT, ReviewResult.QUALIFIED]))
        annual = (r["kind"] == code_of(ReviewKind.ANNUAL)) & good
        keys = _teacher_years(facts, annual)
        clash = np.zeros(r.size, dtype=bool)
        clash[np.flatnonzero(annual)[np.isin(keys, failed)]] = True
        year = max_rows(r, clash, r["year"], facts.n)
        no_data = "reviews" not in facts.present
        clear = np.isnan(year)
        return outcome(clear & (not no_data), clear & no_data, year=year)

    def reason(self, spec: EthicsAnnualConsistent, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        first = ctx.as_of.year - spec.years
        if passed:
            return message(N_("no annual grade above the ethics veto in {first}-{last}"), first=first,
                           last=ctx.as_of.year)
        if unknown:
            return message(N_("unknown: the bundle has no reviews file"))
        return message(N_("{year}: ethics review failed but the annual review is graded qualified or better, "
                          "which the veto rules out: check the records"), year=int(values["year"]))

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
               values: dict[str, float]) -> Message:
        if passed:
            return message(N_("no ethics review failed two years running up to {year}"), year=ctx.as_of.year)
        if unknown:
            return message(N_("unknown: the bundle has no reviews file"))
        year = int(values["year"])
        return message(N_("ethics reviews failed in {before} and {year}: must leave the teaching post "
                          "(调离教师岗位)"), before=year - 1, year=year)

    def evidence(self, spec: EthicsConsecutive, one: Facts, ctx: Context) -> list[Evidence]:
        return _ethics_evidence(one, ctx)


@evaluator("has_mentor")
class HasMentorCheck:
    """XD-MENTOR: followed a mentor of the given kinds for at least ``min_days``."""

    def _days_mentored(self, facts: Facts, spec: HasMentor, ctx: Context) -> tuple[Mask, Ints]:
        m = facts.mentors
        start = int_col(m, "start")
        rows = one_of(m["kind"], codes(spec.kinds)) & (start <= ctx.day)
        span = np.minimum(int_col(m, "end").astype(np.int64), ctx.day) - start
        return rows, span

    def evaluate(self, spec: HasMentor, facts: Facts, ctx: Context) -> Outcome:
        rows, span = self._days_mentored(facts, spec, ctx)
        longest = max_rows(facts.mentors, rows, span, facts.n, fill=-1.0)  # -1: no mentor at all
        no_data = np.full(facts.n, "mentorships" not in facts.present)
        return outcome(longest >= spec.min_days, no_data, days=longest)

    def reason(self, spec: HasMentor, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        kinds = tuple(spec.kinds)
        if unknown:
            return message(N_("unknown: the bundle has no mentorships file (needs a {kinds} mentor for "
                              "{days} days)"), kinds=kinds, days=spec.min_days)
        need = (message(N_("needs {days} days"), days=spec.min_days) if spec.min_days
                else message(N_("needs one")))
        if values["days"] < 0:
            return message(N_("no {kinds} mentor on record by {as_of} ({need})"), kinds=kinds,
                           as_of=ctx.as_of,
                           need=need)
        return message(N_("followed a {kinds} mentor for {days} days ({need})"), kinds=kinds,
                       days=float(values["days"]), need=need)

    def evidence(self, spec: HasMentor, one: Facts, ctx: Context) -> list[Evidence]:
        m = one.mentors
        out = []
        for i in np.flatnonzero(self._days_mentored(one, spec, ctx)[0]):
            end = int(m["end"][i])
            until = message(N_("ongoing")) if end == OPEN_END else message(N_("to {day}"), day=_date(end))
            said = message(N_("{kind} mentor {mentor}, {until}"), kind=MENTOR_KINDS[m["kind"][i]],
                           mentor=str(m["mentor_id"][i]), until=until)
            out.append(Evidence.said("mentorship", said, from_day_number(int(m["start"][i]))))
        return out


@evaluator("stage_in")
class StageInCheck:
    """JM-BACKBONE-STAGE: the programme covers the teacher's stage 学段."""

    def evaluate(self, spec: StageIn, facts: Facts, ctx: Context) -> Outcome:
        return outcome(one_of(facts.stage, codes(spec.stages)), facts.stage < 0,
                       stage=facts.stage.astype(np.float64))

    def reason(self, spec: StageIn, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        allowed = tuple(spec.stages)
        covers = (message(N_("mainly covers {stages}"), stages=allowed) if spec.effect == "advice"
                  else message(N_("covers {stages}"), stages=allowed))
        if unknown:
            return message(N_("unknown: no teaching stage on record (programme {covers})"), covers=covers)
        return message(N_("teaches {stage}; the {level} programme {covers}"),
                       stage=STAGES[int(values["stage"])], level=ctx.target.level, covers=covers)

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
               values: dict[str, float]) -> Message:
        roles = _either([r if isinstance(r, Role) else Track(r) for r in spec.roles])  # head_teacher: a track
        if unknown:
            return message(N_("unknown: head-teacher status not on record (needs {roles})"), roles=roles)
        return message(N_("is a {roles}"), roles=roles) if passed else message(N_("is not a {roles}"),
                                                                               roles=roles)

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
               values: dict[str, float]) -> Message:
        studio = (message(N_("a famous-teacher studio at {level} level or higher"), level=spec.min_level)
                  if spec.min_level else message(N_("a famous-teacher studio")))
        if unknown:
            return message(N_("unknown: the bundle has no studio_members file (needs membership of "
                              "{studio})"), studio=studio)
        if passed:
            return message(N_("is a member of {studio} on {as_of}"), studio=studio, as_of=ctx.as_of)
        return message(N_("is not a member of {studio} on {as_of}"), studio=studio, as_of=ctx.as_of)

    def evidence(self, spec: StudioMember, one: Facts, ctx: Context) -> list[Evidence]:
        s = one.memberships
        return [Evidence.said("studio", message(N_("member of studio {studio} ({level} level)"),
                                                studio=str(one.studio_ids[s["studio"][i]]),
                                                level=LEVELS[s["level"][i]]),
                              from_day_number(int(s["joined"][i])))
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
               values: dict[str, float]) -> Message:
        need = float(spec.min_years)
        if not values["principal"]:
            return message(N_("not a principal (needs >= {years} years as principal)"), years=need)
        if unknown:
            return message(N_("unknown: no principal_since date (needs >= {years} years)"), years=need)
        return message(N_("{held} years as principal (needs >= {years})"), held=float(values["years"]),
                       years=need)

    def evidence(self, spec: PrincipalTenure, one: Facts, ctx: Context) -> list[Evidence]:
        since = from_day_number(int(one.principal_since[0]))
        return [Evidence.said("teacher", message(N_("appointed principal")), since)] if since else []


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
               values: dict[str, float]) -> Message:
        if passed:
            return message(N_("has served in a rural school"))
        if unknown:
            return message(N_("unknown: no rural flag on the current school, or no postings file, and no "
                              "rural posting found"))
        return message(N_("no rural service: current school is not rural and no rural posting on record"))

    def evidence(self, spec: RuralService, one: Facts, ctx: Context) -> list[Evidence]:
        p, orgs = one.postings, one.orgs
        return [Evidence.said("posting", message(N_("posted at {school} ({school_id}), rural"),
                                                 school=str(orgs.names[p["school"][i]]),
                                                 school_id=str(orgs.ids[p["school"][i]])),
                              from_day_number(int(p["start"][i])))
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
                      & one_of(r["result"], codes(list(GRADES[spec.min_grade])))
                      & (year >= ctx.as_of.year - spec.years) & (year < ctx.as_of.year))
        return rows

    def evaluate(self, spec: AnnualReview, facts: Facts, ctx: Context) -> Outcome:
        good = np.bincount(facts.reviews.teacher[self._good_rows(facts, spec, ctx)], minlength=facts.n)
        no_data = np.full(facts.n, "reviews" not in facts.present)
        return outcome(good >= spec.times, no_data, good=good)

    def reason(self, spec: AnnualReview, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        first, last = ctx.as_of.year - spec.years, ctx.as_of.year - 1
        grade = GRADES[spec.min_grade][-1]
        need = message(N_("needs {times} graded {grade} or better in {first}-{last}"), times=spec.times,
                       grade=grade, first=first, last=last)
        if unknown:
            return message(N_("unknown: the bundle has no reviews file ({need})"), need=need)
        return message(N_("{good} annual review(s) graded {grade} or better ({need})"),
                       good=float(values["good"]),
                       grade=grade, need=need)

    def evidence(self, spec: AnnualReview, one: Facts, ctx: Context) -> list[Evidence]:
        r = one.reviews
        year = int_col(r, "year")
        rows = np.flatnonzero((r["kind"] == code_of(ReviewKind.ANNUAL))
                              & (year >= ctx.as_of.year - spec.years) & (year < ctx.as_of.year))
        results = list(ReviewResult)
        return [Evidence.said("review", message(N_("annual {year}: {result}"), year=int(year[i]),
                                                result=results[r["result"][i]]))
                for i in rows]
