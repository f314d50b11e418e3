"""The pipeline counted in the database (aggregate Cypher, ``Neo4jStore.pipeline_counts``) equals
the embedded store's (``eligibility/pipeline.py``) field for field: teachers, holders per
(track, tier, level), every step's holders, beyond and verdicts, TX-RATIO shares and every
obligation's owed / met / unknown / unmet, for every shipped policy, over the whole region and
one county, on the session's Bolt server (a real Neo4j when Java is on the machine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from talentgraph.access import Role
from talentgraph.eligibility.pipeline import pipeline
from talentgraph.errors import NotFound
from talentgraph.keys import Keys
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.roster import Roster
from talentgraph.services.questions import Questions
from talentgraph.services.scope import Scope
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore
from talentgraph.synth import generate_region
from tests.contract.test_decisions_quota import tx_county
from tests.factories import Region
from tests.judging import FULL
from tests.unit.test_rules_engine import famous_county

AS_OF = dt.date(2026, 9, 1)


def counties(roster: Roster) -> list[str]:
    orgs = roster["orgs"]
    return [o for o, kind in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
            if kind == "county"]


def agree(store: Neo4jStore, roster: Roster, as_of: dt.date = AS_OF) -> dict[str, int]:
    """Load ``roster``, compare every policy's pipeline over the region and its last county;
    how many of each figure were non-zero (so that agreeing is not agreeing on nothing)."""
    store.clear()
    store.load(roster)
    embedded = EmbeddedStore(roster)
    seen = {"teachers": 0, "holders": 0, "beyond": 0, "candidates": 0, "quotas": 0, "owed": 0, "met": 0}
    for scope in (None, counties(roster)[-1]):
        facts, inside = embedded.facts_in(scope)
        for name in builtin_policy_names():
            policy = load_policy(name)
            expected = pipeline(facts, inside, policy, as_of)
            assert store.pipeline_counts(policy, as_of, scope) == expected, (name, scope)
            seen["teachers"] += expected.teachers
            seen["holders"] += sum(expected.holders.values())
            seen["beyond"] += sum(s.beyond for s in expected.steps)
            seen["candidates"] += sum(s.eligible + s.review + s.ineligible for s in expected.steps)
            seen["quotas"] += sum(q.holders for q in expected.quotas)
            seen["owed"] += sum(d.owed for d in expected.obligations)
            seen["met"] += sum(d.met for d in expected.obligations)
    return seen


SMALL: dict[str, Callable[[], Roster]] = {
    # TX-RATIO's county region: leavers, an expired title, another county's holders
    "tx_county": lambda: tx_county().roster(FULL),
    # the funnel's own unit region: beyond by a higher level and by a higher tier
    "famous_county": lambda: (famous_county().teacher("T2").title("T2", "famous", "school", "2022-01-01")
                              .teacher("T3").title("T3", "backbone", "school", "2022-01-01").roster(FULL)),
    # not in post yet, left on a date, a title not yet awarded and one lapsed on the day before
    "edges": lambda: (Region().teacher("N1", entry="2026-09-02")
                      .title("N1", "backbone", "county", "2020-01-01")
                      .teacher("G1", status="left", left_on="2026-09-01")
                      .title("G1", "backbone", "county", "2020-01-01")
                      .teacher("G2", status="left", left_on="2026-09-02")
                      .title("G2", "backbone", "county", "2020-01-01")
                      .teacher("F1").title("F1", "backbone", "county", "2026-09-02")
                      .teacher("E1").title("E1", "backbone", "county", "2020-01-01", until="2026-08-31")
                      .teacher("E2").title("E2", "backbone", "county", "2020-01-01", until="2026-09-01")
                      .title("E2", "backbone", "county", "2021-01-01").roster(FULL)),
}


@pytest.mark.parametrize("name", SMALL)
def test_the_pipeline_in_cypher_equals_the_embedded_one_on_the_pipeline_tests_regions(
        neo4j_store: Neo4jStore, name: str) -> None:
    seen = agree(neo4j_store, SMALL[name]())
    assert seen["teachers"] and seen["holders"]


def test_the_pipeline_in_cypher_equals_the_embedded_one_on_a_generated_region(
        neo4j_store: Neo4jStore) -> None:
    """A generated region on a past date (hires after it not yet in post, titles not yet awarded);
    the differential test compares an 8,000-teacher region's on the test date."""
    seen = agree(neo4j_store, generate_region(2000, seed=7, as_of=AS_OF), dt.date(2024, 3, 1))
    assert all(seen.values()), seen


def test_the_service_counts_in_the_database_and_reads_no_facts(neo4j_store: Neo4jStore,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """``Questions.pipeline`` over a Neo4j store: the root the scope decides, counted in Cypher,
    no subtree's facts read into Python."""
    roster = tx_county().roster(FULL)
    neo4j_store.load(roster)
    embedded = EmbeddedStore(roster)
    county = counties(roster)[0]

    def no_facts(org_id: str | None) -> None:
        raise AssertionError("the pipeline read the facts of a subtree")

    monkeypatch.setattr(neo4j_store, "facts_in", no_facts)
    policy, planner = load_policy("tongxin"), Scope(Role.PLANNER, county, Keys.ephemeral())
    asked = Questions(neo4j_store, neo4j_store, policy).pipeline(planner, AS_OF)
    assert asked == Questions(embedded, embedded, policy).pipeline(planner, AS_OF)
    assert asked.quotas and asked.teachers


def test_an_org_not_in_the_graph_is_not_found(neo4j_store: Neo4jStore) -> None:
    neo4j_store.load(tx_county().roster(FULL))
    with pytest.raises(NotFound):
        neo4j_store.pipeline_counts(load_policy("jiangmen"), AS_OF, "NOPE")
