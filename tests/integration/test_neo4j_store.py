"""The Neo4j store on a real Bolt server: loads idempotently, gives the bundle back, and answers
eligibility exactly as the embedded store does."""

from __future__ import annotations

import datetime as dt
import socket

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pytest
from neo4j import GraphDatabase

from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.engine import VERDICTS, explain, sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import BundleError, NotFound, StoreUnavailable
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import CONSTRAINTS, Neo4jStore, canonical, row_keys, transactions
from talentgraph.synth import generate_region
from tests.factories import AS_OF, COUNTY, OTHER_SCHOOL, RURAL_SCHOOL, SCHOOL, Region
from tests.integration.bolt_server import BoltTarget

pytestmark = pytest.mark.integration

Answers = dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]


def two_counties() -> Region:
    """Teachers in both counties; a studio in the other county with a member from this one;
    two identical training rows; a title with no awarding org; a rural posting."""
    return (
        Region()
        .teacher("T1", entry="2005-09-01", head_teacher=True)
        .teacher("T2", entry="2019-09-01", school=RURAL_SCHOOL, roles="principal",
                 principal_since="2020-01-01")
        .teacher("T3", entry="2010-09-01", school=OTHER_SCHOOL, stage="senior")
        .teacher("T4", entry="2024-09-01", status="retired")
        .title("T1", "backbone", "county", "2018-01-01")
        .title("T1", "backbone", "county", "2018-01-01")
        .title("T3", "famous", "city", "2016-01-01", until="2030-12-31", org=None)
        .programme("T2", "emerging", "county", "pass")
        .hours("T1", "2024-06-30", 40)
        .hours("T1", "2024-06-30", 40)
        .hours("T2", "2025-03-01", 72.5, "probation", programme="新教师规范化培训", probation=True)
        .yearly_hours("T3", range(2021, 2026), 90)
        .review("T1", 2024, "annual", "excellent")
        .review("T1", 2025, "ethics", "fail")
        .review("T2", 2025, "annual", "qualified")
        .mentorship("T3", "T2", "2019-09-01", "2021-07-01")
        .mentorship("T1", "T4", "2024-09-01", kind="subject")
        .studio("S1", "T3", level="city")
        .member("S1", "T2", "2021-01-01")
        .member("S1", "T1", "2020-03-01", "2022-01-01")
        .link("S1", RURAL_SCHOOL, "2021-01-01")
        .posting("T1", RURAL_SCHOOL, "2022-09-01", "2023-07-01")
    )


def with_column(roster: Roster, file: str, column: str, values: list[str | None]) -> Roster:
    tables = dict(roster.tables)
    tables[file] = tables[file].append_column(column, pa.array(values, pa.string()))
    return Roster(tables, roster.present)


@pytest.fixture(scope="module")
def generated() -> Roster:
    return generate_region(300, seed=1)


def expected_counts(roster: Roster) -> dict[str, int]:
    """One node or relationship per bundle row, plus the tier and level ladders and the Meta node."""
    return {
        "Org": roster.count("orgs"), "Teacher": roster.count("teachers"), "Tier": 5, "Level": 5, "Meta": 1,
        "Training": roster.count("training"), "Review": roster.count("reviews"),
        "Studio": roster.count("studios"), "NEXT": 4 + 4, "WORKS_AT": roster.count("teachers"),
        "PART_OF": sum(p is not None for p in roster["orgs"]["parent_id"].to_pylist()),
        "HOLDS": roster.count("titles"), "ENROLLED_IN": roster.count("programmes"),
        "TRAINED": roster.count("training"), "REVIEWED": roster.count("reviews"),
        "MENTORS": roster.count("mentorships"), "LEADS": roster.count("studios"),
        "MEMBER_OF": roster.count("studio_members"), "SUPPORTS": roster.count("studio_links"),
        "POSTED_AT": roster.count("postings"),
    }


# -- loading ---------------------------------------------------------------------------------------


