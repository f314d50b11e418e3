"""Nomination rounds: open, nominate, decide, certify, show (docs/decisions-rounds.md).

Every step takes the scope that asks, checks it like every write (a role that writes, a store
that keeps), finds the round through the scope (a round outside it is "no such round", as one
that does not exist), applies the rules of ``domain/rounds.py``, and stores the round's new rows
and one audit event in a single ``store.apply``: all of it or, on a refusal, nothing.

Who may do what: a round is opened, decided and certified by the round's own org (a planner
whose scope is that org or one above it, or an admin); nominations come from a planner whose
scope holds the teacher (a school's planner its own teachers, a county's anyone in the county)
inside the round's org. A researcher reads rounds with pseudonyms, without names, approvers
or reasons, and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import pyarrow as pa

from talentgraph.domain.enums import DecisionOutcome, RoundAction, TitleSource
from talentgraph.domain.models import Decision, Nomination, Round, RoundEvent, Title
from talentgraph.domain.rounds import (
    CERTIFIER,
    EventView,
    NominationStatus,
    NominationView,
    RoundView,
    check_approval,
    content_hash,
    last_decisions,
    nomination_status,
    require_open,
    round_status,
    waived_rules,
)
from talentgraph.domain.tables import SPECS
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility import engine
from talentgraph.errors import Forbidden, NotFound, ReadOnly, Refused
from talentgraph.policy.schema import Policy
from talentgraph.records_model import model_of, row_of
from talentgraph.roster import Roster, arrow_schema
from talentgraph.services.commit import revalidate
from talentgraph.services.questions import Questions
from talentgraph.services.refs import org_ref
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.services.writes import READ_ONLY, WRITE_LOCK
from talentgraph.store.changes import Change
from talentgraph.store.protocol import FactSource, RecordStore, RoundStore


class RoundsStore(RecordStore, RoundStore, FactSource, Protocol):
    """What rounds need: their own rows, teachers' records and facts, and writes."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def policy_hash(policy: Policy) -> str:
    """The content hash a round records: sha256 of the parsed policy's canonical JSON."""
    return content_hash(policy.model_dump_json(by_alias=True))


