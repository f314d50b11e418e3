"""The Cypher statement that decides a target in the database: generated from the policy.

For a target, a policy and an as-of date, ``sweep_statement`` writes one read statement that
walks an org subtree to its teachers, expands each teacher's relationships once (a teacher's
relationships are read in one pass, then split by type into the lists the checks read: titles
held, programmes, training, reviews, postings, studios), keeps the target's candidate pool (in
post, on its track, not holding the target or a higher tier: against walks of the ``Tier`` and
``Level`` ladders) and, per candidate, evaluates each check of the target in a ``CALL``
subquery over those lists: the same rule as the check's evaluator in ``eligibility/check_*.py``,
on the graph. Each check returns
``{passed, unknown, values, evidence}``: its outcome, the measures its reason is worded from,
and the keys of the rows it rests on (when ``$evidence``). The row also has the verdict, decided
by the engine's rule (any known hard failure: ineligible; any other failure: review).

Everything that varies is a parameter (``$as_of``, the org, each check's tiers, levels, hours);
labels, relationship types and enum words come from ``domain/graph_schema.py`` and
``domain/enums.py``, never from input. The text depends only on the policy's checks, so the same
question gives the same statement.

Every check kind has a Cypher form (``FORMS``); those of the hours counted over a cycle, a
semester or a school year are in ``sweep_hours_forms.py``.

The pipeline's counts reuse the same text (``_evaluated``): ``verdict_count_statement`` is the
sweep statement ending in a count per verdict; ``duty_count_statement`` runs an obligation's
checks in the same forms over who owes it (``obligations.owes``) and counts met, unknown, unmet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import talentgraph.store.neo4j_store.sweep_hours_forms as sweep_hours_forms
from talentgraph.domain.enums import (
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ReviewKind,
    ReviewResult,
    Role,
    Status,
    Tier,
    Track,
    TrainingDelivery,
)
from talentgraph.domain.graph_schema import SHAPES, Label, Rel
from talentgraph.domain.target import Target
from talentgraph.eligibility.check_people import GRADES
from talentgraph.eligibility.context import Context
from talentgraph.eligibility.days import years_before
from talentgraph.eligibility.obligations import NO_TARGET
from talentgraph.eligibility.pool import ROLE_OF_TRACK, TEACHING_LADDER
from talentgraph.policy.schema import (
    AllOf,
    AnnualHours,
    AnnualReview,
    AnyOf,
    CentralizedHours,
    CheckSpec,
    EthicsAnnualConsistent,
    EthicsClear,
    EthicsConsecutive,
    HasMentor,
    HasRole,
    HoldsTitle,
    NoFailedTraining,
    Obligation,
    PrincipalTenure,
    ProbationHours,
    ProgrammePassed,
    RuralService,
    StageIn,
    StudioMember,
    TargetRules,
    TeachingYears,
    WindowHours,
)

# Labels and types, spelt once from the schema enums.
ORG, TEACHER, TIER, LEVEL, TITLE, PROGRAMME = (Label.ORG.value, Label.TEACHER.value, Label.TIER.value,
                                               Label.LEVEL.value, Label.TITLE.value, Label.PROGRAMME.value)
STUDIO, TRAINING, REVIEW, META = (Label.STUDIO.value, Label.TRAINING.value, Label.REVIEW.value,
                                  Label.META.value)
PART_OF, WORKS_AT, NEXT, HOLDS = Rel.PART_OF.value, Rel.WORKS_AT.value, Rel.NEXT.value, Rel.HOLDS.value
OF_TIER, AWARDED_BY, AT_LEVEL = Rel.OF_TIER.value, Rel.AWARDED_BY.value, Rel.AT_LEVEL.value
ENROLLED_IN, MENTORS, MEMBER_OF, LEADS = (Rel.ENROLLED_IN.value, Rel.MENTORS.value, Rel.MEMBER_OF.value,
                                          Rel.LEADS.value)
POSTED_AT, TRAINED, REVIEWED = Rel.POSTED_AT.value, Rel.TRAINED.value, Rel.REVIEWED.value

VERDICT_WORDS = ("eligible", "review", "ineligible")
OUTCOME_WORDS = ("fail", "pass", "unknown")  # a check's outcome; its code in the compact rows

# The measures each check kind returns in ``values`` (its reason is worded from them), in the
# order the compact rows give them; a route's values are its parts'.
MEASURES: dict[str, tuple[str, ...]] = {
    "holds_title": ("no_file", "off_org", "own_org", "off_tier", "off_level", "off_track"),
    "teaching_years": ("years",),
    "annual_hours": ("hours", "year", "no_data", "maybe"),
    "window_hours": ("hours",),
    "centralized_hours": ("hours",),
    "probation_hours": ("total", "practice"),
    "annual_review": ("good",),
    "ethics_clear": ("year",),
    "ethics_annual_consistent": ("year",),
    "ethics_consecutive": ("year",),
    "no_failed_training": ("last_fail",),
    "has_mentor": ("days",),
    "stage_in": ("stage",),
    "principal_tenure": ("years", "principal"),
    **sweep_hours_forms.MEASURES,
}


def measures(check: CheckSpec) -> tuple[str, ...]:
    """The measures of a check that is not a route (a title check off the own chain measures
    nothing: it passes or not)."""
    if isinstance(check, HoldsTitle) and not check.own_chain:
        return ()
    return MEASURES.get(check.kind, ())


def _compact(check: Any, outcome: str) -> list[str]:
    """``outcome`` (a check's map) as a flat list: its outcome's code (``OUTCOME_WORDS``), then
    its measures (``measures``); a route: its code, then each part's list in turn."""
    code = f"CASE WHEN {outcome}.passed THEN 1 WHEN {outcome}.unknown THEN 2 ELSE 0 END"
    if check.kind in ("any_of", "all_of"):
        return [code, *(x for i, part in enumerate(check.checks)
                         for x in _compact(part, f"{outcome}.values.parts[{i}]"))]
    return [code, *(f"{outcome}.values.{name}" for name in measures(check))]


def _layout(check: Any, name: str) -> str:
    """How ``_compact`` lays out ``check`` in ``outcomes``, for the statement's reader (a comment: rule
    ids match ``RULE_ID`` and kinds are the schema's, so nothing in it can leave the line)."""
    if check.kind in ("any_of", "all_of"):
        parts = "; ".join(_layout(p, f"{name}_{i}") for i, p in enumerate(check.checks))
        return f"{name} {check.kind} [code, then {parts}]"
    return f"{name} {check.rule} {check.kind} [{', '.join(('code', *measures(check)))}]"


class NoCypherForm(ValueError):
    """A check kind the statement cannot decide in the database."""


@dataclass
class Statement:
    """A generated statement and its parameters."""

    text: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class FactList:
    """A list of the candidate's: its outgoing relationships of ``rel``, each as
    ``[relationship, end]``, or the end node alone."""

    rel: str
    pair: bool

    def item(self, x: str) -> str:
        """An element of the list, from ``x`` = [type, relationship, end] of the one expansion."""
        return f"[{x}[1], {x}[2]]" if self.pair else f"{x}[2]"


# A candidate's relationships the checks read, as lists: each name, what it holds. The statement
# expands the candidate's outgoing relationships once, of every type a list needs, then splits
# them by type: on a teacher (a sparse node, its 20-odd relationships in one chain) each typed
# expansion would walk the whole chain again (PROFILE: half the statement's db hits). The end
# nodes are not label-checked: each type has one end label (graph_schema.SHAPES, asserted below).
FACT_LISTS: dict[str, FactList] = {
    "held": FactList(HOLDS, True),
    "enrolled": FactList(ENROLLED_IN, True),
    "trained": FactList(TRAINED, False),
    "reviewed": FactList(REVIEWED, False),
    "postings": FactList(POSTED_AT, True),
    "memberships": FactList(MEMBER_OF, True),
    "led": FactList(LEADS, False),
}
assert all(len({s.end for s in SHAPES if s.rel == f.rel and s.start == Label.TEACHER}) == 1
           for f in FACT_LISTS.values()), "a fact list's type must join a Teacher to one label"


def fact_lists(names: list[str]) -> tuple[str, str]:
    """(the one expansion ``rels``, then each list of ``names`` split from it): two projections."""
    types = "|".join(FACT_LISTS[n].rel for n in names)
    expansion = f"[(t)-[r:{types}]->(n) | [type(r), r, n]] AS rels"
    split = ",\n  ".join(f"[x IN rels WHERE x[0] = '{FACT_LISTS[n].rel}' | {FACT_LISTS[n].item('x')}] AS {n}"
                          for n in names)
    return expansion, split


@dataclass
class _Writer:
    """Parameters of the statement being written, named by check position (``c2_tiers``), the
    walks of the ladders it needs, made once at the top (``walks.<name>``: the ids reached), and
    the candidate's relationship lists (``FACT_LISTS``) its checks read."""

    parameters: dict[str, Any] = field(default_factory=dict)
    walks: dict[str, str] = field(default_factory=dict)
    lists: set[str] = field(default_factory=lambda: {"held", "postings"})  # the pool's, the school's

    def facts(self, name: str) -> str:
        """The candidate's list ``name`` (``FACT_LISTS``), built once before the checks."""
        assert name in FACT_LISTS
        self.lists.add(name)
        return name

    def walk(self, name: str, pattern: str) -> str:
        """``walks.<name>``: the ids of the nodes ``x`` that ``pattern`` reaches."""
        self.walks[name] = f"[{pattern} | x.id]"
        return f"walks.{name}"

    def param(self, name: str, value: Any) -> str:
        if name in self.parameters and self.parameters[name] != value:
            raise ValueError(f"parameter {name} given twice")
        self.parameters[name] = value
        return f"${name}"


def _day(value: dt.date) -> str:
    return value.isoformat()


def _valid(rel: str) -> str:
    """A title holding valid on ``day`` (no award date: valid from ever; no end: never lapses)."""
    return (f"({rel}.awarded_on IS NULL OR {rel}.awarded_on <= day) "
            f"AND ({rel}.valid_until IS NULL OR {rel}.valid_until >= day)")


def _track(rel: str) -> str:
    return f"coalesce({rel}.track, '{Track.TEACHER.value}')"


def _in(value: str, listed: str) -> str:
    """``value IN listed`` that is false, not null, for a missing value."""
    return f"coalesce({value} IN {listed}, false)"


# -- the candidate pool ------------------------------------------------------------------------


def _pool(w: _Writer, target: Target, admitted: list[Tier]) -> tuple[list[str], list[str]]:
    """WHERE conditions of the pool (eligibility/pool.py) on the teacher's properties, and on the
    titles held (``held``) against walks of the ladders."""
    tier, level, track = (w.param("tier", target.tier.value), w.param("level", target.level.value),
                          w.param("track", target.track.value))
    ladder = w.param("ladder", [t.value for t in (TEACHING_LADDER if target.track in TEACHING_LADDER
                                                  else (target.track,))])
    admit = w.param("admitted", [t.value for t in admitted])
    tiers = w.walk("target_tier_or_higher", f"(:{TIER} {{id: {tier}}})-[:{NEXT}*0..]->(x:{TIER})")
    levels = w.walk("target_level_or_higher", f"(:{LEVEL} {{id: {level}}})-[:{NEXT}*0..]->(x:{LEVEL})")
    higher = w.walk("higher_tiers",
                    f"(:{TIER} {{id: {tier}}})-[:{NEXT}*1..]->(x:{TIER}) WHERE NOT x.id IN {admit}")
    titles = [
        # holds the target: its tier or higher, at its level or higher, on its track
        f"NOT any(x IN held WHERE x[1].tier IN {tiers} AND x[1].level IN {levels}"
        f" AND {_track('x[0]')} = {track} AND {_valid('x[0]')})",
        # past it: a higher tier on its ladder, at any level, unless the policy admits that tier
        f"NOT any(x IN held WHERE x[1].tier IN {higher} AND {_track('x[0]')} IN {ladder}"
        f" AND {_valid('x[0]')})",
    ]
    role = ROLE_OF_TRACK.get(target.track)
    if role is not None:
        titles.append(f"({_role_listed('t', w.param('track_role', role.value))}"
                      f" OR any(x IN held WHERE {_track('x[0]')} = {track} AND {_valid('x[0]')}))")
    return _in_post(), titles


def _in_post() -> list[str]:
    """WHERE conditions: the teacher ``t`` is in post on ``day`` (eligibility/population.py)."""
    return ["(t.entry_date IS NULL OR t.entry_date <= day)",
            f"CASE WHEN t.left_on IS NOT NULL THEN day < t.left_on "
            f"ELSE coalesce(t.status, '{Status.ACTIVE.value}') = '{Status.ACTIVE.value}' END"]


def _owing(w: _Writer, duty: Obligation) -> tuple[list[str], list[str]]:
    """WHERE conditions of who owes ``duty`` (eligibility/obligations.py ``owes``): in post, and
    every 'who' condition given, on the teacher's properties and on the titles held (``held``)."""
    who, titles = _in_post(), []
    if duty.holders is not None:
        ref = duty.holders
        tiers, levels, tracks = (w.param("owed_tiers", [t.value for t in ref.tiers]),
                                 w.param("owed_levels", [lv.value for lv in ref.levels]),
                                 w.param("owed_tracks", [t.value for t in ref.tracks]))
        titles.append(f"any(x IN held WHERE x[1].tier IN {tiers} AND x[1].level IN {levels}"
                      f" AND {_track('x[0]')} IN {tracks} AND {_valid('x[0]')})")
    if duty.roles is not None:
        roles = w.param("owed_roles", [r.value for r in duty.roles if isinstance(r, Role)])
        has = f"any(r IN split(coalesce(t.roles, ''), ';') WHERE trim(r) IN {roles})"
        if "head_teacher" in duty.roles:
            has += " OR coalesce(t.head_teacher, false)"
        who.append(f"({has})")
    if duty.teaching_years is not None:
        low, high = (w.param("owed_min_years", duty.teaching_years[0]),
                     w.param("owed_max_years", duty.teaching_years[1]))
        who.append(f"t.entry_date IS NOT NULL AND duration.between(t.entry_date, day).years >= {low}"
                   f" AND duration.between(t.entry_date, day).years <= {high}")
    return who, titles


def _role_listed(teacher: str, role: str) -> str:
    """Roles are a ';'-separated list (teachers.roles)."""
    return f"any(r IN split(coalesce({teacher}.roles, ''), ';') WHERE trim(r) = {role})"


# -- the checks: each a body ending in RETURN {passed, unknown, values, evidence} AS c ------------


def _no_file(name: str) -> str:
    return f"NOT '{name}' IN present"


def _level_walk(node: str, w: _Writer, name: str, spec_level: Any, ctx: Context, or_higher: bool) -> str:
    """``node`` (a Title or Programme) is at the check's level (or higher), by the Level ladder:
    "below" is one NEXT back from the target's level, "or higher" any number forward. The node's
    ``level`` is the id of the Level its AT_LEVEL edge reaches (both written by one statement)."""
    if spec_level is None:
        return "true"
    if spec_level == "below":  # one NEXT back from the target's level
        anchor = w.param(f"{name}_above", ctx.target.level.value)
        reached = (f"(b:{LEVEL})-[:{NEXT}]->(:{LEVEL} {{id: {anchor}}}), (b)-[:{NEXT}*0..]->(x:{LEVEL})"
                   if or_higher else f"(x:{LEVEL})-[:{NEXT}]->(:{LEVEL} {{id: {anchor}}})")
    else:
        level = ctx.level(spec_level)
        assert level is not None
        at = w.param(f"{name}_level", level.value)
        if not or_higher:
            return f"{node}.level = {at}"
        reached = f"(:{LEVEL} {{id: {at}}})-[:{NEXT}*0..]->(x:{LEVEL})"
    return f"{node}.level IN {w.walk(f'{name}_levels', reached)}"


def _holds_title(spec: HoldsTitle, ctx: Context, w: _Writer, name: str) -> str:
    tiers = w.param(f"{name}_tiers", [ctx.tier(x).value for x in spec.tiers])
    tracks = w.param(f"{name}_tracks", [t.value for t in ctx.tracks(spec.tracks)])
    evidence = "evidence: CASE WHEN $evidence THEN [x IN found | x[0].key] ELSE [] END} AS c"
    if not spec.own_chain:
        level = _level_walk("x[1]", w, name, spec.level, ctx, spec.or_higher)
        return (f"WITH [x IN {w.facts('held')} WHERE x[1].tier IN {tiers} AND {level}"
                f" AND {_in(_track('x[0]'), tracks)} AND {_valid('x[0]')}] AS found\n"
                f"RETURN {{passed: size(found) > 0, unknown: {_no_file('titles')}, values: {{}}, {evidence}")
    level = _level_walk("x[1]", w, name, spec.level, ctx, spec.or_higher)
    kinds = w.param(f"{name}_org_kinds", [k.value for k in OrgKind])
    # JM-LEVEL: the title's awarding org is the org of its level on the chain above the school the
    # candidate served on the date: a walk up PART_OF from the school to the AWARDED_BY end. Per
    # title: [holding, title, on the chain, awarding org, the chain's org of its level].
    return (
        f"CALL (school, day, walks, {w.facts('held')}) {{\n"
        f"  UNWIND [x IN held WHERE x[1].tier IN {tiers} AND {level}"
        f" AND {_in(_track('x[0]'), tracks)} AND {_valid('x[0]')}] AS x\n"
        "  WITH x, x[1] AS title\n"
        f"  RETURN collect([x[0], title, NOT title.level IN {kinds} OR EXISTS"
        f" {{ (title)-[:{AWARDED_BY}]->(o:{ORG})<-[:{PART_OF}*0..3]-(school) WHERE o.kind = title.level }},"
        f" [(title)-[:{AWARDED_BY}]->(o:{ORG}) | o.id][0],"
        f" [(school)-[:{PART_OF}*0..3]->(o:{ORG}) WHERE o.kind = title.level | o.id][0]]) AS found\n"
        "}\n"
        "WITH found, [x IN found WHERE NOT x[2] AND (x[3] IS NULL OR x[4] IS NULL)] AS unclear,"
        " [x IN found WHERE NOT x[2] AND x[3] IS NOT NULL AND x[4] IS NOT NULL] AS off\n"
        # the reason names the last title off the chain, in bundle order
        f"WITH found, unclear, [x IN off WHERE x[0].ordinal = {_latest('[y IN off | y[0].ordinal]')}][0] AS"
        " last\n"
        f"RETURN {{passed: any(x IN found WHERE x[2]), unknown: {_no_file('titles')} OR size(unclear) > 0,"
        f" values: {{no_file: {_no_file('titles')}, off_org: last[3], own_org: last[4],"
        " off_tier: last[1].tier,"
        f" off_level: last[1].level, off_track: {_track('last[0]')}}}, {evidence}"
    )


def _teaching_years(spec: TeachingYears, ctx: Context, w: _Writer, name: str) -> str:
    lo = "true" if spec.min is None else f"years >= {w.param(f'{name}_min', spec.min)}"
    hi = "true" if spec.max is None else f"years <= {w.param(f'{name}_max', spec.max)}"
    return ("WITH CASE WHEN t.entry_date IS NULL THEN null ELSE duration.between(t.entry_date, day).years END"
            " AS years\n"
            f"RETURN {{passed: years IS NOT NULL AND {lo} AND {hi}, unknown: years IS NULL,"
            " values: {years: years}, evidence: []} AS c")


def _programme_passed(spec: ProgrammePassed, ctx: Context, w: _Writer, name: str) -> str:
    tier = w.param(f"{name}_tier", ctx.tier(spec.tier).value)
    results = w.param(f"{name}_results", [r.value for r in spec.results])
    level = _level_walk("x[1]", w, name, spec.level, ctx, False)
    types = "true"
    if spec.types is not None:
        types = _in("x[0].type", w.param(f"{name}_types", [x.value for x in spec.types]))
    enrolled = w.facts("enrolled")
    return (f"WITH [x IN {enrolled} WHERE x[1].tier = {tier} AND {level}"
            f" AND {_in('x[0].result', results)} AND x[0].completed_on IS NOT NULL"
            " AND x[0].completed_on <= day"
            f" AND {types}"
            " | x[0]] AS done,\n"
            f"  [x IN {enrolled} WHERE x[1].tier = {tier}"
            " AND (x[0].enrolled_on IS NULL OR x[0].enrolled_on <= day) | x[0].key] AS seen\n"
            f"RETURN {{passed: size(done) > 0, unknown: {_no_file('programmes')}, values: {{}},"
            " evidence: CASE WHEN $evidence THEN seen ELSE [] END} AS c")


def _training_rows(name: str, w: _Writer, first: dt.date, last: dt.date, extra: str = "") -> str:
    """``rows``: credited training records dated in [first, last] (a failed assessment earns no
    hours)."""
    lo, hi = w.param(f"{name}_first", _day(first)), w.param(f"{name}_last", _day(last))
    return (f"WITH [n IN {w.facts('trained')} WHERE n.date >= date({lo}) AND n.date <= date({hi})"
            f" AND coalesce(n.passed, true){extra}] AS rows\n")


def _hours(rows: str, condition: str) -> str:
    """The hours of the records of ``rows`` meeting ``condition`` (a record without hours: none)."""
    return f"reduce(s = 0.0, n IN [n IN {rows} WHERE {condition}] | s + coalesce(n.hours, 0.0))"


def _kinds(spec_kinds: Any, exclude: Any, w: _Writer, name: str) -> str:
    out = ""
    if spec_kinds is not None:
        out += f" AND {_in('n.kind', w.param(f'{name}_kinds', [k.value for k in spec_kinds]))}"
    if exclude:
        out += f" AND NOT {_in('n.kind', w.param(f'{name}_exclude', [k.value for k in exclude]))}"
    return out


def _contents(spec_contents: Any, w: _Writer, name: str) -> tuple[str, str]:
    """(chosen, unclear) conditions on a record ``n``: of one of the contents (every record when
    none are named); of no content on record, which might have been one of them."""
    if spec_contents is None:
        return "true", "false"
    contents = w.param(f"{name}_contents", [c.value for c in spec_contents])
    return _in("n.content", contents), "n.content IS NULL"


def _annual_hours(spec: AnnualHours, ctx: Context, w: _Writer, name: str) -> str:
    years = list(range(ctx.as_of.year - spec.years, ctx.as_of.year))
    extra = _kinds(spec.kinds, spec.exclude_kinds, w, name)
    if not spec.include_probation:
        extra += " AND NOT coalesce(n.probation, false)"
    chosen, unclear = _contents(spec.contents, w, name)
    need = w.param(f"{name}_min", spec.min_hours)
    listed = w.param(f"{name}_calendar_years", years)
    return (
        _training_rows(name, w, dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31), extra)
        + f"WITH CASE WHEN $evidence THEN [n IN rows WHERE {chosen} OR {unclear} | n.key] ELSE [] END"
        " AS seen,"
        f" [y IN {listed} | [y, {_hours('rows', f'n.date.year = y AND {chosen}')},"
        f" {_hours('rows', f'n.date.year = y AND {unclear}')}]] AS per_year\n"
        "WITH seen, [r IN per_year WHERE t.entry_date IS NULL OR t.entry_date <= date({year: r[0], month: 1,"
        " day: 1})]"
        " AS due\n"
        "WITH seen, due, reduce(w = null, r IN due | CASE WHEN w IS NULL OR r[1] < w[1] THEN r ELSE w END)"
        " AS worst\n"
        f"WITH seen, worst, any(r IN due WHERE r[1] < {need} AND r[1] + r[2] >= {need}) AS maybe,"
        f" worst IS NOT NULL AND worst[1] < {need} AS short\n"
        "RETURN {passed: NOT short,"
        f" unknown: (short AND (t.entry_date IS NULL OR maybe)) OR {_no_file('training')},"
        f" values: {{hours: worst[1], year: worst[0], no_data: {_no_file('training')}, maybe: maybe}},"
        " evidence: seen} AS c"
    )


