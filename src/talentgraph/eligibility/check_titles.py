"""Checks on certifications held and programmes completed (JM ladder, TX ladder)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, OrgKind, ProgrammeResult, Tier, Track
from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.base import Ints, Mask, any_row, codes, evaluator, int_col, max_rows, one_of
from talentgraph.eligibility.context import Context, Outcome, outcome
from talentgraph.eligibility.days import MISSING, from_day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import school_on
from talentgraph.policy.schema import HoldsTitle, ProgrammePassed

TIERS, LEVELS, TRACKS, RESULTS = list(Tier), list(Level), list(Track), list(ProgrammeResult)


def _level_rows(level_col: Ints, level: Level | None, or_higher: bool) -> Mask:
    if level is None:
        return np.ones(level_col.shape[0], dtype=bool)
    rows: Mask = level_col >= code_of(level) if or_higher else level_col == code_of(level)
    return rows


def _a(what: Message | tuple[Tier, ...], lead: Tier) -> Message:
    """'a backbone', 'an emerging' (``lead``: the tier the words start with; Chinese has no article)."""
    return message(N_("an {what}") if lead.value[:1] in "aeiou" else N_("a {what}"), what=what)


def _level_words(level: Level | None, or_higher: bool) -> Message:
    if level is None:
        return message(N_("at any level"))
    if or_higher:
        return message(N_("at {level} level or higher"), level=level)
    return message(N_("at {level} level"), level=level)


def valid_title_rows(facts: Facts, ctx: Context, spec: HoldsTitle) -> Mask:
    """Title rows that match the spec and are valid on the as-of date."""
    t = facts.titles
    tiers = [ctx.tier(x) for x in spec.tiers]
    return (
        one_of(t["tier"], codes(tiers))
        & _level_rows(int_col(t, "level"), ctx.level(spec.level), spec.or_higher)
        & one_of(t["track"], codes(ctx.tracks(spec.tracks)))
        & (int_col(t, "awarded") <= ctx.day)
        & (int_col(t, "until") >= ctx.day)
    )


def title_text(tier: int, level: int, track: int) -> Message:
    """backbone@county, or famous@city (head_teacher track): in Chinese 县级骨干教师, 市级名班主任."""
    if TRACKS[track] is Track.TEACHER:
        return message(N_("{tier}@{level}"), tier=TIERS[tier], level=LEVELS[level])
    return message(N_("{tier}@{level} ({track} track)"), tier=TIERS[tier], level=LEVELS[level],
                   track=TRACKS[track])


# The org kind (column of Orgs.chain) that awards each level; national titles have none.
AWARDED_BY: dict[Level, int] = {lv: code_of(OrgKind(lv.value)) for lv in Level if lv is not Level.NATIONAL}
NO_CHAIN = -2  # a title whose level no org of the chain awards (national): never off-chain


def own_chain_orgs(facts: Facts, ctx: Context) -> Ints:
    """Per title row: the org that would award a title of its level on the holder's own chain
    (their school on the as-of date, its county, city, province); NO_CHAIN for national."""
    t = facts.titles
    school = school_on(facts, ctx.day)[t.teacher]
    kind = np.array([AWARDED_BY.get(lv, -1) for lv in LEVELS], dtype=np.int64)[int_col(t, "level")]
    chain = facts.orgs.chain[np.maximum(school, 0), np.maximum(kind, 0)]
    return np.where(kind < 0, NO_CHAIN, np.where(school < 0, -1, chain)).astype(np.int64)


def _at(col: Ints, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """``col[rows]`` with -1 where the row is -1 (and for an empty table)."""
    if not col.shape[0]:
        return np.full(rows.shape[0], -1, dtype=np.int64)
    return np.where(rows >= 0, col[np.maximum(rows, 0)], -1).astype(np.int64)


@evaluator("holds_title")
class HoldsTitleCheck:
    def evaluate(self, spec: HoldsTitle, facts: Facts, ctx: Context) -> Outcome:
        rows = valid_title_rows(facts, ctx, spec)
        no_file = np.full(facts.n, "titles" not in facts.present)
        if not spec.own_chain:
            return outcome(any_row(facts.titles, rows, facts.n), no_file)
        t = facts.titles
        org, own = int_col(t, "org").astype(np.int64), own_chain_orgs(facts, ctx)
        on_chain = rows & ((own == NO_CHAIN) | ((org == own) & (org >= 0)))
        unclear = rows & ~on_chain & ((org < 0) | (own < 0))  # an awarding org or school unknown
        off = rows & ~on_chain & ~unclear
        passed = any_row(t, on_chain, facts.n)
        # For the reason: per teacher, the last off-chain title row (-1: none).
        last = max_rows(t, off, np.arange(t.size), facts.n, fill=-1).astype(np.int64)
        cols = {"off_org": org, "own_org": own, "off_tier": int_col(t, "tier"),
                "off_level": int_col(t, "level"), "off_track": int_col(t, "track")}
        return outcome(passed, no_file | any_row(t, unclear, facts.n), no_file=no_file,
                       **{name: _at(col, last) for name, col in cols.items()})

    def reason(self, spec: HoldsTitle, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        tiers = tuple(ctx.tier(x) for x in spec.tiers)
        tracks = tuple(ctx.tracks(spec.tracks))
        level = ctx.level(spec.level)
        plain = where = _level_words(level, spec.or_higher)
        if spec.own_chain:  # "from the teacher's own county", as JM-LEVEL asks
            where = (message(N_("from the teacher's own {org}"), org=OrgKind(level.value))
                     if level is not None and not spec.or_higher
                     else message(N_("{where} on the teacher's own chain"), where=where))
        if passed:
            return message(N_("holds {a_tier} title {where} ({tracks} track) valid on {as_of}"),
                           a_tier=_a(tiers, tiers[0]), where=where, tracks=tracks, as_of=ctx.as_of)
        if unknown and spec.own_chain and not values["no_file"]:
            return message(N_("unknown: holds {a_tier} title {plain} whose awarding org, or the teacher's "
                              "school on {as_of}, is not on record (needs one {where})"),
                           a_tier=_a(tiers, tiers[0]), plain=plain, as_of=ctx.as_of, where=where)
        if unknown:
            return message(N_("unknown: the bundle has no titles file (needs {a_tier} title {where})"),
                           a_tier=_a(tiers, tiers[0]), where=where)
        text = message(N_("holds no {tiers} title {where} ({tracks} track) valid on {as_of}"),
                       tiers=tiers, where=where, tracks=tracks, as_of=ctx.as_of)
        if spec.own_chain and values.get("off_org", -1) >= 0:
            title = title_text(int(values["off_tier"]), int(values["off_level"]), int(values["off_track"]))
            kind = OrgKind(LEVELS[int(values["off_level"])].value)
            text = message(N_("{text}: {title} was awarded by {by}, not by {own}, the {org} of the "
                              "teacher's school"), text=text, title=title,
                           by=ctx.org_text(int(values["off_org"])), own=ctx.org_text(int(values["own_org"])),
                           org=kind)
        return text

    def evidence(self, spec: HoldsTitle, one: Facts, ctx: Context) -> list[Evidence]:
        rows = np.flatnonzero(valid_title_rows(one, ctx, spec))
        return [_title_evidence(one, int(r)) for r in rows]


def _title_evidence(one: Facts, r: int) -> Evidence:
    t = one.titles
    until = from_day_number(int(t["until"][r]))
    org = int(t["org"][r])
    title = title_text(t["tier"][r], t["level"][r], t["track"][r])
    by = f"{one.orgs.names[org]} ({one.orgs.ids[org]})" if org >= 0 else ""
    if by and until:
        said = message(N_("{title} awarded by {by}, valid until {until}"), title=title, by=by, until=until)
    elif by:
        said = message(N_("{title} awarded by {by}"), title=title, by=by)
    elif until:
        said = message(N_("{title} awarded, valid until {until}"), title=title, until=until)
    else:
        said = message(N_("{title} awarded"), title=title)
    return Evidence.said("title", said, from_day_number(int(t["awarded"][r])))


def passed_programme_rows(facts: Facts, ctx: Context, spec: ProgrammePassed) -> Mask:
    p = facts.programmes
    completed = int_col(p, "completed")
    rows: Mask = (
        (p["tier"] == code_of(ctx.tier(spec.tier)))
        & _level_rows(int_col(p, "level"), ctx.level(spec.level), or_higher=False)
        & one_of(p["result"], codes(spec.results))
        & (completed != MISSING)
        & (completed <= ctx.day)
    )
    if spec.types is not None:
        rows &= one_of(p["type"], codes(spec.types))
    return rows


@evaluator("programme_passed")
class ProgrammePassedCheck:
    def evaluate(self, spec: ProgrammePassed, facts: Facts, ctx: Context) -> Outcome:
        passed = any_row(facts.programmes, passed_programme_rows(facts, ctx, spec), facts.n)
        no_data = "programmes" not in facts.present
        return outcome(passed, np.full(facts.n, no_data))

    def reason(self, spec: ProgrammePassed, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message:
        where = _level_words(ctx.level(spec.level), False)
        tier = ctx.tier(spec.tier)
        what = (message(N_("{tier} {types} programme {where}"), tier=tier, types=tuple(spec.types),
                        where=where)
                if spec.types else message(N_("{tier} programme {where}"), tier=tier, where=where))
        results = tuple(spec.results)
        if passed:
            return message(N_("completed {a_what} with result {results} by {as_of}"),
                           a_what=_a(what, tier), results=results, as_of=ctx.as_of)
        if unknown:
            return message(N_("unknown: the bundle has no programme records ({what} needed)"), what=what)
        return message(N_("no {what} completed with result {results} by {as_of}"),
                       what=what, results=results, as_of=ctx.as_of)

    def evidence(self, spec: ProgrammePassed, one: Facts, ctx: Context) -> list[Evidence]:
        p = one.programmes
        tier = code_of(ctx.tier(spec.tier))
        rows = np.flatnonzero((p["tier"] == tier) & (int_col(p, "enrolled") <= ctx.day))
        return [programme_evidence(one, int(r), ctx.day) for r in rows]


def programme_evidence(one: Facts, r: int, day: int) -> Evidence:
    p = one.programmes
    completed = int(p["completed"][r])
    result = RESULTS[p["result"][r]] if completed <= day else ProgrammeResult.IN_PROGRESS
    tier, level = TIERS[p["tier"][r]], LEVELS[p["level"][r]]
    if completed != MISSING and completed <= day:
        said = message(N_("{tier}@{level} programme: {result}, completed {completed}"), tier=tier,
                       level=level,
                       result=result, completed=from_day_number(completed) or "")
    else:
        said = message(N_("{tier}@{level} programme: {result}"), tier=tier, level=level, result=result)
    return Evidence.said("programme", said, from_day_number(int(p["enrolled"][r])))
