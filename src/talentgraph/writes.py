"""Writing records for the API: each write is validated like a bundle, then stored all or nothing.

A write becomes ``Change``s (store/changes.py): the complete new rows of one table for one
owner. Before anything is stored, the change is applied to the part of the graph it touches
(every org, the teachers and studios its rows refer to, the owner's current rows) and that
part is checked with the bundle validator, the same rules ``talentgraph load`` applies (ids,
enums, dates, references, org kinds, date order, results that fit the review kind, ...). Any
problem raises ``BundleError`` and nothing is written. Conflicts with what is stored (an id
taken, a record already there, a mentorship that would close a cycle, a member added twice)
raise ``Conflict``.

Scope: ``scope`` is the org whose subtree the caller may write (None: all). A path id outside it
is ``NotFound``; an id in the body that points outside it is reported exactly like an id that
does not exist (a 422 problem), so nothing leaks about other subtrees.

Writes are serialised in this process (one lock), so a check and its write cannot interleave
with another write through the same server.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import BaseModel, ValidationError

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.read import RawBundle, RawTable
from talentgraph.bundle.validate import validate
from talentgraph.bundle.write import as_text
from talentgraph.domain.enums import Status
from talentgraph.domain.models import Mentorship, Org, Studio, StudioLink, StudioMember, Teacher
from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.errors import BundleError, Conflict, NotFound, Problem
from talentgraph.orgtree import OrgTree
from talentgraph.records import get_teacher, org_tree, studio_roster, visible_org
from talentgraph.records_model import record_ids, row_of
from talentgraph.roster import Roster, empty_table
from talentgraph.store.changes import OWNER, Change, apply_changes
from talentgraph.store.protocol import TalentStore

_LOCK = threading.Lock()


def _today() -> dt.date:
    return dt.date.today()


# -- orgs ------------------------------------------------------------------------------------


def create_org(store: TalentStore, org: Org, scope: str | None) -> Org:
    with _LOCK:
        tree = org_tree(store)
        if org.id in tree.orgs:
            raise Conflict(f"org id {org.id!r} is taken")
        if scope is not None:  # a scoped caller adds orgs under its subtree only
            _org_ref(tree, "orgs", "parent_id", org.parent_id or "", scope, below_only=True)
        _commit(store, [_node_change("orgs", store.orgs(), org)], _context_orgs(store))
        return org


def update_org(store: TalentStore, org_id: str, org: Org, scope: str | None) -> Org:
    with _LOCK:
        tree = org_tree(store)
        old = visible_org(tree, org_id, scope)
        if org.id != org_id:
            raise BundleError([Problem("orgs", None, "id", "the id of an org cannot change")])
        if org.kind is not old.kind:  # teachers, postings and links point at schools by kind
            raise BundleError([Problem("orgs", None, "kind", "the kind of an org cannot change")])
        if scope is not None and org.parent_id != old.parent_id:
            if org_id == scope:
                raise BundleError([Problem("orgs", None, "parent_id", "your own root org cannot move")])
            _org_ref(tree, "orgs", "parent_id", org.parent_id or "", scope, below_only=True)
        _commit(store, [_node_change("orgs", store.orgs(), org)], _context_orgs(store))
        return org


def _context_orgs(store: TalentStore) -> Roster:
    return Roster({"orgs": store.orgs()})


# -- teachers --------------------------------------------------------------------------------


def create_teacher(store: TalentStore, teacher: Teacher, scope: str | None) -> Teacher:
    with _LOCK:
        tree = org_tree(store)
        if store.rows_of([teacher.id], ("teachers",))["teachers"].num_rows:
            raise Conflict(f"teacher id {teacher.id!r} is taken")
        _org_ref(tree, "teachers", "school_id", teacher.school_id, scope, below_only=True)
        context = _context(store, "teachers", teacher.id, [])
        _commit(store, [_node_change("teachers", context["teachers"], teacher)], context)
        return teacher


def update_teacher(store: TalentStore, teacher_id: str, fields: dict[str, Any], scope: str | None) -> Teacher:
    """Change some fields of a teacher (``fields``: column -> new value; the id cannot change)."""
    with _LOCK:
        tree = org_tree(store)
        old = get_teacher(store, teacher_id, scope, tree)
        new = _revalidate(Teacher, old.model_dump() | fields, "teachers")
        assert isinstance(new, Teacher)
        if new.school_id != old.school_id:
            _org_ref(tree, "teachers", "school_id", new.school_id, scope, below_only=True)
        context = _context(store, "teachers", teacher_id, [])
        _commit(store, [_node_change("teachers", context["teachers"], new)], context)
        return new


def deactivate_teacher(store: TalentStore, teacher_id: str, status: Status, scope: str | None) -> Teacher:
    if status is Status.ACTIVE:
        raise BundleError([Problem("teachers", None, "status", "deactivating sets status left or retired")])
    return update_teacher(store, teacher_id, {"status": status}, scope)


# -- records a teacher owns (titles, programmes, training, reviews, postings) ------------------


def add_record(store: TalentStore, table: str, record: BaseModel, scope: str | None) -> str:
    """Store a new row of ``table`` for its teacher; returns its record id."""
    owner = getattr(record, OWNER[table])
    with _LOCK:
        tree = org_tree(store)
        get_teacher(store, owner, scope, tree)
        _check_refs(store, tree, table, record, scope)
        context = _context(store, table, owner, [record])
        current = context[table].to_pylist()
        row = row_of(table, record)
        _refuse_repeats(table, current, row)
        new_rows = [*current, row]
        _commit(store, [_owned_change(table, owner, context[table], new_rows)], context)
        return record_ids(table, new_rows)[-1]


def delete_record(store: TalentStore, table: str, owner: str, record_id: str, scope: str | None) -> None:
    with _LOCK:
        tree = org_tree(store)
        get_teacher(store, owner, scope, tree)
        context = _context(store, table, owner, [])
        current = context[table].to_pylist()
        ids = record_ids(table, current)
        if record_id not in ids:
            raise NotFound(f"no {table} record {record_id!r} of teacher {owner!r}")
        kept = [row for row, rid in zip(current, ids, strict=True) if rid != record_id]
        _commit(store, [_owned_change(table, owner, context[table], kept)], context)


def _refuse_repeats(table: str, current: list[dict[str, Any]], row: dict[str, Any]) -> None:
    columns = SPECS[table].column_names
    if any(all(old.get(c) == row.get(c) for c in columns) for old in current):
        raise Conflict(f"this {table} record is already stored")
    key = SPECS[table].key
    if key and any(all(old.get(c) == row.get(c) for c in key) for old in current):
        raise Conflict(f"a {table} record with the same {', '.join(key)} is already stored")


# -- mentorships -----------------------------------------------------------------------------


def add_mentorship(store: TalentStore, mentorship: Mentorship, scope: str | None) -> str:
    """A new mentorship (owned by the mentee); Conflict if it would close a cycle."""
    with _LOCK:
        tree = org_tree(store)
        _teacher_ref(store, tree, "mentorships", "mentee_id", mentorship.mentee_id, scope)
        _check_refs(store, tree, "mentorships", mentorship, scope)
        if mentorship.mentor_id != mentorship.mentee_id and store.mentoring_path(
                mentorship.mentee_id, mentorship.mentor_id):
            raise Conflict(f"{mentorship.mentee_id!r} already mentors {mentorship.mentor_id!r} "
                           "(directly or through mentees): this mentorship would close a cycle")
        context = _context(store, "mentorships", mentorship.mentee_id, [mentorship])
        current = context["mentorships"].to_pylist()
        row = row_of("mentorships", mentorship)
        _refuse_repeats("mentorships", current, row)
        new_rows = [*current, row]
        _commit(store, [_owned_change("mentorships", mentorship.mentee_id, context["mentorships"], new_rows)],
                context)
        return record_ids("mentorships", new_rows)[-1]


# -- studios and members -------------------------------------------------------------------


def create_studio(store: TalentStore, studio: Studio, scope: str | None) -> Studio:
    with _LOCK:
        tree = org_tree(store)
        if store.studio_rows([studio.id])["studios"].num_rows:
            raise Conflict(f"studio id {studio.id!r} is taken")
        _check_refs(store, tree, "studios", studio, scope)
        context = _context(store, "studios", studio.id, [studio])
        _commit(store, [_node_change("studios", context["studios"], studio)], context)
        return studio


def update_studio(store: TalentStore, studio_id: str, studio: Studio, scope: str | None) -> Studio:
    with _LOCK:
        tree = org_tree(store)
        studio_roster(store, studio_id, scope)
        if studio.id != studio_id:
            raise BundleError([Problem("studios", None, "id", "the id of a studio cannot change")])
        _check_refs(store, tree, "studios", studio, scope)
        context = _context(store, "studios", studio.id, [studio])
        _commit(store, [_node_change("studios", context["studios"], studio)], context)
        return studio


def add_member(store: TalentStore, member: StudioMember, scope: str | None) -> StudioMember:
    """A teacher joins a studio; Conflict if already a member (an open membership)."""
    with _LOCK:
        tree = org_tree(store)
        studio_roster(store, member.studio_id, scope)
        _teacher_ref(store, tree, "studio_members", "teacher_id", member.teacher_id, scope)
        context = _context(store, "studio_members", member.teacher_id, [member])
        current = context["studio_members"].to_pylist()
        if any(r["studio_id"] == member.studio_id and r["left_on"] is None for r in current):
            raise Conflict(f"{member.teacher_id!r} is already a member of studio {member.studio_id!r}")
        row = row_of("studio_members", member)
        _refuse_repeats("studio_members", current, row)
        _commit(store, [_owned_change("studio_members", member.teacher_id, context["studio_members"],
                                      [*current, row])], context)
        return member


def end_membership(store: TalentStore, studio_id: str, teacher_id: str, left_on: dt.date,
                   scope: str | None) -> StudioMember:
    """The member leaves the studio on ``left_on`` (the open membership gets its end)."""
    with _LOCK:
        studio_roster(store, studio_id, scope)
        context = _context(store, "studio_members", teacher_id, [])
        current = context["studio_members"].to_pylist()
        open_rows = [r for r in current if r["studio_id"] == studio_id and r["left_on"] is None]
        if not open_rows or not org_tree(store).within(_school_of(context, teacher_id), scope):
            raise NotFound(f"{teacher_id!r} is not a current member of studio {studio_id!r}")
        ended = [r | {"left_on": left_on} if r is open_rows[0] else r for r in current]
        _commit(store, [_owned_change("studio_members", teacher_id, context["studio_members"], ended)],
                context)
        return StudioMember(studio_id=studio_id, teacher_id=teacher_id, joined_on=open_rows[0]["joined_on"],
                            left_on=left_on)


def add_link(store: TalentStore, link: StudioLink, scope: str | None) -> StudioLink:
    with _LOCK:
        tree = org_tree(store)
        studio_roster(store, link.studio_id, scope)
        _check_refs(store, tree, "studio_links", link, scope)
        context = _context(store, "studio_links", link.studio_id, [link])
        current = context["studio_links"].to_pylist()
        row = row_of("studio_links", link)
        _refuse_repeats("studio_links", current, row)
        _commit(store, [_owned_change("studio_links", link.studio_id, context["studio_links"],
                                      [*current, row])], context)
        return link


# -- bulk ------------------------------------------------------------------------------------


def replace_with_bundle(store: TalentStore, bundle: Path, today: dt.date | None = None) -> Roster:
    """Validate a whole bundle (``BundleError`` with every problem), then swap the store for it."""
    roster = load_bundle(bundle, today=today or _today())
    with _LOCK:
        store.replace_atomic(roster)
    return roster


# -- plumbing --------------------------------------------------------------------------------


def _revalidate(model: type[BaseModel], values: dict[str, Any], table: str) -> BaseModel:
    try:
        return model.model_validate(values)
    except ValidationError as e:
        raise BundleError([Problem(table, None, ".".join(str(p) for p in err["loc"]) or None, err["msg"])
                           for err in e.errors()]) from None


def _unknown(table: str, column: str, value: str) -> BundleError:
    """The same words for an id that does not exist and one outside the caller's scope."""
    ref = SPECS[table].column(column).ref
    target = SPECS[ref.file].filename if ref else "the graph"
    return BundleError([Problem(table, None, column, f"{value!r} is not an id in {target}")])