def _window_hours(spec: WindowHours, ctx: Context, w: _Writer, name: str) -> str:
    first = years_before(ctx.as_of, spec.years) + dt.timedelta(days=1)
    chosen, unclear = _contents(spec.contents, w, name)
    need = w.param(f"{name}_min", spec.min_hours)
    return (
        _training_rows(name, w, first, ctx.as_of, _kinds(spec.kinds, [], w, name))
        + f"WITH {_hours('rows', chosen)} AS hours, {_hours('rows', unclear)} AS open,"
        f" CASE WHEN $evidence THEN [n IN rows WHERE {chosen} OR {unclear} | n.key] ELSE [] END AS seen\n"
        f"RETURN {{passed: hours >= {need}, unknown: (hours < {need} AND hours + open >= {need})"
        f" OR {_no_file('training')}, values: {{hours: hours}}, evidence: seen}} AS c"
    )


def _centralized_hours(spec: CentralizedHours, ctx: Context, w: _Writer, name: str) -> str:
    first = years_before(ctx.as_of, spec.years) + dt.timedelta(days=1)
    needed = spec.min_hours if spec.min_hours is not None else (spec.min_days or 0) * ctx.hours_per_day
    need = w.param(f"{name}_min", needed)
    kind = f"'{TrainingDelivery.CENTRALIZED.value}'"
    return (
        _training_rows(name, w, first, ctx.as_of, f" AND n.kind = {kind}")
        + f"WITH {_hours('rows', 'true')} AS hours,"
        " CASE WHEN $evidence THEN [n IN rows | n.key] ELSE [] END AS seen\n"
        f"RETURN {{passed: hours >= {need}, unknown: {_no_file('training')}, values: {{hours: hours}},"
        " evidence: seen} AS c"
    )