def test_load_writes_one_node_or_relationship_per_row(neo4j_store: Neo4jStore) -> None:
    roster = two_counties().roster()
    neo4j_store.load(roster)
    counts = neo4j_store.counts()
    assert {k: v for k, v in counts.items() if k in expected_counts(roster)} == expected_counts(roster)
    assert counts["Programme"] == 1 and counts["FOR_TIER"] == 1 and counts["RUN_BY"] == 1
    # One Title per distinct (tier, level, awarding org), each with its tier, level and org edges.
    titles = {(r["tier"], r["level"], r["org_id"]) for r in roster["titles"].to_pylist()}
    assert counts["Title"] == counts["OF_TIER"] == len(titles)
    assert counts["AT_LEVEL"] == len(titles) + 1  # and the programme's
    assert counts["AWARDED_BY"] == sum(org is not None for _, _, org in titles)


def test_reloading_the_same_bundle_changes_nothing(neo4j_store: Neo4jStore, generated: Roster) -> None:
    neo4j_store.load(generated, batch_size=700)
    first = neo4j_store.counts()
    neo4j_store.load(generated)
    assert neo4j_store.counts() == first
    assert {k: first[k] for k in expected_counts(generated)} == expected_counts(generated)


def test_the_graph_gives_the_bundle_back(neo4j_store: Neo4jStore, generated: Roster) -> None:
    neo4j_store.load(generated)
    back = neo4j_store.roster()
    assert back.equals(generated)  # rows in the bundle's order, too
    assert back.present == generated.present


def test_extra_columns_and_repeated_rows_survive_the_round_trip(neo4j_store: Neo4jStore) -> None:
    roster = two_counties().roster()
    roster = with_column(roster, "teachers", "工号", ["A1", None, "A3", "A4"])
    roster = with_column(roster, "training", "source", ["hr", "hr", None, *["import"] * 5])
    neo4j_store.load(roster)
    back = neo4j_store.roster()
    assert back["teachers"].column_names[-1] == "工号"
    assert back.equals(roster)
    assert back.count("training") == 8 and back.count("titles") == 3  # identical rows kept apart


def test_reloading_an_exported_roster_in_another_order_changes_nothing(
        neo4j_store: Neo4jStore, generated: Roster) -> None:
    neo4j_store.load(generated)
    before = neo4j_store.counts()
    exported = neo4j_store.roster()
    backwards = {n: t.take(np.arange(t.num_rows)[::-1]) for n, t in exported.tables.items()}
    neo4j_store.load(Roster(backwards, exported.present))
    assert neo4j_store.counts() == before


def test_a_load_that_fails_part_way_completes_when_run_again(neo4j_store: Neo4jStore,
                                                             generated: Roster) -> None:
    class ServerGone(Exception):
        pass

    def fail_in_training(file: str, rows: int) -> None:
        if file == "training" and rows >= 1000:
            raise ServerGone

    with pytest.raises(ServerGone):
        neo4j_store.load(generated, batch_size=500, progress=fail_in_training)
    assert 0 < neo4j_store.counts().get("Training", 0) < generated.count("training")
    neo4j_store.load(generated)
    assert canonical(neo4j_store.roster()).equals(canonical(generated))


def test_replace_swaps_one_bundle_for_another(neo4j_store: Neo4jStore, generated: Roster) -> None:
    neo4j_store.load(generated)
    smaller = two_counties().roster()
    neo4j_store.replace(smaller)
    assert canonical(neo4j_store.roster()).equals(canonical(smaller))
    assert neo4j_store.counts()["Teacher"] == smaller.count("teachers")


@pytest.mark.parametrize("column", ["key", "ordinal"])
def test_a_reserved_column_name_is_refused_before_anything_is_written(neo4j_store: Neo4jStore,
                                                                      column: str) -> None:
    roster = with_column(two_counties().roster(), "reviews", column, ["a", "b", "c"])
    with pytest.raises(BundleError, match="reserved"):
        neo4j_store.load(roster)
    assert neo4j_store.counts() == {}


