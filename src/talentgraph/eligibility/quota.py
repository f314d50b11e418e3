"""Quotas and targets: for an org and a date, holders, quota, approved nominations, headroom.

A policy's ``[[quota]]`` entries are shares of an org's teachers (TX-RATIO, JM-QUOTA-CITY-BACKBONE);
its ``[[quota_target]]`` entries are counts to reach by a date (TX-TARGET, JM-TARGET,
XD-FAMOUS-HEADTEACHER-TARGET). Each is counted per org of its ``per`` kind inside the asked
subtree: a city planner sees a TX-RATIO row per county; a county planner sees all three TX
shares for the county; a school planner (below ``per``) sees the school's own part, the share
of its own teachers. Teachers are placed by their current school, as every org scope is.

``approved`` comes from a port (``ApprovedNominations``), so that nomination rounds, stored
elsewhere, reach the arithmetic without this module knowing where they live.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import Level, OrgKind, ProgrammeType, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.eligibility.base import Mask, any_row, int_col
from talentgraph.eligibility.days import MISSING, day_number
from talentgraph.eligibility.facts import Facts, code_of
from talentgraph.eligibility.population import in_post
from talentgraph.policy.decisions import QuotaShare, QuotaTarget, Rounding
from talentgraph.policy.schema import Policy


class ApprovedNominations(Protocol):
    """The nominations for ``target`` approved and not yet certified, of teachers in ``org_id``'s
    subtree, as of the date. (Certified ones hold the title and count as holders.)"""

    def __call__(self, target: Target, org_id: str, as_of: dt.date) -> int: ...


# Exact arithmetic: 29% of 100 is 29, not float's 28.999999999999996 rounded down.
ROUNDERS: dict[Rounding, Callable[[Fraction], int]] = {
    "floor": math.floor, "round": lambda x: math.floor(x + Fraction(1, 2)), "ceil": math.ceil}
ROUNDING_WORDS = {"floor": "rounded down", "round": "rounded to the nearest (half up)", "ceil": "rounded up"}


@dataclass(frozen=True)
class QuotaRow:
    """One quota or target of one org. ``headroom`` = quota - holders - approved: how many more
    may be approved (a share), or are still to reach (a target); negative when over."""

    rule: str
    kind: Literal["share", "target"]
    org_id: str
    org_name: str
    tier: Tier
    level: Level
    tracks: tuple[Track, ...]
    share: float | None
    base: int | None  # the teachers the share is of (None for a target)
    rounding: Rounding | None
    holders: int
    quota: int
    by: dt.date | None
    basis: str
    levels: tuple[Level, ...]  # the levels counted (a target may count "or higher")
    types: tuple[ProgrammeType, ...] = ()  # a target counting enrolments: of these programme types
    approved: int = 0

    @property
    def headroom(self) -> int:
        return self.quota - self.holders - self.approved

    def record(self) -> dict[str, object]:
        """The JSON shape (the CLI contract: tier, level, share, holders, quota, approved, headroom)."""
        return {"rule": self.rule, "kind": self.kind, "org_id": self.org_id, "org_name": self.org_name,
                "tier": self.tier.value, "level": self.level.value, "tracks": [t.value for t in self.tracks],
                "types": [t.value for t in self.types],
                "share": self.share, "base": self.base, "rounding": self.rounding, "holders": self.holders,
                "quota": self.quota, "approved": self.approved, "headroom": self.headroom,
                "by": self.by.isoformat() if self.by else None, "basis": self.basis}


def quota_rows(facts: Facts, root: int | None, policy: Policy, as_of: dt.date,
               approved: ApprovedNominations) -> list[QuotaRow]:
    """Every quota and target of ``policy`` for the subtree of org row ``root`` (all if None), in
    policy order, then by org id."""
    rows = [*(r for q in policy.quotas for r in _shares(facts, root, q, as_of)),
            *(r for t in policy.quota_targets for r in _targets(facts, root, t, as_of))]
    return [replace(r, approved=_approved(r, approved, as_of)) for r in rows]


def _approved(row: QuotaRow, approved: ApprovedNominations, as_of: dt.date) -> int:
    return sum(approved(Target(tier=row.tier, level=lv, track=tr), row.org_id, as_of)
               for tr in row.tracks for lv in row.levels)


def _groups(facts: Facts, root: int | None, per: OrgKind) -> tuple[list[int], npt.NDArray[np.int32], OrgKind]:
    """The orgs to report on (rows of kind ``per`` in the subtree, or the root itself when it is
    of ``per`` kind or below it), each teacher's group org (-1: none), and the kind grouped by."""
    orgs = facts.orgs
    kind = per
    if root is not None and int(orgs.kind[root]) < code_of(per):
        kind = list(OrgKind)[int(orgs.kind[root])]
    inside = np.ones(orgs.ids.shape[0], bool) if root is None else orgs.subtree(root)
    chosen = np.flatnonzero(inside & (orgs.kind == code_of(kind))).tolist()
    group = orgs.chain[facts.school, code_of(kind)]
    return sorted(chosen, key=lambda r: str(orgs.ids[r])), group, kind