def _probation_hours(spec: ProbationHours, ctx: Context, w: _Writer, name: str) -> str:
    need, practice = w.param(f"{name}_min", spec.min_hours), w.param(f"{name}_practice", spec.min_practice)
    return (
        f"WITH [n IN {w.facts('trained')} WHERE coalesce(n.probation, false) AND coalesce(n.passed, true)"
        " AND (n.date IS NULL OR n.date <= day)] AS rows\n"
        f"WITH {_hours('rows', 'true')} AS total,"
        f" {_hours('rows', f'n.kind = {chr(39)}{TrainingDelivery.PRACTICE.value}{chr(39)}')} AS practice,"
        " CASE WHEN $evidence THEN [n IN rows | n.key] ELSE [] END AS seen\n"
        f"RETURN {{passed: total >= {need} AND practice >= {practice}, unknown: {_no_file('training')},"
        " values: {total: total, practice: practice}, evidence: seen} AS c"
    )


def _annual_review(spec: AnnualReview, ctx: Context, w: _Writer, name: str) -> str:
    grades = w.param(f"{name}_grades", [g.value for g in GRADES[spec.min_grade]])
    first = w.param(f"{name}_first_year", ctx.as_of.year - spec.years)
    times = w.param(f"{name}_times", spec.times)
    return (f"WITH [r IN {w.facts('reviewed')} WHERE r.kind = '{ReviewKind.ANNUAL.value}'"
            f" AND r.year >= {first} AND r.year < day.year | [r.key, {_in('r.result', grades)}]] AS annual\n"
            "WITH annual, size([x IN annual WHERE x[1]]) AS good\n"
            f"RETURN {{passed: good >= {times}, unknown: {_no_file('reviews')}, values: {{good: good}},"
            " evidence: CASE WHEN $evidence THEN [x IN annual | x[0]] ELSE [] END} AS c")


