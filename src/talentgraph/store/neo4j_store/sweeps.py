"""Sweeps decided in the database: run the generated statement, compose the verdicts in Python.

``sweep`` runs ``sweep_statement`` for a target over an org subtree. Only the candidates' rows
cross the wire: per candidate its id, name, school on the date, the verdict, and one flat list
of each check's outcome code with the measures its reason is worded from (the compact rows).
They become the engine's ``Sweep`` (the same columns an embedded sweep has), so counts, order
and the wording of every verdict come from the same code as the embedded store's. Every check kind
has a Cypher form: no sweep reads the subtree's facts into Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any

import numpy as np
import pyarrow as pa

import talentgraph.store.neo4j_store.reads as reads
import talentgraph.store.neo4j_store.rows as rows
from talentgraph.domain.enums import Level, Stage, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.eligibility import engine
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.days import day_number
from talentgraph.eligibility.facts import Facts, Orgs, code_of
from talentgraph.policy.schema import CheckSpec, Policy
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store.statements import FACT_TABLES
from talentgraph.store.neo4j_store.sweep_statement import Statement, measures, sweep_statement
from talentgraph.store.neo4j_store.transactions import Connection
from talentgraph.store.roster_facts import facts_from_roster


def statement_for(policy: Policy, target: Target, as_of: dt.date, org_id: str | None, *,
                  evidence: bool = False) -> Statement:
    """The statement deciding ``target`` under ``policy``: the one ``sweep`` runs and the
    ``cypher`` command prints (NotFound if the policy lacks the target; NoCypherForm, naming it,
    for a check kind without a Cypher form). Its rows are compact (``outcomes``); with
    ``evidence`` (``cypher --evidence``: more than a sweep asks) each check's outcome comes as a
    map with its measures and the keys of the rows it rests on."""
    return sweep_statement(engine.rules_for(policy, target), target, as_of, org_id, policy=policy.name,
                           evidence=evidence, hours_per_day=policy.hours_per_day)


def sweep(connection: Connection, policy: Policy, target: Target, as_of: dt.date,
          org_id: str | None) -> engine.Sweep:
    """Verdicts for the candidates of ``target`` in the subtree of ``org_id`` (all when None)."""
    statement = statement_for(policy, target, as_of, org_id)
    found, orgs_table, present = connection.read(_run, statement)
    facts = _candidates(found, orgs_table, present)
    checks = list(engine.rules_for(policy, target).checks)
    ctx = Context(target, as_of, policy.hours_per_day, facts.orgs)
    done = _outcomes(checks, found, facts.orgs)
    n = len(found)
    verdict = engine._decide(checks, done, n)
    rows_by_id = {org_id: row for row, org_id in enumerate(facts.orgs.ids.tolist())}
    schools = np.fromiter((rows_by_id[r["school_id"]] for r in found), dtype=np.int32, count=n)
    return engine.Sweep(facts, policy, ctx, checks, np.arange(n, dtype=np.intp), done, verdict, schools,
                        holds_events=False)


def _run(tx: Any, statement: Statement) -> tuple[list[dict[str, Any]], pa.Table, frozenset[str]]:
    _, orgs_table, present = reads.orgs_and_meta(tx)
    found = [dict(zip(record.keys(), record.values(), strict=True))  # no deep copy: data() would
             for record in tx.run(statement.text, statement.parameters)]
    return found, orgs_table, present


def _candidates(found: list[dict[str, Any]], orgs_table: pa.Table, present: frozenset[str]) -> Facts:
    """Facts holding only the candidates' ids, names and current schools (for wording)."""
    teachers = rows.empty("teachers", ())
    columns = {name: pa.nulls(len(found), teachers.schema.field(name).type) for name in teachers.column_names}
    columns |= {"id": pa.array([r["teacher_id"] for r in found], pa.string()),
                "name": pa.array([r["name"] for r in found], pa.string()),
                "school_id": pa.array([r["school_id"] for r in found], pa.string())}
    tables = {name: rows.empty(name, ()) for name in FACT_TABLES}
    tables |= {"orgs": orgs_table, "teachers": pa.table(columns, schema=teachers.schema)}
    return facts_from_roster(Roster(tables, present))


# -- outcomes from the rows: each check's measures as the evaluator names them -------------------

Decode = Callable[[Any, Mapping[str, int]], float]  # a value, the org rows by id


