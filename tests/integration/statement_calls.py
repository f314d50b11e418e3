"""Every statement of the Neo4j store as its call sites run it: a workload through the store's
public methods (load, reads, record reads, every kind of write) with each ``cypher/`` statement's
parameters recorded on the way, so plans are looked at with the values the store really sends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow.compute as pc

import talentgraph.store.neo4j_store.statements as statements
from talentgraph.policy.load import load_policy
from talentgraph.roster import Roster
from talentgraph.store.changes import NODE_TABLES, OWNER, Change
from talentgraph.store.neo4j_store import Neo4jStore

Calls = dict[str, list[dict[str, Any]]]  # statement -> the parameters of each call, in order


@contextmanager
def recording() -> Iterator[Calls]:
    """Record every statement the store runs (through ``statements.run``) while the block runs."""
    calls: Calls = {}
    original = statements.run

    def run(tx: Any, name: str, /, **params: Any) -> Any:
        calls.setdefault(name, []).append(params)
        return original(tx, name, **params)

    statements.run = run  # type: ignore[assignment]
    try:
        yield calls
    finally:
        statements.run = original  # type: ignore[assignment]


def exercise(store: Neo4jStore, roster: Roster, as_of: dt.date, mark_version_1: Callable[[], None]) -> None:
    """Call every statement at least once: load, every read, every record read and write, and a
    migration (``mark_version_1`` records schema version 1 on the loaded graph, as 0.1 left it)."""
    roster = _with_a_round(roster)
    store.clear()
    store.load(roster)
    store.counts()
    store.schema_version()
    mark_version_1()
    store.migrate()
    teachers = roster["teachers"]["id"].to_pylist()
    first_mentorship = roster["mentorships"].slice(0, 1).to_pylist()[0]
    mentor, mentee = first_mentorship["mentor_id"], first_mentorship["mentee_id"]
    studio = roster["studios"]["id"][0].as_py()
    county = next(o["id"] for o in roster["orgs"].to_pylist() if o["kind"] == "county")
    store.facts_in(None)
    store.facts_in(county)
    for policy in ("tongxin", "wenzhou"):  # TX-RATIO's shares; WZ-BACKBONE's duty
        store.pipeline_counts(load_policy(policy), as_of, county)
        store.pipeline_counts(load_policy(policy), as_of, None)
    store.facts_of(mentee)
    store.lineage(mentee, as_of, 3)
    store.studio_reach(studio, as_of)
    store.roster()
    store.orgs()
    store.rows_in(county, ["titles"])
    store.rows_of([mentor, mentee], list(OWNER))
    store.studio_rows([studio])
    store.mentored_by(mentor)
    store.mentoring_path(mentor, mentee)
    store.schools_of(teachers[:3])
    store.round_rows(None)
    store.round_rows(["R0001"])
    store.apply([_same_rows(roster, table) for table in OWNER])  # each kind of write, changing nothing
    store.replace_atomic(roster)


def _same_rows(roster: Roster, table: str) -> Change:
    """A change of ``table`` that writes one owner's rows as they are."""
    rows = roster[table]
    owner = rows[OWNER[table]][0].as_py()
    owned = rows.filter(pc.equal(rows[OWNER[table]], owner))
    return Change(table, owner, owned.slice(0, 1) if table in NODE_TABLES else owned)


def _with_a_round(roster: Roster) -> Roster:
    """The roster with one nomination round (a nomination, a decision, the audit events), run by
    its first county, so the round statements run too."""
    import pyarrow as pa

    from talentgraph.domain.tables import ROUND_TABLES, SPECS
    from talentgraph.roster import arrow_schema

    if roster.count("rounds"):
        return roster
    county = next(o["id"] for o in roster["orgs"].to_pylist() if o["kind"] == "county")
    teacher = next(t["id"] for t in roster["teachers"].to_pylist() if t["school_id"].startswith(county))
    day, at = dt.date(2026, 3, 1), "2026-03-01T09:00:00+00:00"
    rows = {
        "rounds": [{"id": "R0001", "tier": "backbone", "level": "county", "track": "teacher",
                    "org_id": county, "quota": 1, "opens_on": day, "closes_on": None, "as_of": day,
                    "policy": "reference", "policy_hash": "sha256:0", "certified_on": None}],
        "nominations": [{"id": "R0001-N0001", "round_id": "R0001", "teacher_id": teacher,
                         "nominated_by": "admin", "verdict": "{}"}],
        "decisions": [{"round_id": "R0001", "seq": 1, "nomination_id": "R0001-N0001", "outcome": "approve",
                       "waived": None, "reason": "ok", "approver": "admin", "decided_at": at,
                       "verdict": "{}"}],
        "round_events": [{"round_id": "R0001", "seq": seq, "at": at, "actor": "admin", "action": action,
                          "teacher_id": about, "detail": "{}"}
                         for seq, (action, about) in enumerate((("open", None), ("nominate", teacher)), 1)],
    }
    tables = dict(roster.tables)
    for name in ROUND_TABLES:
        tables[name] = pa.Table.from_pylist(rows[name], schema=arrow_schema(SPECS[name]))
    return Roster(tables, roster.present | set(ROUND_TABLES))