def _failed_ethics(w: _Writer, years: str) -> str:
    return (f"[r IN {w.facts('reviewed')} WHERE r.kind = '{ReviewKind.ETHICS.value}'"
            f" AND r.result = '{ReviewResult.FAIL.value}' AND r.year <= day.year AND r.year >= day.year -"
            f" {years}]")


def _latest(years: str) -> str:
    return f"reduce(m = null, y IN {years} | CASE WHEN m IS NULL OR y > m THEN y ELSE m END)"


def _review_outcome(w: _Writer, found: str) -> str:
    """Clear unless ``found`` (a year) is set; no reviews file: unknown unless a failure was found."""
    return (f"RETURN {{passed: {found} IS NULL AND NOT {_no_file('reviews')},"
            f" unknown: {found} IS NULL AND {_no_file('reviews')}, values: {{year: {found}}},"
            f" evidence: CASE WHEN $evidence THEN [r IN {w.facts('reviewed')} WHERE r.year <= day.year"
            " | r.key] ELSE [] END} AS c")


def _ethics_clear(spec: EthicsClear, ctx: Context, w: _Writer, name: str) -> str:
    years = w.param(f"{name}_years", spec.years)
    failed = f"[r IN {_failed_ethics(w, years)} | r.year]"
    return f"WITH {_latest(failed)} AS found\n" + _review_outcome(w, "found")