def _org_ref(tree: OrgTree, table: str, column: str, org_id: str, scope: str | None,
             *, below_only: bool = False) -> None:
    """An org a row points to must be inside the scope (or, for awarding and host orgs, above it)."""
    if tree.within(org_id, scope):
        return
    if not below_only and scope is not None and org_id in tree.ancestry(scope):
        return
    raise _unknown(table, column, org_id)


def _check_refs(store: TalentStore, tree: OrgTree, table: str, record: BaseModel, scope: str | None) -> None:
    """Every id the record points to lies within reach of the caller."""
    for column in SPECS[table].columns:
        value = getattr(record, column.name, None)
        if column.ref is None or value is None or column.name == OWNER[table]:
            continue
        if column.ref.file == "orgs":
            _org_ref(tree, table, column.name, value, scope,
                     below_only=bool(column.ref.kinds))  # schools: inside; awarding orgs: above too
        elif column.ref.file == "teachers":
            _teacher_ref(store, tree, table, column.name, value, scope)
        elif column.ref.file == "studios":
            try:
                studio_roster(store, value, scope)
            except NotFound:
                raise _unknown(table, column.name, value) from None


def _teacher_ref(store: TalentStore, tree: OrgTree, table: str, column: str, teacher_id: str,
                 scope: str | None) -> None:
    """A teacher named in a request body must be one the caller may see (422 otherwise)."""
    try:
        get_teacher(store, teacher_id, scope, tree)
    except NotFound:
        raise _unknown(table, column, teacher_id) from None


