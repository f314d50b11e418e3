"""Every statement's plan on the real Neo4j (EXPLAIN, with the parameters its call site sent in a
workload through the store): no node label scan where a constraint could serve instead, and no
Eager in a load statement that is not explained here. Needs a real Neo4j (ArcadeDB plans
differently and reports no Neo4j operators): skipped on any other server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from neo4j import Driver, GraphDatabase

from talentgraph.store.cypher import query
from talentgraph.store.neo4j_store import CALLS, LOAD_PLANS, Neo4jStore
from talentgraph.synth import generate_region
from tests.cypher_lint.linter import generated
from tests.factories import AS_OF
from tests.integration.bolt_server import BoltTarget, server_agent
from tests.integration.statement_calls import Calls, exercise, recording
from tests.integration.test_neo4j_migrate import LAYOUT_1

pytestmark = pytest.mark.integration

# Node scans: every node of a label (or of all labels) read, where an index seek would find one.
LABEL_SCANS = frozenset({"NodeByLabelScan", "AllNodesScan", "UnionNodeByLabelsScan",
                         "IntersectionNodeByLabelsScan", "SubtractionNodeByLabelsScan",
                         "PartitionedNodeByLabelScan", "PartitionedAllNodesScan",
                         "PartitionedUnionNodeByLabelsScan", "PartitionedIntersectionNodeByLabelsScan",
                         "PartitionedSubtractionNodeByLabelsScan"})
# Statements that mean to visit every node of their labels: nothing narrower could serve.
WHOLE_LABEL_READS = {
    "match_orgs": "reads the whole org tree (a few thousand nodes at the largest)",
    "match_pipeline_roots": "the whole region's pipeline: its roots, orgs with no parent (a few thousand)",
    "delete_graph_nodes": "deletes every talentgraph node, a batch at a time",
    # talentgraph migrate, once per graph: version 1 training rows hold a content in kind, which
    # no index covers, so every Training node is looked at (the enrolments are found by type)
    "migrate_training_content": "a migration step: every Training node whose kind is a version 1 content",
    "count_training_legacy_kinds": "a migration's check: every Training node's kind",
    # talentgraph migrate to layout 2, once per graph: every Programme without its level edge
    "migrate_programme_levels": "a migration step: every Programme node without its AT_LEVEL edge",
    "match_round_ids": "every nomination round's id (a region has a handful)",
}
LOAD_STATEMENTS = frozenset({*(plan.statement for plan in LOAD_PLANS.values()), "merge_org_parents",
                             "merge_tiers", "merge_tier_links", "merge_levels", "merge_level_links",
                             "merge_bundle_meta"})
# Eager in a load statement, and why it is expected. The planner adds one when a statement may
# write a property it also reads, so it must read every row first: `SET x += row.props` writes
# properties it cannot name (the row's columns, extra columns included), and the statement reads
# properties (ids, keys) to MERGE and MATCH. The Eager holds one batch (at most 20,000 rows).
MAP_SET = "SET += row.props: properties the planner cannot name; it holds the batch first"
EXPECTED_EAGER: dict[str, str] = {
    name: MAP_SET for name in ("merge_orgs", "merge_teachers", "merge_titles", "merge_programmes",
                               "merge_training", "merge_mentorships", "merge_studios",
                               "merge_studio_members", "merge_studio_links", "merge_reviews",
                               "merge_postings", "merge_rounds", "merge_nominations", "merge_decisions",
                               "merge_round_events")
}


@pytest.fixture(scope="module")
def real_neo4j(bolt_target: BoltTarget) -> BoltTarget:
    agent = server_agent(bolt_target)
    if not agent.startswith("Neo4j/") or "compatible" in agent:
        pytest.skip(f"plans are Neo4j's: the server is {agent}")
    return bolt_target


@pytest.fixture(scope="module")
def calls(real_neo4j: BoltTarget) -> Calls:
    """Each statement with the parameters the store sent, over a 1,000-teacher region (so the
    planner's statistics look like a real graph's rather than an empty one's)."""
    t = real_neo4j
    store = Neo4jStore.connect(t.uri, t.user, t.password, t.database)

    def mark_version_1() -> None:
        with GraphDatabase.driver(t.uri, auth=(t.user, t.password)) as driver:
            driver.execute_query("MATCH (m:Meta {id: 'bundle'}) SET m.schema_version = null",
                                 database_=t.database)
            for statement in LAYOUT_1:  # and titles as HOLDS to a Tier: graph layout 1
                driver.execute_query(statement, database_=t.database)

    try:
        with recording() as recorded:
            exercise(store, generate_region(1000, seed=3), AS_OF, mark_version_1)
        store.clear()
    finally:
        store.close()
    return recorded


@pytest.fixture(scope="module")
def driver(real_neo4j: BoltTarget) -> Iterator[Driver]:
    with GraphDatabase.driver(real_neo4j.uri, auth=(real_neo4j.user, real_neo4j.password)) as d:
        yield d


def operators(plan: dict[str, Any]) -> Iterator[str]:
    yield plan["operatorType"].split("@")[0]
    for child in plan.get("children", []):
        yield from operators(child)


def explain(driver: Driver, database: str, name: str, params: dict[str, Any]) -> list[str]:
    sample = {k: v[:5] if k == "rows" else v for k, v in params.items()}  # the plan does not need them all
    with driver.session(database=database) as session:
        summary = session.run("EXPLAIN " + query(name), sample).consume()
    assert summary.plan is not None
    return list(operators(summary.plan))


def test_the_workload_runs_every_statement(calls: Calls) -> None:
    assert sorted(calls) == sorted(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_no_label_scan_where_an_index_serves(calls: Calls, driver: Driver, real_neo4j: BoltTarget,
                                             name: str) -> None:
    scans = [op for op in explain(driver, real_neo4j.database, name, calls[name][0]) if op in LABEL_SCANS]
    if name in WHOLE_LABEL_READS:
        assert scans, f"{name} no longer scans: drop it from WHOLE_LABEL_READS"
    else:
        assert scans == []


@pytest.mark.parametrize("name", sorted(LOAD_STATEMENTS))
def test_no_unexpected_eager_in_a_load(calls: Calls, driver: Driver, real_neo4j: BoltTarget,
                                       name: str) -> None:
    eager = "Eager" in explain(driver, real_neo4j.database, name, calls[name][0])
    assert eager == (name in EXPECTED_EAGER)


GENERATED = generated()


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_a_generated_sweep_statement_starts_from_an_index(calls: Calls, driver: Driver,
                                                           real_neo4j: BoltTarget, name: str) -> None:
    """The sweep statements (every target of every shipped policy, a whole region and one org):
    an org's sweep starts from the org's id (an index seek) and scans no label; a whole region's
    reads every teacher, so one plain label scan is what it should do, and nothing more (issue 14)."""
    text, parameters = GENERATED[name]
    with driver.session(database=real_neo4j.database) as session:
        summary = session.run("EXPLAIN " + text, parameters).consume()
    assert summary.plan is not None
    scans = [op for op in operators(summary.plan) if op in LABEL_SCANS]
    assert scans == (["NodeByLabelScan"] if name.endswith(":all") else []), f"{name}: {scans}"
