"""Writing records: each write is scope-checked, validated like a bundle, then stored all or nothing.

Every write checks, before anything else, that the caller may write (``Forbidden``) and that the
store keeps what is written (``ReadOnly``: an in-memory store from ``serve --data``), then that
the thing it touches is visible to the caller: the teacher, studio or org in the path, the
record (found among those the caller can read, so a mentorship with a mentor in another county
cannot be deleted by id), and every id in the body (services/refs.py). Conflicts with what is
stored (an id taken, a record already there, a mentorship that would close a cycle, a member
added twice) raise ``Conflict``; messages name only what the caller may see.

Writes are serialised in this process (one lock), so a check and its write cannot interleave
with another write through the same server.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any, Protocol

from talentgraph.domain.enums import Status, TitleSource
from talentgraph.domain.models import Mentorship, Org, Studio, StudioLink, StudioMember, Teacher
from talentgraph.errors import BundleError, Conflict, NotFound, Problem, ReadOnly
from talentgraph.records_model import MODELS, record_ids, row_of
from talentgraph.roster import Roster
from talentgraph.services.commit import (
    commit,
    context,
    node_change,
    owned_change,
    refuse_repeats,
    revalidate,
    today,
)
from talentgraph.services.records import TEACHER_RECORDS, mentorship_records, visible_records
from talentgraph.services.redact import shown
from talentgraph.services.refs import check_refs, org_ref, teacher_ref
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.store.changes import OWNER
from talentgraph.store.protocol import NetworkSource, RecordStore

READ_ONLY = (
    "this server is read-only: it serves a roster bundle from memory (serve --data), and a write "
    "would be lost when it stops. For a writable store: talentgraph load DIR --store PATH, then "
    "talentgraph serve --store PATH. 本服务器只读：它在内存中提供名册数据包（serve --data），写入的内容"
    "会在服务器停止时丢失。如需可写的存储，请先运行 talentgraph load DIR --store PATH，"
    "再运行 talentgraph serve --store PATH。"
)
NOT_A_MEMBER = "the teacher is not a current member of this studio"
WRITE_LOCK = threading.Lock()


class WriteStore(RecordStore, NetworkSource, Protocol):
    """What writes need: rows and changes, and the mentorship network (cycle checks)."""


class Writes:
    """Write use cases. ``writable`` is False over a store that would not keep the writes."""

    def __init__(self, store: WriteStore, writable: bool) -> None:
        self.store = store
        self.writable = writable

    def allowed(self, scope: Scope) -> None:
        """Raise unless ``scope`` may write here (role, then the store's durability)."""
        scope.require_writer()
        if not self.writable:
            raise ReadOnly(READ_ONLY)

    # -- orgs --------------------------------------------------------------------------------

    def create_org(self, scope: Scope, org: Org) -> Org:
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            if org.id in view.tree.orgs:
                raise Conflict("this org id is taken (ids are unique across the whole region)")
            if scope.org_id is not None or org.parent_id is not None:  # a scoped caller adds below its root
                org_ref(view, "orgs", "parent_id", org.parent_id or "", below_only=True)
            self._commit_node("orgs", org)
            return org

    def update_org(self, scope: Scope, org_id: str, org: Org) -> Org:
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            old = view.org(org_id)
            if org.id != org_id:
                raise BundleError([Problem("orgs", None, "id", "the id of an org cannot change")])
            if org.kind is not old.kind:  # teachers, postings and links point at schools by kind
                raise BundleError([Problem("orgs", None, "kind", "the kind of an org cannot change")])
            if scope.org_id is not None and org.parent_id != old.parent_id:
                if org_id == scope.org_id:
                    raise BundleError([Problem("orgs", None, "parent_id", "your own root org cannot move")])
                org_ref(view, "orgs", "parent_id", org.parent_id or "", below_only=True)
            self._commit_node("orgs", org)
            return org

    # -- teachers ----------------------------------------------------------------------------

    def create_teacher(self, scope: Scope, teacher: Teacher) -> Teacher:
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            if self.store.rows_of([teacher.id], ("teachers",))["teachers"].num_rows:
                raise Conflict("this teacher id is taken (ids are unique across the whole region)")
            org_ref(view, "teachers", "school_id", teacher.school_id, below_only=True)
            part = context(self.store, "teachers", teacher.id, [])
            commit(self.store, [node_change("teachers", part["teachers"], teacher)], part)
            return shown(scope, "teachers", teacher)

    def update_teacher(self, scope: Scope, teacher_id: str, fields: dict[str, Any]) -> Teacher:
        """Change some fields of a teacher (``fields``: column -> new value; the id cannot change)."""
        return self._change_teacher(scope, teacher_id, lambda _: fields)

    def deactivate_teacher(self, scope: Scope, teacher_id: str, status: Status,
                           left_on: dt.date | None = None) -> Teacher:
        """The teacher leaves or retires on ``left_on``: the day given, else the leaving day already
        stored, else today. Never undated: the format reads an undated leaver as gone on every
        as-of date (docs/bundle-format.md)."""
        if status is Status.ACTIVE:
            raise BundleError([Problem("teachers", None, "status",
                                       "deactivating sets status left or retired")])
        return self._change_teacher(scope, teacher_id, lambda old: {
            "status": status, "left_on": left_on or old.left_on or today()})

    def _change_teacher(self, scope: Scope, teacher_id: str, change: Callable[[Teacher], dict[str, Any]]
                        ) -> Teacher:
        """Store the teacher with ``change(stored teacher)`` applied, checked like a bundle row."""
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            old = view.teacher(teacher_id)
            new = revalidate(Teacher, old.model_dump() | change(old) | {"id": old.id}, "teachers")
            assert isinstance(new, Teacher)
            if new.school_id != old.school_id:
                org_ref(view, "teachers", "school_id", new.school_id, below_only=True)
            part = context(self.store, "teachers", teacher_id, [])
            commit(self.store, [node_change("teachers", part["teachers"], new)], part)
            return shown(scope, "teachers", new)

    # -- records a teacher owns (titles, programmes, training, reviews, postings) ----------------

    def add_record(self, scope: Scope, table: str, teacher_id: str, fields: dict[str, Any]) -> str:
        """Store a new row of ``table`` for the teacher; returns its record id."""
        self.allowed(scope)
        if table == "titles":  # a title written by hand (a round's title is the round's to write)
            fields = fields | {"source": TitleSource.MANUAL}
        record = revalidate(MODELS[table], fields | {OWNER[table]: teacher_id}, table)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.teacher(teacher_id)
            check_refs(view, table, record)
            return self._add_owned(scope, table, teacher_id, record)

    def delete_record(self, scope: Scope, table: str, teacher_id: str, record_id: str) -> None:
        """Delete one of the teacher's records, found among those the caller can read."""
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.teacher(teacher_id)
            part = context(self.store, table, teacher_id, [])
            current = part[table].to_pylist()
            if table == "mentorships":  # the mentee owns it; both sides must be visible
                readable = {r.record_id for r in mentorship_records(view, teacher_id)}
            else:
                listed = visible_records(view, table, current, TEACHER_RECORDS[table])
                readable = {r.record_id for r in listed}
            ids = record_ids(table, current, scope.keys.record)
            if record_id not in readable or record_id not in ids:
                raise view.missing(f"{table} record", record_id)
            kept = [row for row, rid in zip(current, ids, strict=True) if rid != record_id]
            commit(self.store, [owned_change(table, teacher_id, part[table], kept)], part)

    # -- mentorships -------------------------------------------------------------------------

    def add_mentorship(self, scope: Scope, mentorship: Mentorship) -> str:
        """A new mentorship (owned by the mentee); Conflict if it would close a cycle."""
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            teacher_ref(view, "mentorships", "mentee_id", mentorship.mentee_id)
            check_refs(view, "mentorships", mentorship)
            mentor, mentee = mentorship.mentor_id, mentorship.mentee_id
            if mentor != mentee and self.store.mentoring_path(mentee, mentor):
                # Names only the two teachers of the request, both inside the caller's scope.
                raise Conflict(f"{mentee!r} already mentors {mentor!r} (directly or through mentees): "
                               "this mentorship would close a cycle")
            return self._add_owned(scope, "mentorships", mentee, mentorship)

    def delete_mentorship(self, scope: Scope, mentee_id: str, record_id: str) -> None:
        self.delete_record(scope, "mentorships", mentee_id, record_id)

    # -- studios and members -----------------------------------------------------------------

    def create_studio(self, scope: Scope, studio: Studio) -> Studio:
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            if self.store.studio_rows([studio.id])["studios"].num_rows:
                raise Conflict("this studio id is taken (ids are unique across the whole region)")
            check_refs(view, "studios", studio)
            self._commit_node("studios", studio)
            return studio

    def update_studio(self, scope: Scope, studio_id: str, studio: Studio) -> Studio:
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.studio(studio_id)
            if studio.id != studio_id:
                raise BundleError([Problem("studios", None, "id", "the id of a studio cannot change")])
            check_refs(view, "studios", studio)
            self._commit_node("studios", studio)
            return studio

    def add_member(self, scope: Scope, studio_id: str, teacher_id: str, joined_on: dt.date) -> StudioMember:
        """A teacher joins a studio; Conflict if already a member (an open membership)."""
        self.allowed(scope)
        member = StudioMember(studio_id=studio_id, teacher_id=teacher_id, joined_on=joined_on)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.studio(studio_id)
            teacher_ref(view, "studio_members", "teacher_id", teacher_id)
            part = context(self.store, "studio_members", teacher_id, [member])
            current = part["studio_members"].to_pylist()
            if any(r["studio_id"] == studio_id and r["left_on"] is None for r in current):
                raise Conflict(f"{teacher_id!r} is already a member of studio {studio_id!r}")
            row = row_of("studio_members", member)
            refuse_repeats("studio_members", current, row)
            commit(self.store, [owned_change("studio_members", teacher_id, part["studio_members"],
                                             [*current, row])], part)
            return member

    def end_membership(self, scope: Scope, studio_id: str, teacher_id: str, left_on: dt.date) -> StudioMember:
        """The member leaves the studio on ``left_on`` (the open membership gets its end)."""
        self.allowed(scope)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.studio(studio_id)
            if not view.teachers([teacher_id]):
                raise NotFound(NOT_A_MEMBER)
            part = context(self.store, "studio_members", teacher_id, [])
            current = part["studio_members"].to_pylist()
            open_rows = [r for r in current if r["studio_id"] == studio_id and r["left_on"] is None]
            if not open_rows:
                raise NotFound(NOT_A_MEMBER)
            ended = [r | {"left_on": left_on} if r is open_rows[0] else r for r in current]
            commit(self.store, [owned_change("studio_members", teacher_id, part["studio_members"], ended)],
                   part)
            return StudioMember(studio_id=studio_id, teacher_id=teacher_id,
                                joined_on=open_rows[0]["joined_on"], left_on=left_on)

    def add_link(self, scope: Scope, studio_id: str, school_id: str, since: dt.date | None) -> StudioLink:
        self.allowed(scope)
        link = StudioLink(studio_id=studio_id, school_id=school_id, since=since)
        with WRITE_LOCK:
            view = View(self.store, scope)
            view.studio(studio_id)
            check_refs(view, "studio_links", link)
            part = context(self.store, "studio_links", studio_id, [link])
            current = part["studio_links"].to_pylist()
            row = row_of("studio_links", link)
            refuse_repeats("studio_links", current, row)
            commit(self.store, [owned_change("studio_links", studio_id, part["studio_links"],
                                             [*current, row])], part)
            return link

    # -- plumbing ----------------------------------------------------------------------------

    def _commit_node(self, table: str, model: Org | Studio) -> None:
        if table == "orgs":
            part = Roster({"orgs": self.store.orgs()})
        else:
            part = context(self.store, table, model.id, [model])
        commit(self.store, [node_change(table, part[table], model)], part)

    def _add_owned(self, scope: Scope, table: str, owner: str, record: Any) -> str:
        part = context(self.store, table, owner, [record])
        current = part[table].to_pylist()
        row = row_of(table, record)
        refuse_repeats(table, current, row)
        new_rows = [*current, row]
        commit(self.store, [owned_change(table, owner, part[table], new_rows)], part)
        return record_ids(table, new_rows, scope.keys.record)[-1]
