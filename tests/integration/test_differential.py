"""Differential test: a generated region of 8,000 teachers (two counties) gets identical
verdicts, failing rules and unknown rules for every target of every builtin policy from
the embedded store and from the Bolt store - for the whole region and for one county, from the
facts the store reads and from the sweep it decides in Cypher (with every check's reason) -,
identical pipelines (counted by aggregate Cypher on the Bolt store) for every policy, and
identical mentorship lineages and studio reach (networkx there, Cypher here)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable

from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import VERDICTS, Sweep, sweep
from talentgraph.eligibility.pipeline import pipeline
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.schema import Policy
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import Neo4jStore
from talentgraph.synth import generate_region
from tests.integration.test_neo4j_store import sweep_answers

AS_OF = dt.date(2026, 9, 1)
TEACHERS = 8_000  # about two counties' worth (the generator makes a county per ~4,000)
WORDED = 7  # every 7th candidate's reasons are compared too (wording all 8,000 of each target is slow)

Decided = dict[str, dict[str, tuple[object, ...]]]


def decided(sweep_of: Callable[[Policy, Target], Sweep]) -> Decided:
    """Per policy and target: each candidate's verdict, failed and unknown rules, and (every
    ``WORDED``-th by id) every check's reason."""
    out: Decided = {}
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers():
            found = sweep_of(policy, target)
            ids = [str(i) for i in found.facts.teacher_ids[found.rows]]
            out[f"{name}:{target}"] = {
                ids[k]: (VERDICTS[found.verdict[k]].value, found.failed_rules(k),
                         tuple(c.rule for c, o in zip(found.checks, found.outcomes, strict=True)
                               if o.unknown[k]),
                         tuple(c.reason for c in found.verdict_at(k).checks)
                         if zlib.crc32(ids[k].encode()) % WORDED == 0 else ())
                for k in range(len(ids))}
    return out


def test_embedded_and_bolt_stores_agree_on_every_answer(neo4j_store: Neo4jStore) -> None:
    roster = generate_region(TEACHERS, seed=2026, as_of=AS_OF)
    counties = [oid for oid, kind in zip(roster["orgs"]["id"].to_pylist(),
                                          roster["orgs"]["kind"].to_pylist(), strict=True)
                if kind == "county"]
    assert len(counties) >= 2, "the region should span several counties"
    neo4j_store.load(roster)
    embedded = EmbeddedStore(roster)
    for scope in (None, counties[-1]):
        expected = sweep_answers(*embedded.facts_in(scope), AS_OF)
        assert sweep_answers(*neo4j_store.facts_in(scope), AS_OF) == expected, f"scope {scope}"
        assert sum(len(verdicts) for verdicts in expected.values()) > TEACHERS // 2
        # decided in the database: every check kind in Cypher, wenzhou's and luoerling's included
        facts, inside = embedded.facts_in(scope)
        embedded_sweeps = decided(lambda p, t: sweep(facts, p, t, AS_OF, inside))  # noqa: B023
        in_cypher = decided(lambda p, t: neo4j_store.sweep(p, t, AS_OF, scope))  # noqa: B023
        assert in_cypher == embedded_sweeps, f"scope {scope}"
        for policy in ("wenzhou", "luoerling"):  # their hours checks have candidates to decide
            assert sum(len(v) for k, v in embedded_sweeps.items() if k.startswith(f"{policy}:")) > 100
        # the pipeline counted by aggregate Cypher, figure for figure
        for name in builtin_policy_names():
            policy = load_policy(name)
            expected_pipeline = pipeline(facts, inside, policy, AS_OF)
            assert neo4j_store.pipeline_counts(policy, AS_OF, scope) == expected_pipeline, (name, scope)

    # Lineage: every studio lead (the deep trees) and a spread of other teachers.
    leads = sorted(set(roster["studios"]["lead_id"].to_pylist()))
    others = roster["teachers"]["id"].to_pylist()[::97]
    assert len(leads) > 10
    for teacher in leads + others:
        assert neo4j_store.lineage(teacher, AS_OF, 4) == embedded.lineage(teacher, AS_OF, 4), teacher
    assert any(embedded.lineage(t, AS_OF, 4).descendants_per_generation.get(2) for t in leads)
    # Studio reach of every studio, today and on a past day when fewer had joined.
    for day in (AS_OF, dt.date(2023, 3, 1)):
        for studio in roster["studios"]["id"].to_pylist():
            assert neo4j_store.studio_reach(studio, day) == embedded.studio_reach(studio, day), (studio, day)
