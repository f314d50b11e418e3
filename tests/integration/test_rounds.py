"""Nomination rounds on both stores (a snapshot, and Neo4j on the Bolt test server): open,
nominate, decide, certify, the audit trail, scopes, and refusals that change nothing.

The region is the v2 fixture's (60 teachers, read as version 3), asked under the reference
policy as of 2026-09-01: for backbone@city in city C01, T0000021 and T0000031 are eligible,
T0000003 and T0000010 are review (only the 原则上 JM-LEVEL fails), T0000001 is ineligible (hard
rules fail). The clock of the steps is fixed (2026-10-01).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest

from talentgraph.access import Role
from talentgraph.domain.rounds import NominationStatus, RoundStatus
from talentgraph.domain.tables import FILE_ORDER, ROUND_TABLES
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.errors import BundleError, Forbidden, NotFound, Refused
from talentgraph.keys import Keys
from talentgraph.policy.load import load_policy
from talentgraph.roster import Roster
from talentgraph.services import Scope, Services
from talentgraph.services.rounds import Rounds, policy_hash
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore, canonical
from talentgraph.store.protocol import TalentStore
from talentgraph.store.snapshot import load_snapshot, save_snapshot

pytestmark = pytest.mark.integration

V2 = Path(__file__).parents[1] / "fixtures" / "v2" / "region.snapshot"
TARGET = Target.parse("backbone@city")
DAY = dt.date(2026, 9, 1)
NOW = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
CITY, COUNTY, SCHOOL, OTHER_SCHOOL = "C01", "C01-K01", "C01-K01-S0001", "C01-K01-S0002"
ELIGIBLE, ELIGIBLE_TOO, REVIEW, REVIEW_TOO, INELIGIBLE = (
    "T0000021", "T0000031", "T0000003", "T0000010", "T0000001")
IN_OTHER_SCHOOL = "T0000050"


@pytest.fixture(params=["snapshot", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TalentStore]:
    roster = load_snapshot(V2)
    if request.param == "snapshot":
        path = tmp_path / "region.snapshot"
        save_snapshot(roster, path)
        yield EmbeddedStore.open(path)
        return
    neo4j_store: Neo4jStore = request.getfixturevalue("neo4j_store")
    neo4j_store.load(roster)
    yield neo4j_store


def rounds_over(store: TalentStore) -> Rounds:
    services = Services.over(store, policy=load_policy("reference"))
    return Rounds(store, services.questions, store.durable, clock=lambda: NOW)


def admin() -> Scope:
    return Scope.everything(Keys.ephemeral())


def planner(org_id: str) -> Scope:
    return Scope(Role.PLANNER, org_id, Keys.ephemeral())


def state(store: TalentStore) -> Roster:
    """Everything stored, in a form two reads of the same data compare equal."""
    return canonical(store.roster())


def same(before: Roster, after: Roster) -> bool:
    return all(before[name].equals(after[name]) for name in FILE_ORDER)


def opened(rounds: Rounds, quota: int = 2, **kwargs: object) -> str:
    return rounds.open(admin(), TARGET, CITY, quota, opens=DAY, **kwargs).id  # type: ignore[arg-type]


def test_a_round_from_opening_to_certification(store: TalentStore) -> None:
    rounds = rounds_over(store)
    round_id = opened(rounds)
    view = rounds.nominate(planner(SCHOOL), round_id, [ELIGIBLE, REVIEW, INELIGIBLE])
    assert [(n.teacher_id, n.status, n.verdict) for n in view.nominations] == [
        (ELIGIBLE, NominationStatus.NOMINATED, "eligible"), (REVIEW, NominationStatus.NOMINATED, "review"),
        (INELIGIBLE, NominationStatus.NOMINATED, "ineligible")]
    rounds.decide(admin(), round_id, ELIGIBLE, approve=True, reason="优秀", by="王主任")
    view = rounds.decide(planner(CITY), round_id, REVIEW, approve=True, waive=["JM-LEVEL"],
                         reason="区内名额用尽", by="李科长")
    (decided,) = [n for n in view.nominations if n.teacher_id == REVIEW]
    assert (decided.status, decided.waived, decided.approver, decided.failed_rules) == (
        NominationStatus.APPROVED, ["JM-LEVEL"], "李科长", ["JM-LEVEL"])
    assert rounds.approved_nominations(admin(), TARGET, CITY, NOW.date()) == 2
    assert rounds.approved_nominations(planner(COUNTY), TARGET, CITY, DAY) == 2  # the city's quota
    assert rounds.approved_nominations(admin(), Target.parse("backbone@county"), CITY, DAY) == 0
    # The quota port counts approvals of teachers in a subtree, whoever runs the round: the city
    # round's two approvals are in COUNTY's share of city-level backbone teachers (TX-RATIO).
    assert rounds.approved_in_subtree(TARGET, COUNTY, DAY) == 2
    assert rounds.approved_in_subtree(TARGET, "C01-K02", DAY) == 0
    rows = Services.over(store, policy=load_policy("reference")).decisions.quota(planner(COUNTY), DAY)
    wanted = ("TX-RATIO", "backbone", "city", COUNTY)
    (city_share,) = [r for r in rows if (r.rule, r.tier.value, r.level.value, r.org_id) == wanted]
    assert city_share.approved == 2 and city_share.headroom == city_share.quota - city_share.holders - 2

    view = rounds.certify(planner(CITY), round_id, dt.date(2026, 9, 30))
    assert view.status is RoundStatus.CERTIFIED
    assert [n.status for n in view.nominations] == [NominationStatus.CERTIFIED, NominationStatus.CERTIFIED,
                                                    NominationStatus.NOMINATED]
    assert rounds.approved_nominations(admin(), TARGET, CITY, NOW.date()) == 0  # holders now
    assert rounds.approved_nominations(admin(), TARGET, CITY, DAY) == 2  # titles from 2026-09-30

    titles = [t for t in store.rows_of([ELIGIBLE, REVIEW], ("titles",))["titles"].to_pylist()
              if t["source"] == "round"]
    assert {(t["teacher_id"], t["tier"], t["level"], t["org_id"], t["awarded_on"]) for t in titles} == {
        (ELIGIBLE, "backbone", "city", CITY, dt.date(2026, 9, 30)),
        (REVIEW, "backbone", "city", CITY, dt.date(2026, 9, 30))}
    policy = load_policy("reference")
    for title in titles:
        assert title["policy"] == "reference" and title["policy_hash"] == policy_hash(policy)
        nomination = next(n for n in view.nominations if n.teacher_id == title["teacher_id"])
        assert title["nomination_id"] == nomination.id
        frozen = Verdict.model_validate_json(title["verdict"])
        assert (frozen.teacher_id, frozen.as_of, str(frozen.target)) == (
            title["teacher_id"], DAY, "backbone@city")

    services = Services.over(store, policy=policy)
    after = [v.teacher_id for v in services.questions.eligibility(admin(), TARGET, dt.date(2026, 10, 1))]
    before = [v.teacher_id for v in services.questions.eligibility(admin(), TARGET, DAY)]
    assert {ELIGIBLE, REVIEW} <= set(before) and not {ELIGIBLE, REVIEW} & set(after)

    events = view.events
    assert [(e.seq, e.action, e.teacher_id) for e in events] == [
        (1, "open", None), (2, "nominate", ELIGIBLE), (3, "nominate", REVIEW), (4, "nominate", INELIGIBLE),
        (5, "decide", ELIGIBLE), (6, "decide", REVIEW), (7, "certify", None)]
    assert [e.actor for e in events] == ["admin", *["planner@" + SCHOOL] * 3, "admin", "planner@" + CITY,
                                         "planner@" + CITY]
    assert all(e.at == "2026-10-01T09:00:00+00:00" for e in events)
    assert events[5].detail["waived"] == ["JM-LEVEL"] and events[5].detail["approver"] == "李科长"
    assert events[6].detail == {"on": "2026-09-30", "titles": [ELIGIBLE, REVIEW]}


@pytest.mark.parametrize(("step", "reason"), [
    (lambda r, i: r.decide(admin(), i, REVIEW, approve=True, waive=["JM-HOURS"], reason="x", by="王"),
     "JM-HOURS is a hard rule"),
    (lambda r, i: r.decide(admin(), i, REVIEW, approve=True, reason="x", by="王"), "--waive JM-LEVEL"),
    (lambda r, i: r.decide(admin(), i, INELIGIBLE, approve=True, reason="x", by="王"), "is ineligible"),
    (lambda r, i: r.decide(admin(), i, REVIEW_TOO, approve=True, waive=["JM-LEVEL"], reason="x", by="王"),
     "is full: 2 of its quota of 2"),
    (lambda r, i: r.nominate(admin(), i, [ELIGIBLE_TOO, ELIGIBLE]), "already nominated"),
    (lambda r, i: r.nominate(planner(OTHER_SCHOOL), i, [ELIGIBLE_TOO]), "no such teacher"),
    (lambda r, i: r.decide(planner(COUNTY), i, REVIEW, approve=False, reason="x", by="王"), "only a planner"),
    (lambda r, i: r.certify(admin(), i, dt.date(2026, 12, 1)), "in the future"),
])
def test_a_refused_step_names_its_reason_and_changes_nothing(store: TalentStore, step: object,
                                                            reason: str) -> None:
    rounds = rounds_over(store)
    round_id = opened(rounds)
    rounds.nominate(admin(), round_id, [ELIGIBLE, REVIEW, INELIGIBLE, REVIEW_TOO])
    rounds.decide(admin(), round_id, ELIGIBLE, approve=True, reason="x", by="王")
    if "full" in reason:
        rounds.decide(admin(), round_id, REVIEW, approve=True, waive=["JM-LEVEL"], reason="x", by="王")
    before = state(store)
    snapshot = Path(str(getattr(store, "path", "") or "")) if isinstance(store, EmbeddedStore) else None
    file_before = snapshot.read_bytes() if snapshot else None
    with pytest.raises((Refused, NotFound, Forbidden)) as refused:
        step(rounds, round_id)  # type: ignore[operator]
    assert reason in str(refused.value) and "\n" not in str(refused.value)
    assert same(before, state(store))
    if snapshot:
        assert snapshot.read_bytes() == file_before


def test_a_closed_round_refuses_every_step(store: TalentStore) -> None:
    rounds = rounds_over(store)
    closed = rounds.open(admin(), TARGET, CITY, 3, opens=DAY, closes=dt.date(2026, 9, 20)).id
    before = state(store)
    with pytest.raises(Refused, match="closed: it closed on 2026-09-20"):
        rounds.nominate(admin(), closed, [ELIGIBLE])
    assert same(before, state(store))
    certified = opened(rounds)
    rounds.certify(admin(), certified, DAY)
    with pytest.raises(Refused, match="closed: certified on 2026-09-01"):
        rounds.nominate(admin(), certified, [ELIGIBLE])


def test_who_may_open_see_and_nominate(store: TalentStore) -> None:
    rounds = rounds_over(store)
    with pytest.raises(Refused, match="certified by a city org; C01-K01 is a county"):
        rounds.open(admin(), TARGET, COUNTY, 2, opens=DAY)
    with pytest.raises(Forbidden, match="only a planner of C01"):  # the city is above the county
        rounds.open(planner(COUNTY), TARGET, CITY, 2, opens=DAY)
    with pytest.raises(BundleError) as unseen:  # an org id in a body: as one that does not exist
        rounds.open(planner(COUNTY), TARGET, "C02", 2, opens=DAY)
    with pytest.raises(BundleError) as missing_org:
        rounds.open(planner(COUNTY), TARGET, "C09", 2, opens=DAY)
    assert str(unseen.value) == str(missing_org.value)
    round_id = rounds.open(planner(CITY), TARGET, CITY, 2, opens=DAY).id
    # A school's planner sees the city's round, and nominates its own teachers only.
    rounds.nominate(planner(OTHER_SCHOOL), round_id, [IN_OTHER_SCHOOL])
    view = rounds.nominate(planner(SCHOOL), round_id, [ELIGIBLE])
    assert [n.teacher_id for n in view.nominations] == [ELIGIBLE]  # not the other school's
    assert [n.teacher_id for n in rounds.show(planner(COUNTY), round_id).nominations] == [
        IN_OTHER_SCHOOL, ELIGIBLE]
    assert [e.teacher_id for e in view.events] == [None, ELIGIBLE]
    # Out of scope and non-existent answer alike; a researcher reads no round.
    for scope in (planner("C02"),):
        for asked in (round_id, "R9999"):
            with pytest.raises(NotFound) as missing:
                rounds.show(scope, asked)
            assert str(missing.value) == "no such round"
    researcher = Scope(Role.RESEARCHER, None, Keys.ephemeral())
    seen = rounds.show(researcher, round_id)
    assert [n.teacher_id for n in seen.nominations] == [researcher.shown_id(IN_OTHER_SCHOOL),
                                                        researcher.shown_id(ELIGIBLE)]
    assert ELIGIBLE not in seen.model_dump_json() and seen.nominations[1].name != view.nominations[0].name
    with pytest.raises(Forbidden):
        rounds.nominate(researcher, round_id, [seen.nominations[0].teacher_id])
    # Not a candidate: a teacher who holds the title already is refused at nomination.
    rounds.decide(admin(), round_id, ELIGIBLE, approve=True, reason="x", by="王")
    rounds.certify(admin(), round_id, DAY)
    second = opened(rounds)
    with pytest.raises(Refused, match=f"{ELIGIBLE} is not a candidate for backbone@city"):
        rounds.nominate(admin(), second, [ELIGIBLE])


def test_rounds_round_trip_bundle_store_export(store: TalentStore, tmp_path: Path) -> None:
    from talentgraph.bundle.load import load_bundle
    from talentgraph.bundle.write import write_bundle

    rounds = rounds_over(store)
    round_id = opened(rounds)
    rounds.nominate(admin(), round_id, [ELIGIBLE, REVIEW])
    rounds.decide(admin(), round_id, REVIEW, approve=True, waive=["JM-LEVEL"], reason="x", by="王")
    rounds.certify(admin(), round_id, dt.date(2026, 9, 30))
    exported = store.roster()
    assert all(exported.count(name) for name in ROUND_TABLES)
    write_bundle(exported, tmp_path / "bundle")
    again = load_bundle(tmp_path / "bundle", today=NOW.date())
    for name in FILE_ORDER:
        assert canonical(again)[name].equals(canonical(exported)[name]), name
    reloaded = EmbeddedStore(again)
    assert rounds_over(reloaded).show(admin(), round_id) == rounds.show(admin(), round_id)
    (certified,) = [e for e in exported["round_events"].to_pylist() if e["action"] == "certify"]
    detail = json.loads(certified["detail"])  # (a store gives rows written by a step in its own order)
    assert detail["titles"] == [REVIEW]
    assert pa.compute.sum(pa.compute.equal(exported["titles"]["source"], "round")).as_py() == 1