def _context(store: TalentStore, table: str, owner: str, new: Sequence[BaseModel]) -> Roster:
    """The part of the graph a change of ``owner``'s rows of ``table`` touches."""
    if table == "studios":
        owned = store.studio_rows([owner])["studios"]
    elif table == "studio_links":
        owned = store.studio_rows([owner])["studio_links"]
    else:
        owned = store.rows_of([owner], (table,))[table]
    rows = [*owned.to_pylist(), *(row_of(table, m) for m in new)]
    teachers: set[str] = set()
    studios: set[str] = set()
    for column in SPECS[table].columns:
        if column.ref is not None and column.ref.file in ("teachers", "studios"):
            found = {r[column.name] for r in rows if r.get(column.name) is not None}
            (teachers if column.ref.file == "teachers" else studios).update(found)
    if table == "teachers":
        teachers.add(owner)
    if table == "studio_links":
        studios.add(owner)
    studio_table = store.studio_rows(sorted(studios))["studios"] if studios else empty_table("studios")
    teachers.update(studio_table["lead_id"].to_pylist())
    people = store.rows_of(sorted(teachers), ("teachers",))
    tables = {"orgs": people["orgs"], "teachers": people["teachers"], "studios": studio_table, table: owned}
    return Roster(tables, people.present)