def _number(missing: float) -> Decode:
    return lambda v, _: missing if v is None else float(v)


def _code(enum: type[Enum]) -> Decode:
    return lambda v, _: -1.0 if v is None else float(code_of(enum(v)))


def _org(v: Any, rows_by_id: Mapping[str, int]) -> float:
    return float(rows_by_id.get(v, -1)) if v is not None else -1.0


def _date(v: Any, _: Mapping[str, int]) -> float:
    return math.nan if v is None else float(day_number(dt.date.fromisoformat(v)))


PASS, UNKNOWN = 1, 2  # outcome codes (sweep_statement.OUTCOME_WORDS): 0 fail, 1 pass, 2 unknown
NAN, INF = _number(math.nan), _number(math.inf)
VALUES: dict[str, Mapping[str, Decode]] = {
    "holds_title": {"no_file": NAN, "off_org": _org, "own_org": _org, "off_tier": _code(Tier),
                    "off_level": _code(Level), "off_track": _code(Track)},
    "teaching_years": {"years": NAN},
    "annual_hours": {"hours": INF, "year": NAN, "no_data": NAN, "maybe": NAN},
    "window_hours": {"hours": NAN},
    "centralized_hours": {"hours": NAN},
    "probation_hours": {"total": NAN, "practice": NAN},
    "annual_review": {"good": NAN},
    "ethics_clear": {"year": NAN},
    "ethics_annual_consistent": {"year": NAN},
    "ethics_consecutive": {"year": NAN},
    "no_failed_training": {"last_fail": _date},
    "has_mentor": {"days": NAN},
    "stage_in": {"stage": _code(Stage)},
    "principal_tenure": {"years": NAN, "principal": NAN},
    "cycle_hours": {"total": NAN, "school": NAN, "single": NAN, "share": NAN},
    "semester_hours": {"hours": INF, "first": _date},
    "school_year_hours": {"exempt": NAN, "not_due": NAN, "public": NAN, "professional": NAN, "open": NAN,
                          "provincial": NAN},
}

# Where a measure sits in a compact row: (its name as the evaluator's, column, decoder); a route's
# part's outcome is two measures, ``<i>.passed`` and ``<i>.unknown``, decoded from its code.
Column = tuple[str, int, Decode | str]


def _layout(check: Any, at: int) -> tuple[list[Column], int]:
    """The measures of ``check`` whose code is in column ``at`` (``_compact``'s order), and the
    column after its last."""
    at += 1
    out: list[Column] = []
    if check.kind in ("any_of", "all_of"):
        for i, part in enumerate(check.checks):
            code = at
            inner, at = _layout(part, at)
            out += [(f"{i}.{name}", column, decode) for name, column, decode in inner]
            out += [(f"{i}.passed", code, "passed"), (f"{i}.unknown", code, "unknown")]
        return out, at
    decoders = VALUES.get(check.kind, {})
    for name in measures(check):
        out.append((name, at, decoders[name]))
        at += 1
    return out, at


def _outcomes(checks: list[CheckSpec], found: Sequence[Mapping[str, Any]], orgs: Orgs) -> list[Outcome]:
    """Each check's outcome over the candidates, from their compact rows (``outcomes``), a column
    at a time."""
    n = len(found)
    columns = list(zip(*(record["outcomes"] for record in found), strict=True)) if n else []
    rows_by_id = {org_id: row for row, org_id in enumerate(orgs.ids.tolist())}
    result, at = [], 0
    for check in checks:
        code = at
        layout, at = _layout(check, at)
        codes = np.fromiter(columns[code], dtype=np.int8, count=n) if n else np.zeros(0, np.int8)
        values: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
        for name, column, decode in layout:
            if isinstance(decode, str):  # a route's part: passed or unknown, from its code
                part = np.fromiter(columns[column], dtype=np.int8, count=n) if n else np.zeros(0, np.int8)
                values[name] = (part == (PASS if decode == "passed" else UNKNOWN)).astype(np.float64)
            else:
                values[name] = np.fromiter((decode(v, rows_by_id) for v in columns[column]) if n else (),
                                           dtype=np.float64, count=n)
        result.append(Outcome(codes == PASS, codes == UNKNOWN, values))
    assert not n or at == len(columns), "the compact rows and the checks disagree"
    return result