# -- the embedded store's answers ------------------------------------------------------------------


def sweep_answers(facts: Facts, scope: npt.NDArray[np.bool_], as_of: dt.date) -> dict[str, Answers]:
    """Per policy and target: each candidate's verdict, failed rules and unknown rules."""
    out: dict[str, Answers] = {}
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers():
            found = sweep(facts, policy, target, as_of, scope)
            out[f"{name}:{target}"] = {
                str(facts.teacher_ids[row]): (
                    VERDICTS[found.verdict[k]].value,
                    found.failed_rules(k),
                    tuple(c.rule for c, o in zip(found.checks, found.outcomes, strict=True) if o.unknown[k]),
                )
                for k, row in enumerate(found.rows)
            }
    return out


@pytest.mark.parametrize("source", ["two_counties", "generated"])
def test_every_builtin_sweep_matches_the_embedded_store(neo4j_store: Neo4jStore, generated: Roster,
                                                        source: str) -> None:
    roster, as_of = (two_counties().roster(), AS_OF) if source == "two_counties" else (generated,
                                                                                         dt.date(2026, 9, 1))
    neo4j_store.load(roster)
    expected = sweep_answers(*EmbeddedStore(roster).facts_in(None), as_of)
    assert sweep_answers(*neo4j_store.facts_in(None), as_of) == expected
    assert sum(len(v) for v in expected.values()) > 0


def test_facts_in_a_county_cover_its_teachers_only(neo4j_store: Neo4jStore) -> None:
    roster = two_counties().roster()
    neo4j_store.load(roster)
    facts, scope = neo4j_store.facts_in(COUNTY)
    assert sorted(facts.teacher_ids[scope].tolist()) == ["T1", "T2", "T4"]
    assert "T3" in facts.teacher_ids.tolist()  # the lead of T2's studio, outside the scope
    embedded = EmbeddedStore(roster).facts_in(COUNTY)
    assert sweep_answers(facts, scope, AS_OF) == sweep_answers(*embedded, AS_OF)