def _ethics_annual(spec: EthicsAnnualConsistent, ctx: Context, w: _Writer, name: str) -> str:
    years = w.param(f"{name}_years", spec.years)
    good = w.param(f"{name}_good", [ReviewResult.EXCELLENT.value, ReviewResult.QUALIFIED.value])
    return (f"WITH [r IN {_failed_ethics(w, years)} | r.year] AS failed\n"
            f"WITH [a IN {w.facts('reviewed')} WHERE a.kind = '{ReviewKind.ANNUAL.value}'"
            f" AND {_in('a.result', good)} AND a.year IN failed | a.year] AS clash\n"
            f"WITH {_latest('clash')} AS found\n" + _review_outcome(w, "found"))


def _ethics_consecutive(spec: EthicsConsecutive, ctx: Context, w: _Writer, name: str) -> str:
    years = w.param(f"{name}_years", spec.years)
    return (f"WITH [r IN {_failed_ethics(w, f'({years} + 1)')} | r.year] AS failed\n"
            f"WITH [y IN failed WHERE y >= day.year - {years} AND y - 1 IN failed] AS second\n"
            f"WITH {_latest('second')} AS found\n" + _review_outcome(w, "found"))


def _no_failed_training(spec: NoFailedTraining, ctx: Context, w: _Writer, name: str) -> str:
    tiers = w.param(f"{name}_tiers", [t.value for t in spec.tiers])
    types = w.param(f"{name}_types", [t.value for t in spec.types])
    since = w.param(f"{name}_since", _day(years_before(ctx.as_of, spec.years)))
    return (f"WITH [x IN {w.facts('enrolled')} WHERE x[1].tier IN {tiers} AND {_in('x[0].type', types)}"
            f" AND x[0].result = '{ProgrammeResult.FAIL.value}' AND x[0].completed_on IS NOT NULL"
            f" AND x[0].completed_on > date({since}) AND x[0].completed_on <= day | x[0]] AS failed\n"
            f"WITH failed, {_latest('[e IN failed | e.completed_on]')} AS last\n"
            f"RETURN {{passed: last IS NULL AND NOT {_no_file('programmes')},"
            f" unknown: last IS NULL AND {_no_file('programmes')}, values: {{last_fail: toString(last)}},"
            " evidence: CASE WHEN $evidence THEN [e IN failed | e.key] ELSE [] END} AS c")


