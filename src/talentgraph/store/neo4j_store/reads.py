"""Reading the graph: the facts eligibility needs, lineage, studio reach, the whole roster, counts.

Facts are gathered by traversal, one statement per table, all in one read transaction: the org
subtree (``PART_OF*0..3``), its teachers (``WORKS_AT``) and each event table through its
relationship from those teachers; one teacher's facts are one statement. Checks then run on the
same ``Facts`` the embedded store builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import neo4j
import numpy as np
import numpy.typing as npt
import pyarrow as pa

import talentgraph.store.neo4j_store.rows as rows
import talentgraph.store.neo4j_store.statements as statements
from talentgraph.domain.message import N_, message
from talentgraph.domain.network import Lineage, Relative, StudioReach
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import NotFound
from talentgraph.roster import Roster
from talentgraph.store.neo4j_store.statements import FACT_TABLES, READS
from talentgraph.store.neo4j_store.transactions import Connection
from talentgraph.store.roster_facts import facts_from_roster


def facts_in(connection: Connection, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]:
    """Facts of the teachers in the subtree of ``org_id`` (all when None), and the mask of those
    teachers. The facts may also hold leads of their studios, outside the mask."""
    facts = facts_from_roster(gather(connection, FACT_TABLES, org_id=org_id))  # NotFound if no such org
    return facts, facts.in_scope(None if org_id is None else facts.orgs.row_of(org_id))


def facts_of(connection: Connection, teacher_id: str) -> Facts:
    """Facts holding ``teacher_id`` (and the leads of the teacher's studios), with the orgs their
    rows name and every org above those: one statement, one round trip."""
    records = connection.read(statements.run, "match_teacher_facts", teacher_id=teacher_id)
    if not records:
        raise NotFound(message(N_("no teacher {id!r}"), id=teacher_id))
    found = records[0]
    present, _ = rows.meta(records)
    tables = {name: rows.table(name, found[name]) for name in ("orgs", *FACT_TABLES)}
    for name in ("teachers", "studios"):  # a lead may come twice, a studio too
        tables[name] = rows.first_per_id(tables[name])
    return facts_from_roster(Roster(tables, present))


def lineage(connection: Connection, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
    """Mentors up and mentees down to ``depth`` generations (domain/network.py), one statement per
    generation and direction, all in one read transaction."""
    return connection.read(_lineage, teacher_id, as_of, depth)


def studio_reach(connection: Connection, studio_id: str, as_of: dt.date) -> StudioReach:
    """Lead, members, their mentees and the schools they touch on ``as_of`` (domain/network.py)."""
    records = connection.read(statements.run, "match_studio_reach", studio_id=studio_id, as_of=as_of)
    if not records:
        raise NotFound(message(N_("no studio {id!r}"), id=studio_id))
    found = records[0]
    schools = dict(sorted((school_id, bool(rural)) for school_id, rural in found["schools"]))
    return StudioReach(studio_id=studio_id, as_of=as_of, lead_id=found["lead_id"],
                       members=sorted(found["members"]), mentees=sorted(found["mentees"]),
                       schools=list(schools), rural_schools=[i for i, rural in schools.items() if rural])


def roster(connection: Connection) -> Roster:
    """The whole graph as a Roster, extra columns included, rows in the bundle's order."""
    return gather(connection, tuple(READS), extras=True)


def counts(connection: Connection) -> dict[str, int]:
    """Nodes per label and relationships per type that talentgraph wrote (from the count store)."""
    records = [*connection.read(statements.run, "count_graph_nodes"),
               *connection.read(statements.run, "count_graph_relationships")]
    return {r["name"]: r["count"] for r in records}


def gather(connection: Connection, tables: tuple[str, ...], *, org_id: str | None = None,
           teacher_id: str | None = None, extras: bool = False) -> Roster:
    """The rows of ``tables`` for the teachers of an org subtree, or of one teacher; orgs whole."""
    fetched = connection.read(_fetch, tables, org_id, teacher_id, extras)
    built = {name: rows.table(name, found, fetched.extras.get(name, ()))
             for name, found in fetched.rows.items()}
    built["teachers"] = rows.first_per_id(built["teachers"])
    return Roster({"orgs": fetched.orgs, **built}, fetched.present)


def orgs_and_meta(tx: neo4j.ManagedTransaction
                  ) -> tuple[dict[str, tuple[str, ...]], pa.Table, frozenset[str]]:
    """Extra columns per file, the org table (with its extras) and the files present."""
    present, extras = rows.meta(statements.run(tx, "match_bundle_meta"))
    table = rows.table("orgs", rows.rows(statements.run(tx, "match_orgs", extras=[*extras.get("orgs", ())])),
                       extras.get("orgs", ()))
    return extras, table, present


# -- lineage, generation by generation -----------------------------------------------------------


def _lineage(tx: neo4j.ManagedTransaction, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
    if not statements.run(tx, "match_teacher_school", teacher_id=teacher_id):
        raise NotFound(message(N_("no teacher {id!r}"), id=teacher_id))
    return Lineage(teacher_id=teacher_id, as_of=as_of, depth=depth,
                   ancestors=_generations(tx, "match_mentors_of", teacher_id, as_of, depth),
                   descendants=_generations(tx, "match_mentees_of", teacher_id, as_of, depth))


def _generations(tx: neo4j.ManagedTransaction, statement: str, teacher_id: str, as_of: dt.date,
                 depth: int) -> list[Relative]:
    """Breadth first: a teacher first reached at step k is of generation k (the teacher itself,
    met again through a cycle, is never its own relative)."""
    seen, frontier, relatives = {teacher_id}, [teacher_id], []
    for generation in range(1, depth + 1):
        found = sorted({r["id"] for r in statements.run(tx, statement, ids=frontier, as_of=as_of)} - seen)
        if not found:
            break
        seen.update(found)
        relatives += [Relative(teacher_id=i, generation=generation) for i in found]
        frontier = found
    return relatives


# -- one transaction, one statement per table ----------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    present: frozenset[str]
    extras: dict[str, tuple[str, ...]]  # extra columns per file, when asked for
    orgs: pa.Table
    rows: dict[str, list[list[Any]]]  # per file: rows of values in column order


def _fetch(tx: neo4j.ManagedTransaction, tables: tuple[str, ...], org_id: str | None,
           teacher_id: str | None, with_extras: bool) -> _Fetched:
    present, extras = rows.meta(statements.run(tx, "match_bundle_meta"))
    extras = extras if with_extras else {}
    orgs = rows.table("orgs", rows.rows(statements.run(tx, "match_orgs", extras=[*extras.get("orgs", ())])),
                      extras.get("orgs", ()))
    org_ids = _scope(tx, orgs, org_id, teacher_id)
    found = {name: rows.rows(statements.run(tx, READS[name], org_ids=org_ids, teacher_id=teacher_id,
                                            extras=[*extras.get(name, ())]))
             for name in tables}
    return _Fetched(present, extras, orgs, found)


def _scope(tx: neo4j.ManagedTransaction, orgs: pa.Table, org_id: str | None,
           teacher_id: str | None) -> list[str]:
    """The org ids whose subtrees hold the teachers asked for."""
    if teacher_id is not None:
        schools = statements.run(tx, "match_teacher_school", teacher_id=teacher_id)
        if not schools:
            raise NotFound(message(N_("no teacher {id!r}"), id=teacher_id))
        return [schools[0]["school_id"]]
    ids: list[str] = orgs["id"].to_pylist()
    if org_id is None:  # every root: orgs whose parent is not in the graph
        known, parents = set(ids), orgs["parent_id"].to_pylist()
        return [i for i, parent in zip(ids, parents, strict=True) if parent not in known]
    if org_id not in ids:
        raise NotFound(message(N_("no org {id!r}"), id=org_id))
    return [org_id]