def _valid_titles(facts: Facts, tier: Tier, levels: list[Level], tracks: tuple[Track, ...], day: int) -> Mask:
    t = facts.titles
    rows: Mask = ((int_col(t, "tier") == code_of(tier))
                  & np.isin(int_col(t, "level"), [code_of(lv) for lv in levels])
                  & np.isin(int_col(t, "track"), [code_of(tr) for tr in tracks])
                  & (int_col(t, "awarded") <= day) & (int_col(t, "until") >= day))
    return rows


def _share_masks(facts: Facts, q: QuotaShare, day: int) -> tuple[Mask, Mask, Mask]:
    """Per teacher: in the base (in post, of the stages), using the quota, of unknown stage."""
    people = in_post(facts, day)
    unknown_stage = np.zeros(facts.n, bool)
    if q.stages is not None:
        unknown_stage = people & (facts.stage < 0)
        people = people & np.isin(facts.stage, [code_of(s) for s in q.stages])
    valid = _valid_titles(facts, q.tier, [q.level], tuple(q.tracks), day)
    using = people & any_row(facts.titles, valid, facts.n)
    if q.counts == "holders_or_in_programme":
        p = facts.programmes
        running = ((int_col(p, "tier") == code_of(q.tier)) & (int_col(p, "level") == code_of(q.level))
                   & (int_col(p, "enrolled") <= day)
                   & ((int_col(p, "completed") == MISSING) | (int_col(p, "completed") > day)))
        using |= people & any_row(p, running, facts.n)
    return people, using, unknown_stage


def share_counts(facts: Facts, scope: Mask, q: QuotaShare, as_of: dt.date) -> tuple[int, int, int]:
    """(base, holders, quota) of one quota over the teachers in ``scope`` taken as one population."""
    people, using, _ = _share_masks(facts, q, day_number(as_of))
    base = int((people & scope).sum())
    return base, int((using & scope).sum()), quota_of(q, base)


def quota_of(q: QuotaShare, base: int) -> int:
    """The quota a share gives of ``base`` teachers, rounded as the policy says."""
    return ROUNDERS[q.rounding](Fraction(str(q.share)) * base)


def _shares(facts: Facts, root: int | None, q: QuotaShare, as_of: dt.date) -> list[QuotaRow]:
    chosen, group, kind = _groups(facts, root, q.per)
    unknown_stage = _share_masks(facts, q, day_number(as_of))[2]
    out = []
    for org in chosen:
        mine = group == org
        base, holders, quota = share_counts(facts, mine, q, as_of)
        out.append(QuotaRow(
            rule=q.rule, kind="share", org_id=str(facts.orgs.ids[org]), org_name=str(facts.orgs.names[org]),
            tier=q.tier, level=q.level, tracks=tuple(q.tracks), share=q.share, base=base, rounding=q.rounding,
            holders=holders, quota=quota, by=None,
            basis=_share_basis(q, kind, int((unknown_stage & mine).sum())), levels=(q.level,)))
    return out