def _has_mentor(spec: HasMentor, ctx: Context, w: _Writer, name: str) -> str:
    kinds = w.param(f"{name}_kinds", [k.value for k in spec.kinds])
    need = w.param(f"{name}_min_days", spec.min_days)
    # A mentorship with no start date counts from ever (MISSING), as the engine's day numbers do.
    return (f"WITH [(t)<-[m:{MENTORS}]-(:{TEACHER}) WHERE {_in('m.kind', kinds)}"
            " AND (m.start_date IS NULL OR m.start_date <= day)"
            " | [m.key, CASE WHEN m.end_date IS NULL OR m.end_date > day THEN day ELSE m.end_date END,"
            " m.start_date]] AS rows\n"
            # Days from start to the earlier of end and the date; no start on record counts from the
            # engine's earliest day number (-2^31 days from 1970), as eligibility/days.py does.
            "WITH [r IN rows | [r[0], CASE WHEN r[2] IS NULL"
            " THEN duration.inDays(date('1970-01-01'), r[1]).days + 2147483648"
            " ELSE duration.inDays(r[2], r[1]).days END]] AS spans\n"
            f"WITH spans, CASE WHEN size(spans) = 0 THEN -1 ELSE {_latest('[s IN spans | s[1]]')} END AS"
            " longest\n"
            f"RETURN {{passed: longest >= {need}, unknown: NOT 'mentorships' IN present,"
            " values: {days: longest}, evidence: CASE WHEN $evidence THEN [s IN spans | s[0]] ELSE [] END}"
            " AS c")


def _stage_in(spec: StageIn, ctx: Context, w: _Writer, name: str) -> str:
    stages = w.param(f"{name}_stages", [s.value for s in spec.stages])
    return (f"RETURN {{passed: {_in('t.stage', stages)}, unknown: t.stage IS NULL,"
            " values: {stage: t.stage},"
            " evidence: []} AS c")


def _has_role(spec: HasRole, ctx: Context, w: _Writer, name: str) -> str:
    roles = w.param(f"{name}_roles", [r.value for r in spec.roles if isinstance(r, Role)])
    passed = f"any(r IN split(coalesce(t.roles, ''), ';') WHERE trim(r) IN {roles})"
    unknown = "false"
    if "head_teacher" in spec.roles:
        passed += " OR coalesce(t.head_teacher, false)"
        unknown = "t.head_teacher IS NULL"
    return f"RETURN {{passed: {passed}, unknown: {unknown}, values: {{}}, evidence: []}} AS c"


def _studio_member(spec: StudioMember, ctx: Context, w: _Writer, name: str) -> str:
    level = "true"
    if spec.min_level is not None:
        at = w.param(f"{name}_level", spec.min_level.value)
        walked = w.walk(f"{name}_levels", f"(:{LEVEL} {{id: {at}}})-[:{NEXT}*0..]->(x:{LEVEL})")
        level = f"s.level IN {walked}"
    member = level.replace("s.level", "x[1].level")
    return (f"WITH [x IN {w.facts('memberships')} WHERE (x[0].joined_on IS NULL OR x[0].joined_on <= day)"
            f" AND (x[0].left_on IS NULL OR x[0].left_on >= day) AND {member} | x[0].key]"
            f" + [s IN {w.facts('led')} WHERE (s.founded_on IS NULL OR s.founded_on <= day) AND {level}"
            " | s.id] AS current\n"
            f"RETURN {{passed: size(current) > 0, unknown: NOT 'studio_members' IN present, values: {{}},"
            " evidence: CASE WHEN $evidence THEN current ELSE [] END} AS c")


def _principal_tenure(spec: PrincipalTenure, ctx: Context, w: _Writer, name: str) -> str:
    need = w.param(f"{name}_min_years", spec.min_years)
    principal = _role_listed("t", f"'{Role.PRINCIPAL.value}'")
    return (f"WITH {principal} AS principal, CASE WHEN t.principal_since IS NULL THEN null"
            " ELSE duration.between(t.principal_since, day).years END AS years\n"
            f"RETURN {{passed: principal AND years IS NOT NULL AND years >= {need},"
            " unknown: principal AND years IS NULL, values: {years: years, principal: principal},"
            " evidence: []} AS c")


def _rural_service(spec: RuralService, ctx: Context, w: _Writer, name: str) -> str:
    return (f"WITH [x IN {w.facts('postings')} WHERE x[1].rural = true AND (x[0].start_date IS NULL OR"
            " x[0].start_date <= day)"
            " | x[0].key] AS rural\n"
            "RETURN {passed: coalesce(school.rural, false) OR size(rural) > 0,"
            " unknown: school.rural IS NULL OR NOT 'postings' IN present, values: {},"
            " evidence: CASE WHEN $evidence THEN rural ELSE [] END} AS c")


Form = Callable[[Any, Context, _Writer, str], str]
FORMS: dict[str, Form] = {
    "holds_title": _holds_title,
    "teaching_years": _teaching_years,
    "programme_passed": _programme_passed,
    "annual_hours": _annual_hours,
    "window_hours": _window_hours,
    "centralized_hours": _centralized_hours,
    "probation_hours": _probation_hours,
    "annual_review": _annual_review,
    "ethics_clear": _ethics_clear,
    "ethics_annual_consistent": _ethics_annual,
    "ethics_consecutive": _ethics_consecutive,
    "no_failed_training": _no_failed_training,
    "has_mentor": _has_mentor,
    "stage_in": _stage_in,
    "has_role": _has_role,
    "studio_member": _studio_member,
    "principal_tenure": _principal_tenure,
    "rural_service": _rural_service,
    **sweep_hours_forms.FORMS,
}