def test_facts_in_a_school_and_in_everything(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(two_counties().roster())
    facts, scope = neo4j_store.facts_in(SCHOOL)
    assert sorted(facts.teacher_ids[scope].tolist()) == ["T1", "T4"]
    facts, scope = neo4j_store.facts_in(None)
    assert sorted(facts.teacher_ids.tolist()) == ["T1", "T2", "T3", "T4"] and scope.all()


def explained(facts: Facts, teacher: str, target: str, policy: str) -> dict[str, object]:
    """The whole explanation, evidence in order included."""
    v: Verdict = explain(facts, load_policy(policy), Target.parse(target), AS_OF, teacher)
    return v.model_dump()


@pytest.mark.parametrize("target,policy", [("backbone@county", "reference"), ("famous@city", "jiangmen"),
                                           ("backbone@county", "tongxin"), ("emerging@county", "wenzhou")])
def test_facts_of_explain_like_the_embedded_store(neo4j_store: Neo4jStore, target: str, policy: str) -> None:
    roster = two_counties().roster()
    neo4j_store.load(roster)
    embedded = EmbeddedStore(roster)
    for teacher in ("T1", "T2", "T3", "T4"):
        assert (explained(neo4j_store.facts_of(teacher), teacher, target, policy)
                == explained(embedded.facts_of(teacher), teacher, target, policy))


def test_unknown_teacher_and_org_are_not_found(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(two_counties().roster())
    with pytest.raises(NotFound, match="T404"):
        neo4j_store.facts_of("T404")
    with pytest.raises(NotFound, match="K404"):
        neo4j_store.facts_in("K404")


# -- connecting ------------------------------------------------------------------------------------


def test_a_closed_port_is_store_unavailable_on_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.connect(f"bolt://127.0.0.1:{port}", "neo4j", "pa55-word-not-shown")
    message = str(err.value)
    assert f"127.0.0.1:{port}" in message and "\n" not in message
    assert "pa55-word-not-shown" not in message


def test_a_wrong_password_is_store_unavailable_without_the_password(bolt_target: BoltTarget) -> None:
    wrong = bolt_target.password + "-wrong"
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.connect(bolt_target.uri, bolt_target.user, wrong, bolt_target.database)
    message = str(err.value)
    assert bolt_target.uri in message and "\n" not in message
    assert wrong not in message and bolt_target.password not in message


# -- row keys (no server) --------------------------------------------------------------------------


def test_row_keys_follow_content_not_order() -> None:
    training = two_counties().roster()["training"]
    keys = row_keys(training, "teacher_id").to_pylist()
    backwards = row_keys(training.take(np.arange(training.num_rows)[::-1]), "teacher_id").to_pylist()
    assert sorted(keys) == sorted(backwards)
    assert len(set(keys)) == len(keys)
    assert keys[0].startswith("T1:") and keys[0].endswith(":0") and keys[1].endswith(":1")
    assert keys[0].rsplit(":", 1)[0] == keys[1].rsplit(":", 1)[0]  # identical rows: same hash


def test_row_keys_tell_null_from_empty_and_see_every_column() -> None:
    table = pa.table({"teacher_id": ["T1"] * 4, "note": [None, "", "a", "a"],
                      "day": pa.array([1, 1, 1, 2], pa.date32())})
    hashes = [k.split(":")[1] for k in row_keys(table, "teacher_id").to_pylist()]
    assert len(set(hashes)) == 4


def test_connecting_ensures_the_constraints(bolt_target: BoltTarget, neo4j_store: Neo4jStore) -> None:
    """Constraints exist as soon as a store connects, before any load (here: dropped, then a
    new connection puts them back)."""
    wanted = {name.removeprefix("create_constraint_") for name in CONSTRAINTS}
    with GraphDatabase.driver(bolt_target.uri, auth=(bolt_target.user, bolt_target.password)) as driver:
        for name in wanted:
            driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_=bolt_target.database)
        t = bolt_target
        Neo4jStore.connect(t.uri, t.user, t.password, t.database).close()
        found = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name",
                                                         database_=bolt_target.database).records}
    assert wanted <= found


def test_reads_of_empty_tables_log_no_server_notifications(neo4j_store: Neo4jStore,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Neo4j notes each unknown relationship type or property a read names (a bundle without
    studios has no MEMBER_OF); the store turns those notes off rather than log them."""
    region = Region().teacher("T1", entry="2010-09-01").roster()
    neo4j_store.load(region)
    with caplog.at_level("INFO", logger="neo4j"):
        neo4j_store.facts_in(None)
        neo4j_store.facts_of("T1")
    assert [r for r in caplog.records if r.name.startswith("neo4j.notifications")] == []


def test_sessions_share_the_bookmarks_of_every_write(bolt_target: BoltTarget) -> None:
    """Read-your-writes across sessions: each session of a connection starts from the bookmarks
    of every write before it (one bookmark manager), so a read on another cluster member waits
    for the write. One server cannot show the wait; this shows the bookmarks travel."""
    t = bolt_target
    connection = transactions.connect(t.uri, t.user, t.password, t.database)
    try:
        assert connection.bookmarks.get_bookmarks() == set()
        with connection.session() as session:
            session.execute_write(lambda tx: tx.run("MERGE (p:BookmarkProbe {id: 1})").consume())
            written = set(session.last_bookmarks().raw_values)
        assert written and connection.bookmarks.get_bookmarks() == written
        count = "MATCH (p:BookmarkProbe) RETURN count(p) AS n"
        assert connection.read(lambda tx: tx.run(count).single(strict=True)["n"]) == 1
        connection.write(lambda tx: tx.run("MATCH (p:BookmarkProbe) DELETE p").consume())
        assert connection.bookmarks.get_bookmarks() not in (set(), written)  # the newest write's
    finally:
        connection.close()