class Rounds:
    """The nomination round use cases. ``clock`` gives the time of each step (UTC)."""

    def __init__(self, store: RoundsStore, questions: Questions, writable: bool,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.store = store
        self.questions = questions
        self.writable = writable
        self.clock = clock

    # -- reading ---------------------------------------------------------------------------

    def show(self, scope: Scope, round_id: str) -> RoundView:
        """The round, its nominations (those of teachers the scope holds, unless the scope runs
        the round) and its audit trail, as the scope may see them."""
        view = View(self.store, scope)
        rows = self._round(view, round_id)
        return self._shown(view, rows)

    def list(self, scope: Scope) -> list[RoundView]:
        """Every round the scope may see, by id."""
        view = View(self.store, scope)
        everything = self.store.round_rows(None)
        ids = sorted(r["id"] for r in everything["rounds"].to_pylist()
                     if self._sees_round(view, r["org_id"]))
        return [self._shown(view, self.store.round_rows([i])) for i in ids]

    def approved_nominations(self, scope: Scope, target: Target, org_id: str, as_of: dt.date) -> int:
        """Nominations for ``target`` in rounds run by ``org_id`` whose standing decision is an
        approval, in rounds not certified on or before ``as_of``: approvals that will become
        titles. A certified round's approvals are titles from its award date on, counted among
        the holders then, so holders + approvals never count one teacher twice. Decisions count
        as they stand (their timestamps are the wall clock's, not the roster's dates). The org
        must be inside the scope or above it (a county planner asks about the city's quota):
        NotFound otherwise. The count covers the whole round, whoever asks."""
        view = View(self.store, scope)
        if not view.above(org_id):
            view.org(org_id)
        rows = self.store.round_rows(None)
        wanted = (target.tier, target.level, target.track)
        pending = {r.id for r in _models(rows, "rounds", Round)
                   if r.org_id == org_id and (r.tier, r.level, r.track) == wanted
                   and (r.certified_on is None or r.certified_on > as_of)}
        decisions = [d for d in _models(rows, "decisions", Decision) if d.round_id in pending]
        return sum(d.outcome is DecisionOutcome.APPROVE for d in last_decisions(decisions).values())

    def approved_in_subtree(self, target: Target, org_id: str, as_of: dt.date) -> int:
        """The quota port (eligibility.quota.ApprovedNominations): nominations for ``target``
        whose standing decision is an approval, in rounds not certified on or before ``as_of``,
        of teachers whose school is in ``org_id``'s subtree, whichever org runs the round (a
        county's share of city-level backbone teachers counts the city round's approvals of the
        county's teachers). The quota use case has already checked the asker may see ``org_id``."""
        rows = self.store.round_rows(None)
        wanted = (target.tier, target.level, target.track)
        pending = {r.id for r in _models(rows, "rounds", Round)
                   if (r.tier, r.level, r.track) == wanted
                   and (r.certified_on is None or r.certified_on > as_of)}
        decisions = [d for d in _models(rows, "decisions", Decision) if d.round_id in pending]
        standing = last_decisions(decisions).values()
        approved = {d.nomination_id for d in standing if d.outcome is DecisionOutcome.APPROVE}
        teachers = [n.teacher_id for n in _models(rows, "nominations", Nomination) if n.id in approved]
        if not teachers:
            return 0
        within = set(View(self.store, Scope.everything()).tree.subtree(org_id))
        return sum(school in within for school in self.store.schools_of(teachers).values())

    # -- the steps -------------------------------------------------------------------------

    def open(self, scope: Scope, target: Target, org_id: str, quota: int, *,
             policy: Policy | str | None = None, opens: dt.date | None = None,
             closes: dt.date | None = None, as_of: dt.date | None = None) -> RoundView:
        """A new round run by ``org_id``, an org of the target's level, by a scope that is that
        org or above it. Its verdicts are judged as of ``as_of`` (default: the opening date,
        itself by default today, or the closing date when that is earlier)."""
        self._allowed(scope)
        chosen = self.questions.policy_for(target, policy)
        with WRITE_LOCK:
            view = View(self.store, scope)
            org_ref(view, "rounds", "org_id", org_id)  # as any id in a body: 422 when unseen
            org = view.tree.orgs[org_id]
            self._require_runner(view, org_id)
            wanted = CERTIFIER.get(target.level)
            if wanted is None or org.kind is not wanted:
                by = f"a {wanted.value} org" if wanted else "no org of a region"
                raise Refused(f"a {target.level.value} title is certified by {by}; "
                              f"{org_id} is a {org.kind.value}")
            now = self.clock()
            # Default: today, or the closing date when that is earlier (a round on record).
            opens = opens or (min(now.date(), closes) if closes else now.date())
            existing = self.store.round_rows(None)["rounds"]["id"].to_pylist()
            round_id = _next_id("R", existing)
            round_ = revalidate(Round, {
                "id": round_id, "tier": target.tier, "level": target.level, "track": target.track,
                "org_id": org_id, "quota": quota, "opens_on": opens, "closes_on": closes,
                "as_of": as_of or opens, "policy": chosen.name, "policy_hash": policy_hash(chosen)},
                "rounds")
            assert isinstance(round_, Round)
            event = self._event(scope, round_id, 1, now, RoundAction.OPEN, None, {
                "target": str(target), "org_id": org_id, "quota": quota, "policy": chosen.name})
            self.store.apply([_node("rounds", round_), _owned("round_events", round_id, [event])])
            return self._shown(view, self.store.round_rows([round_id]))

    def nominate(self, scope: Scope, round_id: str, teacher_ids: Sequence[str]) -> RoundView:
        """Put teachers forward, all or none: each must be visible to the scope, inside the
        round's org, not yet nominated in it, and a candidate for the round's target on its date
        (a teacher who already holds the title, or is not in post, is refused)."""
        self._allowed(scope)
        if not teacher_ids:
            raise Refused("name at least one teacher to nominate")
        with WRITE_LOCK:
            view = View(self.store, scope)
            rows = self._round(view, round_id)
            round_ = _round_of(rows)
            teachers = [view.teacher_id(given) for given in dict.fromkeys(teacher_ids)]  # seen, first
            now = self.clock()
            require_open(round_, now.date())
            policy = self._policy(round_)
            nominations = _models(rows, "nominations", Nomination)
            already = {n.teacher_id for n in nominations}
            events = _models(rows, "round_events", RoundEvent)
            added: list[Nomination] = []
            new_events: list[RoundEvent] = []
            for given, teacher in zip(dict.fromkeys(teacher_ids), teachers, strict=True):
                if not view.tree.within(view.teacher(teacher).school_id, round_.org_id):
                    raise Refused(f"{given} does not teach inside {round_.org_id}, which runs {round_id}")
                if teacher in already:
                    raise Refused(f"{given} is already nominated in round {round_id}")
                verdict = self._verdict(round_, policy, teacher)
                if not verdict.candidate:  # the note says why: holds the title, not in post
                    raise Refused(f"{given} is not a candidate for {_target(round_)} on {round_.as_of}: "
                                  f"{verdict.note}")
                nomination = Nomination(id=_next_id(f"{round_id}-N", [n.id for n in (*nominations, *added)]),
                                        round_id=round_id, teacher_id=teacher, nominated_by=_actor(scope),
                                        verdict=verdict.model_dump_json())
                added.append(nomination)
                already.add(teacher)
                detail = {"nomination_id": nomination.id, "verdict": verdict.verdict.value}
                new_events.append(self._event(scope, round_id, len(events) + len(new_events) + 1, now,
                                              RoundAction.NOMINATE, teacher, detail))
            self.store.apply([_owned("nominations", round_id, [*nominations, *added]),
                              _owned("round_events", round_id, [*events, *new_events])])
            return self._shown(view, self.store.round_rows([round_id]))

    def decide(self, scope: Scope, round_id: str, teacher_id: str, *, approve: bool,
               waive: Sequence[str] = (), reason: str, by: str) -> RoundView:
        """Approve (waiving named 原则上 rules the verdict fails) or reject one nomination. The
        verdict is judged again now and frozen with the decision; an approval past the quota,
        a waiver of a hard rule, or an approval the verdict does not allow is refused."""
        self._allowed(scope)
        if not reason.strip() or not by.strip():
            raise Refused("a decision needs a reason (--reason) and an approver (--by)")
        with WRITE_LOCK:
            view = View(self.store, scope)
            rows = self._round(view, round_id)
            round_ = _round_of(rows)
            teacher = view.teacher_id(teacher_id)
            self._require_runner(view, round_.org_id)
            now = self.clock()
            require_open(round_, now.date())
            nominations = {n.teacher_id: n for n in _models(rows, "nominations", Nomination)}
            nomination = nominations.get(teacher)
            if nomination is None:
                raise NotFound(f"no nomination of {teacher_id} in round {round_id}")
            decisions = _models(rows, "decisions", Decision)
            standing = last_decisions(decisions)
            verdict = self._verdict(round_, self._policy(round_), teacher)
            if approve:
                waived = check_approval(verdict, waive, scope.shown_id(teacher))
                approved = [d for d in standing.values() if d.outcome is DecisionOutcome.APPROVE]
                if nomination.id not in {d.nomination_id for d in approved} and len(approved) >= round_.quota:
                    raise Refused(f"round {round_id} is full: {len(approved)} of its quota of "
                                  f"{round_.quota} already approved")
            else:
                if waive:
                    raise Refused("a rejection waives nothing: leave out --waive")
                waived = ()
            outcome = DecisionOutcome.APPROVE if approve else DecisionOutcome.REJECT
            decision = revalidate(Decision, {
                "round_id": round_id, "seq": len(decisions) + 1, "nomination_id": nomination.id,
                "outcome": outcome, "waived": ";".join(waived) or None, "reason": reason.strip(),
                "approver": by.strip(), "decided_at": now.isoformat(timespec="seconds"),
                "verdict": verdict.model_dump_json()}, "decisions")
            assert isinstance(decision, Decision)
            events = _models(rows, "round_events", RoundEvent)
            event = self._event(scope, round_id, len(events) + 1, now, RoundAction.DECIDE, teacher, {
                "nomination_id": nomination.id, "outcome": outcome.value, "waived": list(waived),
                "reason": decision.reason, "approver": decision.approver, "verdict": verdict.verdict.value})
            self.store.apply([_owned("decisions", round_id, [*decisions, decision]),
                              _owned("round_events", round_id, [*events, event])])
            return self._shown(view, self.store.round_rows([round_id]))

    def certify(self, scope: Scope, round_id: str, on: dt.date) -> RoundView:
        """Certify the round on ``on``: a title for each approved nomination, awarded by the
        round's org, naming its nomination, the policy (name and hash) and the verdict frozen
        with the approval; then the round is closed."""
        self._allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            rows = self._round(view, round_id)
            round_ = _round_of(rows)
            self._require_runner(view, round_.org_id)
            now = self.clock()
            if round_.certified_on is not None:
                raise Refused(f"round {round_id} is closed: certified on {round_.certified_on}")
            if on < round_.opens_on:
                raise Refused(f"round {round_id} opens on {round_.opens_on}: it cannot be certified on {on}")
            if on > now.date():
                raise Refused(f"a title cannot be awarded in the future ({on})")
            self._policy(round_)  # the policy the decisions were made under is still the one in force
            nominations = {n.id: n for n in _models(rows, "nominations", Nomination)}
            approved = [d for d in last_decisions(_models(rows, "decisions", Decision)).values()
                        if d.outcome is DecisionOutcome.APPROVE]
            changes: list[Change] = []
            titled = []
            for decision in sorted(approved, key=lambda d: d.nomination_id):
                teacher = nominations[decision.nomination_id].teacher_id
                title = revalidate(Title, {
                    "teacher_id": teacher, "tier": round_.tier, "level": round_.level,
                    "org_id": round_.org_id, "awarded_on": on, "track": round_.track,
                    "source": TitleSource.ROUND,
                    "nomination_id": decision.nomination_id, "policy": round_.policy,
                    "policy_hash": round_.policy_hash, "verdict": decision.verdict}, "titles")
                held = self.store.rows_of([teacher], ("titles",))["titles"]
                changes.append(Change("titles", teacher, pa.concat_tables(
                    [held, pa.Table.from_pylist([row_of("titles", title)], schema=held.schema)])))
                titled.append(teacher)
            certified = round_.model_copy(update={"certified_on": on})
            events = _models(rows, "round_events", RoundEvent)
            event = self._event(scope, round_id, len(events) + 1, now, RoundAction.CERTIFY, None,
                                {"on": on.isoformat(), "titles": titled})
            changes += [_node("rounds", certified), _owned("round_events", round_id, [*events, event])]
            self.store.apply(changes)
            return self._shown(view, self.store.round_rows([round_id]))

    # -- helpers ---------------------------------------------------------------------------

    def _allowed(self, scope: Scope) -> None:
        scope.require_writer()
        if not self.writable:
            raise ReadOnly(READ_ONLY)

    @staticmethod
    def _sees_round(view: View, org_id: str) -> bool:
        """A round is seen from inside the org that runs it, or from above it."""
        root = view.scope.org_id
        return view.tree.within(org_id, root) or (root is not None and view.tree.within(root, org_id))

    @staticmethod
    def _runs(view: View, org_id: str) -> bool:
        """Whether the scope acts for the org running a round: that org, or one above it."""
        root = view.scope.org_id
        return root is None or root == org_id or root in view.tree.ancestry(org_id)

    def _require_runner(self, view: View, org_id: str) -> None:
        if not self._runs(view, org_id):
            raise Forbidden(f"only a planner of {org_id} (or above it) may open, decide or certify "
                            "its rounds")

    def _round(self, view: View, round_id: str) -> Roster:
        rows = self.store.round_rows([round_id])
        found = rows["rounds"].to_pylist()
        if not found or not self._sees_round(view, found[0]["org_id"]):
            raise view.missing("round", round_id)
        return rows

    def _policy(self, round_: Round) -> Policy:
        """The round's policy, by name, if its content is still what the round recorded."""
        for candidate in (self.questions.policy, round_.policy):
            try:
                policy = self.questions.chosen(candidate)
            except Exception:  # noqa: BLE001 - a name that is no built-in policy: try the next
                continue
            if policy.name == round_.policy and policy_hash(policy) == round_.policy_hash:
                return policy
        raise Refused(f"round {round_.id} runs under policy {round_.policy} ({round_.policy_hash}); "
                      "that policy is not the one in force here: pass --policy with it")

    def _verdict(self, round_: Round, policy: Policy, teacher_id: str) -> Verdict:
        facts = self.store.facts_of(teacher_id)
        return engine.explain(facts, policy, _target(round_), round_.as_of, teacher_id)

    def _event(self, scope: Scope, round_id: str, seq: int, now: dt.datetime, action: RoundAction,
               teacher_id: str | None, detail: dict[str, Any]) -> RoundEvent:
        return RoundEvent(round_id=round_id, seq=seq, at=now.isoformat(timespec="seconds"),
                          actor=_actor(scope), action=action, teacher_id=teacher_id,
                          detail=json.dumps(detail, ensure_ascii=False, sort_keys=True))

    def _shown(self, view: View, rows: Roster) -> RoundView:
        """The round as ``view``'s scope may see it: the nominations (and audit events) of the
        teachers it holds, unless it runs the round; for a researcher, teachers as pseudonyms and
        no names, approvers or reasons."""
        scope = view.scope
        round_ = _round_of(rows)
        runs = self._runs(view, round_.org_id)
        nominations = _models(rows, "nominations", Nomination)
        visible = ({n.teacher_id for n in nominations} if runs
                   else view.teachers(n.teacher_id for n in nominations))
        standing = last_decisions(_models(rows, "decisions", Decision))
        teachers = self.store.rows_of(sorted(visible), ("teachers",))["teachers"]
        people = {r["id"]: r for r in teachers.to_pylist()}
        hide = scope.pseudonymised
        shown = []
        for n in sorted(nominations, key=lambda n: n.id):
            if n.teacher_id not in visible:
                continue
            decision = standing.get(n.id)
            verdict = Verdict.model_validate_json(decision.verdict if decision else n.verdict)
            person = people.get(n.teacher_id, {})
            shown.append(NominationView(
                id=n.id, teacher_id=scope.shown_id(n.teacher_id),
                name=scope.shown_name(n.teacher_id, person.get("name") or ""),
                school_id=person.get("school_id") or "",
                status=nomination_status(decision, round_.certified_on is not None),
                verdict=verdict.verdict.value, failed_rules=list(verdict.failed_rules),
                unknown_rules=list(verdict.unknown_rules),
                waived=waived_rules(decision.waived) if decision else [],
                reason=decision.reason if decision and not hide else None,
                approver=decision.approver if decision and not hide else None,
                decided_at=decision.decided_at if decision else None, nominated_by=n.nominated_by))
        events = [self._event_shown(scope, e, visible)
                  for e in sorted(_models(rows, "round_events", RoundEvent), key=lambda e: e.seq)
                  if e.teacher_id is None or e.teacher_id in visible]
        taken = (NominationStatus.APPROVED, NominationStatus.CERTIFIED)
        approved = (sum(d.outcome is DecisionOutcome.APPROVE for d in standing.values()) if runs
                    else sum(v.status in taken for v in shown))
        return RoundView(
            id=round_.id, target=str(_target(round_)), tier=round_.tier.value, level=round_.level.value,
            track=round_.track.value, org_id=round_.org_id, quota=round_.quota, opens_on=round_.opens_on,
            closes_on=round_.closes_on, as_of=round_.as_of, policy=round_.policy,
            policy_hash=round_.policy_hash, certified_on=round_.certified_on,
            status=round_status(round_, self.clock().date()), approved=approved, nominations=shown,
            events=events)

    @staticmethod
    def _event_shown(scope: Scope, event: RoundEvent, visible: set[str]) -> EventView:
        detail = json.loads(event.detail or "{}")
        if "titles" in detail:  # the teachers certified: those the scope holds
            detail["titles"] = [scope.shown_id(t) for t in detail["titles"] if t in visible]
        if scope.pseudonymised:
            detail = {k: v for k, v in detail.items() if k not in ("approver", "reason")}
        return EventView(seq=event.seq, at=event.at, actor=event.actor, action=event.action.value,
                         teacher_id=None if event.teacher_id is None else scope.shown_id(event.teacher_id),
                         detail=detail)


def _actor(scope: Scope) -> str:
    return scope.role.value if scope.org_id is None else f"{scope.role.value}@{scope.org_id}"


def _target(round_: Round) -> Target:
    return Target(tier=round_.tier, level=round_.level, track=round_.track)


def _next_id(prefix: str, taken: Sequence[str]) -> str:
    number = len(taken) + 1
    while f"{prefix}{number:04d}" in taken:
        number += 1
    return f"{prefix}{number:04d}"


def _models(rows: Roster, table: str, model: type[Any]) -> list[Any]:
    found = [model_of(table, r) for r in rows[table].to_pylist()]
    assert all(isinstance(m, model) for m in found)
    return found


def _round_of(rows: Roster) -> Round:
    (round_,) = _models(rows, "rounds", Round)
    assert isinstance(round_, Round)
    return round_


def _table(name: str, models: Sequence[Any]) -> pa.Table:
    return pa.Table.from_pylist([row_of(name, m) for m in models], schema=arrow_schema(SPECS[name]))


def _owned(name: str, round_id: str, models: Sequence[Any]) -> Change:
    """The complete new rows of a round's table."""
    return Change(name, round_id, _table(name, models))


def _node(name: str, model: Any) -> Change:
    return Change(name, model.id, _table(name, [model]))