def has_form(check: CheckSpec) -> bool:
    """Whether ``check`` (a route: every part) has a Cypher form."""
    if isinstance(check, AllOf | AnyOf):
        return all(has_form(part) for part in check.checks)
    return check.kind in FORMS


def _check(check: Any, ctx: Context, w: _Writer, name: str) -> str:
    """The body of one check's subquery (a route: its parts' subqueries, then their combination)."""
    if check.kind in ("any_of", "all_of"):
        # a part's outcome is named by its position in the route (c0_1: check 0's part 1), unique
        # in the statement, as CALL (*) sees every name around it
        names = [f"{name}_{i}" for i in range(len(check.checks))]
        parts = [f"CALL (*) {{\n{_indent(_named(_check(p, ctx, w, n), n))}\n}}"
                 for n, p in zip(names, check.checks, strict=True)]
        if check.kind == "any_of":
            passed = " OR ".join(f"{p}.passed" for p in names)
            unknown = f"NOT ({passed}) AND ({' OR '.join(f'{p}.unknown' for p in names)})"
        else:
            passed = " AND ".join(f"{p}.passed" for p in names)
            known_fail = " OR ".join(f"(NOT {p}.passed AND NOT {p}.unknown)" for p in names)
            unknown = f"NOT ({passed}) AND NOT ({known_fail})"
        return ("\n".join(parts) + f"\nRETURN {{passed: {passed}, unknown: {unknown},"
                f" values: {{parts: [{', '.join(names)}]}},"
                f" evidence: {' + '.join(f'{p}.evidence' for p in names)}}} AS c")
    form = FORMS.get(check.kind)
    if form is None:
        raise NoCypherForm(check.kind)
    return form(check, ctx, w, name)


def _named(body: str, name: str) -> str:
    """A check's body returning its outcome as ``name`` instead of ``c``."""
    assert body.endswith(" AS c")
    return body.removesuffix(" AS c") + f" AS {name}"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


GENERATED = "// Generated from the policy by talentgraph.store.neo4j_store.sweep_statement; run as printed."
Population = Callable[[_Writer], tuple[list[str], list[str]]]


def _evaluated(w: _Writer, ctx: Context, checks: list[Any], org_id: str | None, header: list[str],
               population: Population) -> list[str]:
    """The statement up to each check's outcome (``c0``, ``c1``...) per teacher of the subtree of
    ``org_id`` (every root's when None) in ``population``: (conditions on the teacher, conditions
    on the titles held, ``held``), as the pool or an obligation's owing teachers give them."""
    lines = [*header,
             f"OPTIONAL MATCH (meta:{META} {{id: 'bundle'}})",
             "WITH date($as_of) AS day, coalesce(meta.present, []) AS present"]
    if org_id is None:
        # a root: no parent (COUNT, not NOT EXISTS: Neo4j's analyser misreads the latter here)
        lines.append(f"MATCH (root:{ORG}) WHERE COUNT {{ (root)-[:{PART_OF}]->(:{ORG}) }} = 0")
    else:
        lines.append(f"MATCH (root:{ORG} {{id: {w.param('org_id', org_id)}}})")
    who, titles = population(w)
    bodies = []
    for i, check in enumerate(checks):
        if not has_form(check):
            raise NoCypherForm(_missing_kind(check))
        bodies.append(_named(_check(check, ctx, w, f"c{i}"), f"c{i}"))
    # The ladders are walked once: which tiers and levels each condition reaches.
    walked = ", ".join(f"{name}: {pattern}" for name, pattern in w.walks.items())
    lines.append(f"WITH root, day, present, {{{walked}}} AS walks")
    lines.append(f"MATCH (root)<-[:{PART_OF}*0..3]-(home:{ORG})<-[:{WORKS_AT}]-(t:{TEACHER})")
    lines.append("WHERE " + "\n  AND ".join(who))
    # The teacher's relationships the checks read, each type expanded once, for the pool and for
    # every check (a check's subquery imports them all: CALL (*)).
    names = [name for name in FACT_LISTS if name in w.lists]
    expansion, split = fact_lists(names)
    lines += [f"WITH t, home, day, present, walks, {expansion}",
              f"WITH t, home, day, present, walks,\n  {split}"]
    if titles:
        lines.append("WHERE " + "\n  AND ".join(titles))
    lines += [
        # The school served on the date: a regular posting covering it (the last in the bundle),
        # else the current one (eligibility/population.py).
        f"WITH t, home, day, present, walks, {', '.join(names)}, reduce(m = null, x IN [x IN postings"
        f" WHERE x[0].kind = '{PostingKind.REGULAR.value}'"
        " AND (x[0].start_date IS NULL OR x[0].start_date <= day)"
        " AND (x[0].end_date IS NULL OR x[0].end_date >= day)]"
        " | CASE WHEN m IS NULL OR x[0].ordinal > m[0].ordinal THEN x ELSE m END)[1] AS posted",
        f"WITH t, day, present, walks, {', '.join(names)}, coalesce(posted, home) AS school",
    ]
    for body in bodies:
        lines += ["CALL (*) {", _indent(body), "}"]
    return lines


def _verdict(checks: list[Any]) -> str:
    """The engine's verdict (``engine._decide``) from the gate checks' outcomes ``c<i>``."""
    gates = [(f"c{i}", c.hard) for i, c in enumerate(checks) if c.effect == "gate"]
    hard = " OR ".join(f"(NOT {c}.passed AND NOT {c}.unknown)" for c, is_hard in gates if is_hard) or "false"
    soft = " OR ".join(f"NOT {c}.passed" for c, _ in gates) or "false"
    return (f"CASE WHEN {hard} THEN '{VERDICT_WORDS[2]}' WHEN {soft} THEN '{VERDICT_WORDS[1]}'"
            f" ELSE '{VERDICT_WORDS[0]}' END")


def _started(as_of: dt.date, evidence: bool) -> _Writer:
    """A writer holding the parameters every generated statement has (the date, ``$evidence``)."""
    w = _Writer()
    w.param("as_of", _day(as_of))
    w.param("evidence", evidence)
    return w