def _share_basis(q: QuotaShare, kind: OrgKind, unknown_stage: int) -> str:
    who = "teachers in post on the date" + (
        f" teaching {', '.join(s.value for s in q.stages)}" if q.stages else "")
    part = "" if kind == q.per else f" (this {kind.value}'s own part of a {q.per.value} quota)"
    tracks = ", ".join(t.value for t in q.tracks)
    used = f"{q.tier.value}@{q.level.value} titles ({tracks} track) valid on the date"
    if q.counts == "holders_or_in_programme":
        used += f", or enrolled in a {q.tier.value}@{q.level.value} programme still running"
    left_out = f"; {unknown_stage} teacher(s) of unknown stage not counted" if unknown_stage else ""
    return (f"quota = {q.share:.0%} of the {who} in the {kind.value}{part}, {ROUNDING_WORDS[q.rounding]}; "
            f"holders: those of them with {used}; headroom = quota - holders - approved{left_out}")


def _targets(facts: Facts, root: int | None, t: QuotaTarget, as_of: dt.date) -> list[QuotaRow]:
    day = day_number(as_of)
    chosen, group, kind = _groups(facts, root, t.per)
    levels = [lv for lv in Level if lv >= t.level] if t.or_higher else [t.level]
    tracks = tuple(t.tracks)
    start = day_number(t.since) if t.since else MISSING
    if t.counts == "holders":
        valid = _valid_titles(facts, t.tier, levels, tracks, day)
        reached = in_post(facts, day) & any_row(facts.titles, valid, facts.n)
    elif t.counts == "awarded":
        ti = facts.titles
        rows = ((int_col(ti, "tier") == code_of(t.tier))
                & np.isin(int_col(ti, "level"), [code_of(lv) for lv in levels])
                & np.isin(int_col(ti, "track"), [code_of(tr) for tr in tracks])
                & (int_col(ti, "awarded") >= start) & (int_col(ti, "awarded") <= day))
        reached = any_row(ti, rows, facts.n)
    else:
        p = facts.programmes
        rows = ((int_col(p, "tier") == code_of(t.tier))
                & np.isin(int_col(p, "level"), [code_of(lv) for lv in levels])
                & (int_col(p, "enrolled") >= start) & (int_col(p, "enrolled") <= day))
        if t.types is not None:
            rows &= np.isin(int_col(p, "type"), [code_of(x) for x in t.types])
        reached = any_row(p, rows, facts.n)
    out = []
    for org in chosen:
        mine = group == org
        out.append(QuotaRow(
            rule=t.rule, kind="target", org_id=str(facts.orgs.ids[org]), org_name=str(facts.orgs.names[org]),
            tier=t.tier, level=t.level, tracks=tracks, share=None, base=None, rounding=None,
            holders=int((reached & mine).sum()), quota=t.target, by=t.by, basis=_target_basis(t, kind),
            levels=tuple(levels), types=tuple(t.types or ())))
    return out


def _target_basis(t: QuotaTarget, kind: OrgKind) -> str:
    what = f"{t.tier.value}@{t.level.value}{' or higher' if t.or_higher else ''}"
    counted = {
        "holders": f"teachers in post holding a {what} title ({', '.join(x.value for x in t.tracks)}) "
                   "valid on the date",
        "awarded": f"teachers awarded a {what} title ({', '.join(x.value for x in t.tracks)}) from {t.since} "
                   "to the date",
        "enrolled": f"teachers enrolled in a {what} programme"
                    f"{' of type ' + ', '.join(x.value for x in t.types) if t.types else ''} from {t.since} "
                    "to the date",
    }[t.counts]
    part = "" if kind == t.per else f" (counted in this {kind.value}; the target is the {t.per.value}'s)"
    return (f"target: {t.target} by {t.by} per {t.per.value}{part}; holders: {counted}, each once; "
            "headroom = target - holders - approved: still to reach")