def _school_of(context: Roster, teacher_id: str) -> str | None:
    for row in context["teachers"].to_pylist():
        if row["id"] == teacher_id:
            return str(row["school_id"])
    return None


def _node_change(table: str, stored: pa.Table, model: BaseModel) -> Change:
    """The one row of a node: the stored row (extra columns kept) with the model's values."""
    new = row_of(table, model)
    owner = str(new["id"])
    old = [r for r in stored.to_pylist() if r.get("id") == owner]
    row = (old[0] if old else {}) | new
    return Change(table, owner, pa.Table.from_pylist([row], schema=stored.schema))


def _owned_change(table: str, owner: str, stored: pa.Table, rows: list[dict[str, Any]]) -> Change:
    return Change(table, owner, pa.Table.from_pylist(rows, schema=stored.schema))


def _commit(store: TalentStore, changes: list[Change], context: Roster) -> None:
    """Check the changed part of the graph like a bundle; store the changes only if it passes."""
    after = apply_changes(context, changes)
    files = {"orgs", "teachers", *(c.table for c in changes)}
    if files & {"studio_members", "studio_links"}:
        files.add("studios")
    raw = RawBundle(Path("request"), {n: RawTable(as_text(after[n])) for n in FILE_ORDER if n in files})
    try:
        validate(raw, today=_today())
    except BundleError as e:  # row numbers count rows of the partial graph: meaningless to the caller
        raise BundleError([Problem(p.file.removesuffix(".csv"), None, p.column, p.reason)
                           for p in e.problems]) from None
    store.apply(changes)