def _deciding(rules: TargetRules, target: Target, as_of: dt.date, org_id: str | None, policy: str,
              evidence: bool, said: str, hours_per_day: float) -> tuple[_Writer, list[Any], list[str]]:
    """The writer, the checks and the lines deciding ``target``'s candidates, up to the verdict
    (``WITH t, school, c0.., verdict``); ``said``: what the rows are, for the first line."""
    w = _started(as_of, evidence)
    ctx = Context(target, as_of, hours_per_day)  # WZ-DAY: a policy's training day in hours
    header = [f"// talentgraph: {said} for {target} ({target.track.value} track)"
              + (f" under policy {policy}" if policy else "") + ", each check's outcome and the verdict.",
              GENERATED]
    checks = list(rules.checks)
    lines = _evaluated(w, ctx, checks, org_id, header, lambda w: _pool(w, target, rules.admit_tiers))
    outcomes = [f"c{i}" for i in range(len(checks))]
    lines.append(f"WITH {', '.join(['t', 'school', *outcomes])}, {_verdict(checks)} AS verdict")
    return w, checks, lines


def _finished(w: _Writer, lines: list[str]) -> Statement:
    text = "\n".join(lines)
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text))  # $evidence: only if a check reads it
    return Statement(text, {k: v for k, v in w.parameters.items() if k in used})


def sweep_statement(rules: TargetRules, target: Target, as_of: dt.date, org_id: str | None, *,
                    policy: str = "", evidence: bool = False, hours_per_day: float = 8.0) -> Statement:
    """The statement deciding ``target`` for the teachers of the subtree of ``org_id`` (every
    root's when None). A check without a Cypher form raises NoCypherForm, naming its kind.

    Each row is a candidate: ``teacher_id``, ``name``, ``school_id``, ``verdict``, then, without
    ``evidence``, ``outcomes``: one flat list of every check's outcome code and measures
    (``_compact``), which is what the store reads (a third of the bytes and of the decoding of
    maps); with ``evidence``, ``checks``: per check a map ``{outcome, passed, unknown, values,
    evidence}`` for a reader, the rows in verdict then id order."""
    w, checks, lines = _deciding(rules, target, as_of, org_id, policy, evidence, "candidates", hours_per_day)
    outcomes = [f"c{i}" for i in range(len(checks))]
    if not evidence:
        lines.insert(2, "// outcomes, per check (code: 0 fail, 1 pass, 2 unknown): "
                     + "; ".join(_layout(c, f"c{i}") for i, c in enumerate(checks)))
        flat = [x for i, c in enumerate(checks) for x in _compact(c, f"c{i}")]
        returned = f"[{', '.join(flat)}] AS outcomes"
    else:
        word = (f"CASE WHEN c.passed THEN '{OUTCOME_WORDS[1]}' WHEN c.unknown THEN '{OUTCOME_WORDS[2]}'"
                f" ELSE '{OUTCOME_WORDS[0]}' END")
        returned = f"[c IN [{', '.join(outcomes)}] | c {{outcome: {word}, .*}}] AS checks"
    lines.append(f"RETURN t.id AS teacher_id, t.name AS name, school.id AS school_id, verdict, {returned}")
    if evidence:
        # Only the readable form is ordered. Sorting holds every row on the server before the
        # first is sent, and a province's ~880,000 rows exceed Neo4j's transaction memory
        # (bench/results/cypher-sweep-1000000.json). A sweep orders its rows in Python (Sweep.order).
        lines.append(f"ORDER BY CASE verdict WHEN '{VERDICT_WORDS[0]}' THEN 0 WHEN '{VERDICT_WORDS[1]}'"
                     " THEN 1 ELSE 2 END, teacher_id")
    return _finished(w, lines)


def verdict_count_statement(rules: TargetRules, target: Target, as_of: dt.date, org_id: str | None, *,
                            policy: str = "", hours_per_day: float = 8.0) -> Statement:
    """The sweep statement of ``target`` (the same pool, check forms and verdict) ending in an
    aggregation: one row per verdict given, ``verdict`` and ``candidates`` (how many). Only the
    counts cross the wire (the pipeline's steps)."""
    w, _, lines = _deciding(rules, target, as_of, org_id, policy, False, "verdict counts of candidates",
                            hours_per_day)
    lines.append("RETURN verdict, count(*) AS candidates")
    return _finished(w, lines)


def duty_count_statement(duty: Obligation, as_of: dt.date, org_id: str | None, *, hours_per_day: float,
                         policy: str = "") -> Statement:
    """How many teachers of the subtree of ``org_id`` (every root's when None) owe ``duty`` on the
    date, and how many have met it, are unknown, have not (``owed``, ``met``, ``unknown``,
    ``unmet``: one row): its checks in the same Cypher forms as a sweep's, over the owing
    teachers; each teacher's status is the worst of their checks (eligibility/obligations.py)."""
    w = _started(as_of, False)
    ctx = Context(NO_TARGET, as_of, hours_per_day)
    header = [f"// talentgraph: who owes {duty.rule}"
              + (f" under policy {policy}" if policy else "") + ", and how many have met it.",
              GENERATED]
    checks = list(duty.checks)
    lines = _evaluated(w, ctx, checks, org_id, header, lambda w: _owing(w, duty))
    code = "CASE WHEN c.passed THEN 1 WHEN c.unknown THEN 2 ELSE 0 END"  # as _compact codes it
    lines += [f"WITH [c IN [{', '.join(f'c{i}' for i in range(len(checks)))}] | {code}] AS codes",
              "RETURN count(*) AS owed, count(CASE WHEN NOT 0 IN codes AND NOT 2 IN codes THEN 1 END) AS met,"
              " count(CASE WHEN NOT 0 IN codes AND 2 IN codes THEN 1 END) AS unknown,"
              " count(CASE WHEN 0 IN codes THEN 1 END) AS unmet"]
    return _finished(w, lines)


def _missing_kind(check: Any) -> str:
    """The first kind in ``check`` (or its parts) without a Cypher form."""
    if check.kind in ("any_of", "all_of"):
        return next(_missing_kind(p) for p in check.checks if not has_form(p))
    return str(check.kind)

