"""The Neo4j store: the talent graph in Neo4j (or any Bolt + Cypher server).

Every statement lives in ``cypher/`` and runs through ``_run``, which checks that the call passes
exactly the parameters listed for it in ``CALLS`` (a unit test checks ``CALLS`` against the
files). The schema is ``domain/graph_schema.py``; a ``(:Meta {id: 'bundle'})`` node remembers
which files the loaded bundle had and its extra columns, and every row keeps its ``ordinal`` in
its file, so the graph gives the same Roster back, rows in the same order (explanations list
their evidence in that order, as the embedded store does).

Eligibility facts are gathered by traversal, one query per table: the org subtree
(``PART_OF*0..3``), its teachers (``WORKS_AT``) and each event table through its relationship
from those teachers. Checks then run on the same ``Facts`` the embedded store builds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from itertools import pairwise
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import neo4j
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from neo4j.exceptions import (
    AuthError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from talentgraph.domain.enums import Tier
from talentgraph.domain.network import Lineage, Relative, StudioReach
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION, SPECS
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import BundleError, NotFound, Problem, StoreUnavailable
from talentgraph.roster import Roster, arrow_schema
from talentgraph.store.changes import Change
from talentgraph.store.cypher import query
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.store.versions import needs_migration, written_by_newer

Progress = Callable[[str, int], None]
T = TypeVar("T")
U64 = npt.NDArray[np.uint64]

CLEAR_BATCH = 10_000
ATTEMPTS = 3  # tries of a transaction whose commit went unanswered (see _answered)
ORDINAL = "ordinal"  # property: the row's position in its bundle file
RESERVED = frozenset({"key", ORDINAL})  # properties the store writes besides the bundle's columns
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class LoadPlan:
    """How one bundle file is written: its statement and the shape of each row sent.

    Each row is ``{<ends>..., key?, props}``: ``ends`` are the columns the statement matches
    nodes by; ``props`` holds the properties to set (every column for a node table, the
    non-end columns for a relationship table, and the row's ``ordinal`` in its file). Tables
    without an id get a ``key``.
    """

    statement: str
    ends: tuple[str, ...]
    key_owner: str | None = None  # the key starts with this column; None: the table has ids
    node: bool = False


LOAD_PLANS: dict[str, LoadPlan] = {
    "orgs": LoadPlan("merge_orgs", ("id",), node=True),
    "teachers": LoadPlan("merge_teachers", ("id", "school_id"), node=True),
    "titles": LoadPlan("merge_titles", ("teacher_id", "tier"), "teacher_id"),
    "programmes": LoadPlan("merge_programmes", ("teacher_id", "tier", "level", "org_id"), "teacher_id"),
    "training": LoadPlan("merge_training", ("teacher_id",), "teacher_id", node=True),
    "mentorships": LoadPlan("merge_mentorships", ("mentor_id", "mentee_id"), "mentee_id"),
    "studios": LoadPlan("merge_studios", ("id", "lead_id", "host_org_id"), node=True),
    "studio_members": LoadPlan("merge_studio_members", ("studio_id", "teacher_id"), "teacher_id"),
    "studio_links": LoadPlan("merge_studio_links", ("studio_id", "school_id"), "studio_id"),
    "reviews": LoadPlan("merge_reviews", ("teacher_id",), "teacher_id", node=True),
    "postings": LoadPlan("merge_postings", ("teacher_id", "school_id"), "teacher_id"),
}

# Every table but orgs (always read whole) is read through the teachers in scope.
READS: dict[str, str] = {name: f"match_{name}_in_orgs" for name in FILE_ORDER if name != "orgs"}
FACT_TABLES = tuple(name for name in READS if name != "studio_links")  # eligibility never reads links
CONSTRAINTS = tuple(f"create_constraint_{key}" for key in (
    "org_id", "teacher_id", "studio_id", "tier_id", "programme_id", "training_key", "review_key", "meta_id"))

_ROWS, _NONE = frozenset({"rows"}), frozenset[str]()
_SCOPE = frozenset({"org_ids", "teacher_id", "extras"})
# The parameters each call site passes, per statement; ``_run`` enforces it.
CALLS: dict[str, frozenset[str]] = {
    **{name: _NONE for name in CONSTRAINTS},
    "merge_tiers": _ROWS,
    "merge_tier_links": _ROWS,
    "merge_bundle_meta": frozenset({"present", "extras", "schema_version"}),
    **{plan.statement: _ROWS for plan in LOAD_PLANS.values()},
    "merge_org_parents": _ROWS,
    "match_bundle_meta": _NONE,
    "match_schema_version": _NONE,
    # Upgrades of a graph of an earlier schema version (store/neo4j_migrate.py).
    "migrate_training_content": frozenset({"legacy", "batch_size"}),
    "count_training_legacy_kinds": frozenset({"legacy"}),
    "migrate_programme_type": frozenset({"type", "batch_size"}),
    "migrate_schema_version": frozenset({"version", "columns"}),
    "match_orgs": frozenset({"extras"}),
    "match_teacher_school": frozenset({"teacher_id"}),
    "match_teacher_facts": frozenset({"teacher_id"}),
    "match_mentors_of": frozenset({"ids", "as_of"}),
    "match_mentees_of": frozenset({"ids", "as_of"}),
    "match_studio_reach": frozenset({"studio_id", "as_of"}),
    **{statement: _SCOPE for statement in READS.values()},
    "delete_graph_nodes": frozenset({"batch_size"}),
    "count_graph_nodes": _NONE,
    "count_graph_relationships": _NONE,
    # The API's record reads and writes (store/neo4j_writes.py).
    "delete_org_parent": frozenset({"id"}),
    "delete_teacher_school": frozenset({"id"}),
    "delete_studio_lead": frozenset({"id"}),
    "delete_studio_host": frozenset({"id"}),
    **{f"delete_{name}_of_owner": frozenset({"owner_id", "keys"}) for name in (
        "titles", "programmes", "training", "mentorships", "studio_members", "studio_links", "reviews",
        "postings")},
    **{name: frozenset({"studio_ids", "extras"}) for name in (
        "match_studios_by_id", "match_studio_members_by_studio", "match_studio_links_by_studio")},
    "match_mentorships_by_mentor": frozenset({"teacher_id", "extras"}),
    "match_mentoring_path": frozenset({"from_id", "to_id"}),
    "match_schools_of_teachers": frozenset({"ids"}),
}


def _run(tx: neo4j.ManagedTransaction, name: str, /, **params: Any) -> list[neo4j.Record]:
    """Run ``cypher/<name>.cypher`` with exactly the parameters ``CALLS`` lists for it."""
    if frozenset(params) != CALLS[name]:
        raise TypeError(f"{name}: called with {sorted(params)}, the statement takes {sorted(CALLS[name])}")
    return list(tx.run(query(name), params))


def read_tx(session: neo4j.Session, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work`` in a managed read transaction (see ``_answered``)."""
    return _answered(session.execute_read, work, *args, **kwargs)


def write_tx(session: neo4j.Session, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work`` in a managed write transaction (see ``_answered``)."""
    return _answered(session.execute_write, work, *args, **kwargs)


def _answered(execute: Callable[..., Any], work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a managed transaction, and again when its COMMIT went unanswered. The driver retries
    other transient failures itself but raises IncompleteCommit then, since it cannot know
    whether the commit happened; reads change nothing, and every talentgraph write is a MERGE
    on a key or a delete by key, so running one again is safe."""
    for _ in range(ATTEMPTS - 1):
        try:
            return cast(T, execute(work, *args, **kwargs))
        except IncompleteCommit:
            pass
    return cast(T, execute(work, *args, **kwargs))


def _write(session: neo4j.Session, name: str, /, **params: Any) -> list[neo4j.Record]:
    return write_tx(session, _run, name, **params)


class Neo4jStore:
    """The talent graph in a Neo4j database, behind the ``TalentStore`` port.

    The driver is injected (``connect`` builds one from a URI). Reads and writes use managed
    transactions, which the driver retries on transient errors; every write is an idempotent
    MERGE, so a retried batch cannot double anything.
    """

    kind = "neo4j"
    durable = True  # every write is committed to the server

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j") -> None:
        self._driver = driver
        self._database = database
        self._where = "Neo4j"  # how errors name the server; connect() adds the URI

    @classmethod
    def connect(cls, uri: str, user: str, password: str, database: str = "neo4j", *,
                retry_seconds: float = 30.0, check_version: bool = True) -> Neo4jStore:
        """A store on a new driver for ``uri``; StoreUnavailable (never naming the password) if
        the server cannot be reached or refuses the credentials, or (unless not
        ``check_version``: migrations) if the graph is of another schema version. A transaction
        whose connection drops is retried on a new one for up to ``retry_seconds`` (the driver's
        default 30 s)."""
        where = _safe_uri(uri)
        if urlsplit(where).scheme not in BOLT_SCHEMES:  # the driver would try its HTTP preview
            raise StoreUnavailable(f"cannot use Neo4j at {where}: the URI must start with "
                                   f"{' or '.join(s + '://' for s in BOLT_SCHEMES)}")
        try:
            driver = neo4j.GraphDatabase.driver(uri, auth=(user, password),
                                                max_transaction_retry_time=retry_seconds)
        except (DriverError, Neo4jError, ValueError) as e:  # a malformed URI or bad settings
            raise StoreUnavailable(f"cannot use Neo4j at {where}: {_cause(e, password)}") from None
        try:
            driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError, ValueError) as e:
            driver.close()
            raise StoreUnavailable(f"cannot connect to Neo4j at {where}: {_cause(e, password)}") from None
        store = cls(driver, database)
        store._where = f"Neo4j at {where}"
        if check_version:
            try:
                store.check_schema_version(where)
            except BaseException:
                driver.close()
                raise
        return store

    def schema_version(self) -> int | None:
        """The graph's schema version: None when talentgraph has loaded nothing here."""
        with self._session() as session:
            records = read_tx(session, _run, "match_schema_version")
        return int(records[0]["version"] or 1) if records else None  # 0.1 recorded no version

    def check_schema_version(self, uri: str) -> None:
        """StoreUnavailable, saying how to migrate, unless the graph is empty or of this version."""
        found = self.schema_version()
        if found is not None and found > SCHEMA_VERSION:
            raise StoreUnavailable(written_by_newer(self._where, found))
        if found is not None and found < SCHEMA_VERSION:
            raise StoreUnavailable(needs_migration(self._where, found, uri))

    # -- writing -----------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Uniqueness constraints on every key, then the tier ladder; safe to repeat."""
        tiers = [{"id": t.value, "rank": t.rank} for t in Tier]
        links = [{"lower": a.value, "upper": b.value} for a, b in pairwise(Tier)]
        with self._session() as session:
            for name in CONSTRAINTS:  # schema changes go in their own transactions
                _write(session, name)
            _write(session, "merge_tiers", rows=tiers)
            _write(session, "merge_tier_links", rows=links)

    def load(self, roster: Roster, *, batch_size: int = 20_000, progress: Progress | None = None) -> None:
        """Merge ``roster`` into the graph, file by file, in transactions of ``batch_size`` rows.

        Idempotent: every node and relationship is MERGEd on a key (ids; for rows without one,
        ``row_keys``), so loading the same bundle again changes nothing. Each batch commits on
        its own: a load that fails part-way (bad data, server gone) leaves the batches before
        the failure in the graph, and running the same load again completes it. To swap a
        bundle for another, use ``replace``. ``progress(file, rows_written)`` follows each batch.
        """
        shaped = {name: _shape(name, roster[name]) for name in FILE_ORDER}  # fails before writing
        self.ensure_schema()
        with self._session() as session:
            _write(session, "merge_bundle_meta", present=sorted(roster.present),
                   extras=[f"{n}.{c}" for n in FILE_ORDER for c in _extras(n, roster[n])],
                   schema_version=SCHEMA_VERSION)
            for name in FILE_ORDER:
                done = partial(progress, name) if progress else None
                _write_batches(session, LOAD_PLANS[name].statement, shaped[name], batch_size, done)
                if name == "orgs":  # parents may come after their children: link them once all exist
                    _write_batches(session, "merge_org_parents", _org_parents(roster[name]), batch_size)

    def replace(self, roster: Roster) -> None:
        """Delete what talentgraph wrote, then load ``roster`` (not atomic: see ``load``)."""
        self.clear()
        self.load(roster)

    def clear(self) -> None:
        """Delete every node with a talentgraph label, and its relationships, in batches."""
        with self._session() as session:
            while _write(session, "delete_graph_nodes", batch_size=CLEAR_BATCH)[0]["deleted"]:
                pass

    # -- reading -----------------------------------------------------------------------------

    def facts_in(self, org_id: str | None) -> tuple[Facts, npt.NDArray[np.bool_]]:
        """Facts of the teachers in the subtree of ``org_id`` (all when None), and the mask of
        those teachers. The facts may also hold leads of their studios, outside the mask."""
        facts = facts_from_roster(self._gather(FACT_TABLES, org_id=org_id))  # NotFound if no such org
        return facts, facts.in_scope(None if org_id is None else facts.orgs.row_of(org_id))

    def facts_of(self, teacher_id: str) -> Facts:
        """Facts holding ``teacher_id`` (and the leads of the teacher's studios), with the orgs
        their rows name and every org above those: one statement, one round trip."""
        with self._session() as session:
            records = read_tx(session, _run, "match_teacher_facts", teacher_id=teacher_id)
        if not records:
            raise NotFound(f"no teacher {teacher_id!r}")
        found = records[0]
        present, _ = _meta(records)
        tables = {name: _table(name, found[name]) for name in ("orgs", *FACT_TABLES)}
        for name in ("teachers", "studios"):  # a lead may come twice, a studio too
            tables[name] = _first_per_id(tables[name])
        return facts_from_roster(Roster(tables, present))

    def lineage(self, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
        """Mentors up and mentees down to ``depth`` generations (domain/network.py), one
        statement per generation and direction, all in one read transaction."""
        with self._session() as session:
            return read_tx(session, _lineage, teacher_id, as_of, depth)

    def studio_reach(self, studio_id: str, as_of: dt.date) -> StudioReach:
        """Lead, members, their mentees and the schools they touch on ``as_of`` (domain/network.py)."""
        with self._session() as session:
            records = read_tx(session, _run, "match_studio_reach", studio_id=studio_id, as_of=as_of)
        if not records:
            raise NotFound(f"no studio {studio_id!r}")
        found = records[0]
        schools = dict(sorted((school_id, bool(rural)) for school_id, rural in found["schools"]))
        return StudioReach(studio_id=studio_id, as_of=as_of, lead_id=found["lead_id"],
                           members=sorted(found["members"]), mentees=sorted(found["mentees"]),
                           schools=list(schools), rural_schools=[i for i, rural in schools.items() if rural])

    def roster(self) -> Roster:
        """The whole graph as a Roster, extra columns included; row order is the server's."""
        return self._gather(tuple(READS), extras=True)

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type that talentgraph wrote."""
        with self._session() as session:
            records = [*read_tx(session, _run, "count_graph_nodes"),
                       *read_tx(session, _run, "count_graph_relationships")]
        return {r["name"]: r["count"] for r in records}

    def close(self) -> None:
        self._driver.close()

    # -- records, for the API: see neo4j_writes.py ---------------------------------------------

    def orgs(self) -> pa.Table:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.orgs(self)

    def rows_in(self, org_id: str | None, tables: Sequence[str]) -> Roster:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.rows_in(self, org_id, tables)

    def rows_of(self, teacher_ids: Sequence[str], tables: Sequence[str]) -> Roster:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.rows_of(self, teacher_ids, tables)

    def studio_rows(self, studio_ids: Sequence[str]) -> Roster:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.studio_rows(self, studio_ids)

    def mentored_by(self, teacher_id: str) -> pa.Table:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.mentored_by(self, teacher_id)

    def mentoring_path(self, from_id: str, to_id: str) -> bool:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.mentoring_path(self, from_id, to_id)

    def schools_of(self, teacher_ids: Sequence[str]) -> dict[str, str]:
        from talentgraph.store import neo4j_writes
        return neo4j_writes.schools_of(self, teacher_ids)

    def apply(self, changes: Sequence[Change]) -> None:
        from talentgraph.store import neo4j_writes
        neo4j_writes.apply(self, changes)

    def replace_atomic(self, roster: Roster) -> None:
        """Swap the graph for ``roster`` in one transaction (small bundles: the API's upload)."""
        from talentgraph.store import neo4j_writes
        neo4j_writes.replace_atomic(self, roster)

    # -- plumbing ----------------------------------------------------------------------------

    def _gather(self, tables: tuple[str, ...], *, org_id: str | None = None,
                teacher_id: str | None = None, extras: bool = False) -> Roster:
        with self._session() as session:
            fetched = read_tx(session, _fetch, tables, org_id, teacher_id, extras)
        built = {name: _table(name, rows, fetched.extras.get(name, ()))
                 for name, rows in fetched.rows.items()}
        built["teachers"] = _first_per_id(built["teachers"])
        return Roster({"orgs": fetched.orgs, **built}, fetched.present)

    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        try:
            with self._driver.session(database=self._database) as session:
                yield session
        except (ServiceUnavailable, SessionExpired, AuthError) as e:
            raise StoreUnavailable(f"lost {self._where}: {_cause(e)}") from None


# -- reading: lineage, generation by generation ---------------------------------------------------


def _lineage(tx: neo4j.ManagedTransaction, teacher_id: str, as_of: dt.date, depth: int) -> Lineage:
    if not _run(tx, "match_teacher_school", teacher_id=teacher_id):
        raise NotFound(f"no teacher {teacher_id!r}")
    return Lineage(teacher_id=teacher_id, as_of=as_of, depth=depth,
                   ancestors=_generations(tx, "match_mentors_of", teacher_id, as_of, depth),
                   descendants=_generations(tx, "match_mentees_of", teacher_id, as_of, depth))


def _generations(tx: neo4j.ManagedTransaction, statement: str, teacher_id: str, as_of: dt.date,
                 depth: int) -> list[Relative]:
    """Breadth first: a teacher first reached at step k is of generation k (the teacher itself,
    met again through a cycle, is never its own relative)."""
    seen, frontier, relatives = {teacher_id}, [teacher_id], []
    for generation in range(1, depth + 1):
        found = sorted({r["id"] for r in _run(tx, statement, ids=frontier, as_of=as_of)} - seen)
        if not found:
            break
        seen.update(found)
        relatives += [Relative(teacher_id=i, generation=generation) for i in found]
        frontier = found
    return relatives


# -- reading: one transaction, one query per table ---------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    present: frozenset[str]
    extras: dict[str, tuple[str, ...]]  # extra columns per file, when asked for
    orgs: pa.Table
    rows: dict[str, list[list[Any]]]  # per file: rows of values in column order


def _fetch(tx: neo4j.ManagedTransaction, tables: tuple[str, ...], org_id: str | None,
           teacher_id: str | None, with_extras: bool) -> _Fetched:
    present, extras = _meta(_run(tx, "match_bundle_meta"))
    extras = extras if with_extras else {}
    orgs = _table("orgs", _rows(_run(tx, "match_orgs", extras=[*extras.get("orgs", ())])),
                  extras.get("orgs", ()))
    org_ids = _scope(tx, orgs, org_id, teacher_id)
    rows = {name: _rows(_run(tx, READS[name], org_ids=org_ids, teacher_id=teacher_id,
                             extras=[*extras.get(name, ())]))
            for name in tables}
    return _Fetched(present, extras, orgs, rows)


def _rows(records: list[neo4j.Record]) -> list[list[Any]]:
    """The rows of records that each carry a list of rows (one record per school)."""
    return [row for record in records for row in record["rows"]]


def _meta(records: list[neo4j.Record]) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """Files present and extra columns per file, as the loads recorded them."""
    if not records:
        return frozenset(), {}
    extras: dict[str, tuple[str, ...]] = {}
    for item in records[0]["extras"] or ():
        name, column = item.split(".", 1)
        extras[name] = (*extras.get(name, ()), column)
    return frozenset(records[0]["present"] or ()), extras


def _scope(tx: neo4j.ManagedTransaction, orgs: pa.Table, org_id: str | None,
           teacher_id: str | None) -> list[str]:
    """The org ids whose subtrees hold the teachers asked for."""
    if teacher_id is not None:
        schools = _run(tx, "match_teacher_school", teacher_id=teacher_id)
        if not schools:
            raise NotFound(f"no teacher {teacher_id!r}")
        return [schools[0]["school_id"]]
    ids: list[str] = orgs["id"].to_pylist()
    if org_id is None:  # every root: orgs whose parent is not in the graph
        known, parents = set(ids), orgs["parent_id"].to_pylist()
        return [i for i, parent in zip(ids, parents, strict=True) if parent not in known]
    if org_id not in ids:
        raise NotFound(f"no org {org_id!r}")
    return [org_id]


def _table(name: str, rows: list[list[Any]], extras: Sequence[str] = ()) -> pa.Table:
    """Rows of values (ordinal, spec columns in order, then ``extras``) as a table with the file's
    schema, in the bundle's row order."""
    if not rows:  # most tables of one teacher's facts: skip building and sorting nothing
        return _empty(name, tuple(extras))
    fields = [pa.field(ORDINAL, pa.int64()), *arrow_schema(SPECS[name]),
              *(pa.field(c, pa.string()) for c in extras)]
    if len(rows[0]) != len(fields):
        raise RuntimeError(f"{name}: a query returned {len(rows[0])} columns for {len(fields)}")
    columns = list(zip(*rows, strict=True))
    table = pa.Table.from_arrays([_column(c, f.type) for c, f in zip(columns, fields, strict=True)],
                                 schema=pa.schema(fields))
    if len(rows) > 1:
        # Rows written by something else than load() have no ordinal: they go last.
        table = table.take(pc.sort_indices(table, [(ORDINAL, "ascending")]))  # nulls sort last
    return table.drop_columns([ORDINAL])


@cache
def _empty(name: str, extras: tuple[str, ...]) -> pa.Table:
    return pa.schema([*arrow_schema(SPECS[name]), *(pa.field(c, pa.string()) for c in extras)]).empty_table()


def _column(values: Sequence[Any], type_: pa.DataType) -> pa.Array:
    if pa.types.is_date32(type_):  # the queries send dates as ISO text: Arrow parses them in one pass
        return pa.array(values, pa.string()).cast(pa.date32())
    return pa.array(values, type=type_)


def _first_per_id(table: pa.Table) -> pa.Table:
    """Rows with an id seen before dropped (a studio lead can come twice)."""
    ids = np.asarray(table["id"].to_numpy(zero_copy_only=False), dtype=object)
    _, first = np.unique(ids, return_index=True)
    return table if first.size == table.num_rows else table.take(np.sort(first))


# -- writing: rows shaped by Arrow, keys hashed by numpy ---------------------------------------


def _write_batches(session: neo4j.Session, statement: str, rows: pa.Table, batch_size: int,
                   done: Callable[[int], None] | None = None) -> None:
    """One committed transaction per ``batch_size`` rows; ``done(rows so far)`` after each."""
    for offset in range(0, rows.num_rows, batch_size):
        batch = rows.slice(offset, batch_size).to_pylist()
        _write(session, statement, rows=batch)
        if done:
            done(offset + len(batch))


def _extras(name: str, table: pa.Table) -> list[str]:
    spec = SPECS[name].column_names
    return [c for c in table.column_names if c not in spec]


def _shape(name: str, table: pa.Table) -> pa.Table:
    """The rows as the statement takes them: ends, key (when the table has no id), props."""
    plan = LOAD_PLANS[name]
    extras = _extras(name, table)
    clashes = [Problem(name, None, c, "column name reserved by the Neo4j store")
               for c in extras if c in RESERVED]
    if clashes:
        raise BundleError(clashes)
    for column in extras:  # extra columns are kept as strings
        table = table.set_column(table.column_names.index(column), column, table[column].cast(pa.string()))
    columns: dict[str, pa.Array | pa.ChunkedArray] = {c: table[c] for c in plan.ends}
    if plan.key_owner:
        columns["key"] = row_keys(table, plan.key_owner)
    # The row's position is stored too, so reads give rows back in the bundle's order.
    table = table.append_column(ORDINAL, pa.array(np.arange(table.num_rows), pa.int64()))
    props = [c for c in table.column_names if plan.node or c not in plan.ends]
    columns["props"] = pa.StructArray.from_arrays([table[c].combine_chunks() for c in props], names=props)
    return pa.table(columns)


def _org_parents(orgs: pa.Table) -> pa.Table:
    return orgs.select(["id", "parent_id"]).filter(pc.is_valid(orgs["parent_id"]))


_FNV_OFFSET, _FNV_PRIME = np.uint64(0xCBF29CE484222325), np.uint64(0x100000001B3)
_NULL_WORD = np.uint64(0x9E3779B97F4A7C15)


def row_keys(table: pa.Table, owner: str) -> pa.Array:
    """``<owner>:<content hash>:<occurrence>`` per row, e.g. ``T1:8461…:0``.

    The hash covers every column, so the same rows get the same keys in any order; identical
    rows of one owner are told apart by their occurrence (0, 1, ...) in table order.
    """
    digest = _row_hash(table)
    return pc.binary_join_element_wise(
        table[owner].combine_chunks(),
        pa.array(digest).cast(pa.string()),
        pa.array(_occurrence(digest)).cast(pa.string()),
        ":",
    )


def _row_hash(table: pa.Table) -> U64:
    digest = np.full(table.num_rows, _FNV_OFFSET, dtype=np.uint64)
    for column in table.columns:
        digest = _mix(digest ^ _value_hash(column.combine_chunks()))
    return digest


def _value_hash(values: pa.Array) -> U64:
    """A 64-bit hash of each value (one fixed word for nulls)."""
    if pa.types.is_string(values.type):
        encoded = pc.dictionary_encode(values)  # hash each distinct string once
        distinct = _fnv1a(encoded.dictionary)
        codes = np.asarray(pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False))
        words = distinct[codes] if distinct.size else np.zeros(len(values), np.uint64)
    elif pa.types.is_floating(values.type):
        words = _numbers(values, np.float64).view(np.uint64)
    else:  # dates, integers, booleans
        as_int = values.cast(pa.int32()) if pa.types.is_date32(values.type) else values.cast(pa.int64())
        words = _numbers(as_int, np.int64).view(np.uint64)
    nulls = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    return np.where(nulls, _NULL_WORD, _mix(words))


def _numbers(values: pa.Array, dtype: type[np.generic]) -> npt.NDArray[Any]:
    return np.asarray(pc.fill_null(values, 0).to_numpy(zero_copy_only=False)).astype(dtype)


def _fnv1a(strings: pa.Array) -> U64:
    """64-bit FNV-1a of each string's UTF-8 bytes: one numpy pass per byte position."""
    binary = strings.cast(pa.large_binary())
    _, offsets_buffer, data_buffer = binary.buffers()
    offsets = np.frombuffer(offsets_buffer, np.int64)[binary.offset: binary.offset + len(binary) + 1]
    data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    start, length = offsets[:-1], np.diff(offsets)
    digest = np.full(len(binary), _FNV_OFFSET, dtype=np.uint64)
    for position in range(int(length.max(initial=0))):
        live = np.flatnonzero(length > position)
        digest[live] = (digest[live] ^ data[start[live] + position]) * _FNV_PRIME
    return digest


def _mix(x: U64) -> U64:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _occurrence(digest: U64) -> npt.NDArray[np.int64]:
    """For each row, how many earlier rows have the same digest."""
    n = digest.shape[0]
    order = np.argsort(digest, kind="stable")
    ranked = digest[order]
    run_starts = np.ones(n, dtype=bool)
    run_starts[1:] = ranked[1:] != ranked[:-1]
    first_of_run = np.maximum.accumulate(np.where(run_starts, np.arange(n), 0))
    occurrence = np.empty(n, dtype=np.int64)
    occurrence[order] = np.arange(n) - first_of_run
    return occurrence


# -- helpers -------------------------------------------------------------------------------------


def canonical(roster: Roster) -> Roster:
    """``roster`` with every table's rows sorted by all its columns, to compare rosters whose
    row order differs (a store returns rows in its own order)."""
    tables = {name: t.sort_by([(c, "ascending") for c in t.column_names])
              for name, t in roster.tables.items()}
    return Roster(tables, roster.present)


def _safe_uri(uri: str) -> str:
    """The URI without any user:password@ part."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "<malformed uri>"
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _cause(error: Exception, secret: str = "") -> str:
    """The error on one line, with the password masked should the driver ever quote it."""
    detail = error.message if isinstance(error, Neo4jError) and error.message else str(error)
    text = " ".join(detail.split()) or "no detail"
    if secret:
        text = text.replace(secret, "***")
    return f"{type(error).__name__}: {text}"
