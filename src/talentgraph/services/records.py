"""Reading records: orgs, teachers, their events, mentorships, studios, within a scope.

Lists come back in a stable order (ids, or pseudonyms for researchers; then dates and record
ids), so pages are stable. A record is shown only when every teacher it names is in the scope:
a mentorship with a mentor in another county is left out of its mentee's list, as the mentor's
id would tell that the mentor exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from talentgraph.domain.enums import Level, Stage, Status, Tier, Track
from talentgraph.domain.models import Org, Studio, StudioLink, StudioMember, Teacher
from talentgraph.orgtree import OrgTree
from talentgraph.records_model import model_of, record_ids
from talentgraph.services.redact import shown, teacher_columns
from talentgraph.services.scope import Scope
from talentgraph.services.view import View
from talentgraph.store.protocol import RecordStore

# Tables of records a teacher owns, and the column each is ordered by (then the record id).
TEACHER_RECORDS: dict[str, str] = {
    "titles": "awarded_on",
    "programmes": "enrolled_on",
    "training": "date",
    "reviews": "year",
    "postings": "start_date",
}


@dataclass(frozen=True)
class Record:
    """One row of an event table with its (keyed) record id."""

    record_id: str
    table: str
    model: Any


@dataclass(frozen=True)
class Branch:
    """An org with the orgs below it."""

    org: Org
    children: list[Branch] = field(default_factory=list)


@dataclass(frozen=True)
class TeacherFilter:
    org_id: str | None = None
    tier: Tier | None = None
    level: Level | None = None
    track: Track = Track.TEACHER
    as_of: dt.date | None = None
    stage: Stage | None = None
    subject: str | None = None
    status: Status | None = None


class Records:
    """Read use cases over the records port."""

    def __init__(self, store: RecordStore) -> None:
        self.store = store

    # -- orgs --------------------------------------------------------------------------------

    def orgs(self, scope: Scope) -> list[Org]:
        """The orgs the scope may see, depth first, by id."""
        view = View(self.store, scope)
        start = scope.org_id
        if start is not None and start not in view.tree.orgs:
            return []
        return [view.tree.orgs[i] for i in view.tree.subtree(start)]

    def org(self, scope: Scope, org_id: str) -> Org:
        return View(self.store, scope).org(org_id)

    def org_tree(self, scope: Scope, root: str | None = None) -> list[Branch]:
        """The scope's org tree nested (or the subtree of ``root``, which must be visible)."""
        view = View(self.store, scope)
        if root is not None:
            view.org(root)
            return [_branch(view.tree, root)]
        return [_branch(view.tree, r) for r in view.tree.roots(scope.org_id) if r in view.tree.orgs]

    # -- teachers ----------------------------------------------------------------------------

    def teachers(self, scope: Scope, where: TeacherFilter, offset: int = 0,
                 limit: int | None = None) -> tuple[int, list[Teacher]]:
        """How many teachers match, and those of the window [offset, offset + limit).

        The filtering runs on Arrow columns; only the window becomes models. The order is the
        id's, or the pseudonym's for researchers: position i must not tell which id is i-th.
        """
        view = View(self.store, scope)
        root = view.root(where.org_id)
        if root is not None and root not in view.tree.orgs:
            return 0, []
        wants_titles = where.tier is not None or where.level is not None
        rows = self.store.rows_in(root, ("teachers", "titles") if wants_titles else ("teachers",))
        table = rows["teachers"]
        keep = pc.is_in(table["school_id"], value_set=pa.array(view.tree.subtree(root), pa.string()))
        for column, value in (("stage", where.stage), ("subject", where.subject), ("status", where.status)):
            if value is not None:
                keep = pc.and_(keep, pc.equal(table[column], str(value)))
        if wants_titles:
            keep = pc.and_(keep, pc.is_in(table["id"], value_set=_holders(rows["titles"], where)))
        found = table.filter(pc.fill_null(keep, False))
        if scope.pseudonymised:
            ids = found["id"].to_pylist()
            order = pa.array(sorted(range(len(ids)), key=lambda i: scope.order_key(ids[i])), pa.int64())
        else:
            order = pc.sort_indices(found, [("id", "ascending")])
        window = order[offset:None if limit is None else offset + limit]
        teachers = [model_of("teachers", row) for row in found.take(window).to_pylist()]
        return found.num_rows, [shown(scope, "teachers", t) for t in teachers if isinstance(t, Teacher)]

    def teacher(self, scope: Scope, teacher_id: str) -> Teacher:
        view = View(self.store, scope)
        return shown(scope, "teachers", view.teacher(view.teacher_id(teacher_id)))

    def teachers_named(self, scope: Scope, teacher_ids: Sequence[str]) -> dict[str, Teacher]:
        """The teachers among ``teacher_ids`` (as the scope names them: pseudonyms for researchers)
        that the scope may see, keyed by those ids; the others are left out, as a list leaves them."""
        view = View(self.store, scope)
        real = {given: scope.real_id(given) for given in teacher_ids}
        rows = self.store.rows_of(sorted({r for r in real.values() if r}), ("teachers",))["teachers"]
        found = {r["id"]: r for r in rows.to_pylist() if view.has_org(r["school_id"])}
        out = {}
        for given, r in real.items():
            teacher = model_of("teachers", found[r]) if r in found else None
            if isinstance(teacher, Teacher):
                out[given] = shown(scope, "teachers", teacher)
        return out

    def teacher_records(self, scope: Scope, table: str, teacher_id: str) -> list[Record]:
        """The teacher's rows of ``table`` (titles, programmes, ...), by date then record id."""
        view = View(self.store, scope)
        real = view.teacher_id(teacher_id)
        rows = self.store.rows_of([real], (table,))[table].to_pylist()
        return [_shown(scope, r) for r in visible_records(view, table, rows, TEACHER_RECORDS[table])]

    def mentorships(self, scope: Scope, teacher_id: str) -> list[Record]:
        """The teacher's mentorships, as mentee and as mentor, by start date.

        Records are owned by the mentee: a record id is the same seen from either side.
        """
        view = View(self.store, scope)
        real = view.teacher_id(teacher_id)
        return [_shown(scope, r) for r in mentorship_records(view, real)]

    # -- studios -----------------------------------------------------------------------------

    def studios(self, scope: Scope) -> list[Studio]:
        """Studios whose lead teaches inside the scope, by id."""
        view = View(self.store, scope)
        studios: dict[str, Studio] = {}
        for root in view.tree.roots(scope.org_id):
            rows = self.store.rows_in(root, ("teachers", "studios"))
            inside = {t["id"] for t in rows["teachers"].to_pylist() if view.has_org(t["school_id"])}
            for row in rows["studios"].to_pylist():
                if row["lead_id"] in inside:
                    studio = model_of("studios", row)
                    assert isinstance(studio, Studio)
                    studios[studio.id] = studio
        return self._studios_shown(scope, [studios[k] for k in sorted(studios)])

    def studios_of(self, scope: Scope, teacher_id: str) -> list[Studio]:
        """The studios the (visible) teacher leads or has joined, those the scope may see, by id."""
        view = View(self.store, scope)
        real = view.teacher_id(teacher_id)
        rows = self.store.rows_of([real], ("studios",))["studios"].to_pylist()
        inside = view.teachers(r["lead_id"] for r in rows) if scope.org_id is not None else None
        found = [m for m in (model_of("studios", r) for r in rows) if isinstance(m, Studio)
                 and (inside is None or m.lead_id in inside)]
        return self._studios_shown(scope, sorted({s.id: s for s in found}.values(), key=lambda s: s.id))

    def studio(self, scope: Scope, studio_id: str) -> Studio:
        rows = View(self.store, scope).studio(studio_id)
        studio = model_of("studios", rows["studios"].to_pylist()[0])
        assert isinstance(studio, Studio)
        return self._studios_shown(scope, [studio])[0]

    def members(self, scope: Scope, studio_id: str) -> list[StudioMember]:
        """The studio's members past and present, teaching inside the scope; by teacher, then date."""
        view = View(self.store, scope)
        table = view.studio(studio_id)["studio_members"]
        members = [m for m in (model_of("studio_members", r) for r in table.to_pylist())
                   if isinstance(m, StudioMember)]
        if scope.org_id is not None:
            inside = view.teachers(m.teacher_id for m in members)
            members = [m for m in members if m.teacher_id in inside]
        members.sort(key=lambda m: (scope.order_key(m.teacher_id), m.joined_on))
        return [shown(scope, "studio_members", m) for m in members]

    def links(self, scope: Scope, studio_id: str) -> list[StudioLink]:
        """The schools the studio supports, those inside the scope, by school id."""
        view = View(self.store, scope)
        table = view.studio(studio_id)["studio_links"]
        links = [x for x in (model_of("studio_links", r) for r in table.to_pylist())
                 if isinstance(x, StudioLink)]
        return sorted((x for x in links if view.has_org(x.school_id)), key=lambda x: x.school_id)

    def _studios_shown(self, scope: Scope, studios: list[Studio]) -> list[Studio]:
        names: dict[str, str] = {}
        if scope.pseudonymised and studios:
            leads = self.store.rows_of(sorted({s.lead_id for s in studios}), ("teachers",))["teachers"]
            names = {r["id"]: r["name"] or "" for r in leads.to_pylist()}
        return [shown(scope, "studios", s, names) for s in studios]


def visible_records(view: View, table: str, rows: list[dict[str, Any]], by: str) -> list[Record]:
    """The rows as records with their keyed ids, those naming only teachers inside the scope,
    ordered by ``by`` then record id."""
    ids = record_ids(table, rows, view.scope.keys.record)
    records = [Record(rid, table, model_of(table, row)) for rid, row in zip(ids, rows, strict=True)]
    if view.scope.org_id is not None:
        named = {getattr(r.model, c) for r in records for c in teacher_columns(table)} - {None}
        inside = view.teachers(named)
        records = [r for r in records if all(getattr(r.model, c) in inside for c in teacher_columns(table)
                                             if getattr(r.model, c) is not None)]
    return sorted(records, key=lambda r: (str(getattr(r.model, by) or ""), r.record_id))


def mentorship_records(view: View, teacher_id: str) -> list[Record]:
    """The visible mentorships of a (visible) teacher, as mentee and as mentor."""
    store = view.store
    as_mentee = store.rows_of([teacher_id], ("mentorships",))["mentorships"].to_pylist()
    records = visible_records(view, "mentorships", as_mentee, "start_date")
    mentees = list(dict.fromkeys(row["mentee_id"] for row in store.mentored_by(teacher_id).to_pylist()))
    if mentees:  # ids are per mentee (the owner), so read each mentee's rows whole
        owned = store.rows_of(mentees, ("mentorships",))["mentorships"].to_pylist()
        records += [r for r in visible_records(view, "mentorships", owned, "start_date")
                    if r.model.mentor_id == teacher_id]
    return sorted({r.record_id: r for r in records}.values(), key=lambda r: (r.model.start_date, r.record_id))


def _shown(scope: Scope, record: Record) -> Record:
    model: BaseModel = record.model
    return Record(record.record_id, record.table, shown(scope, record.table, model))


def _branch(tree: OrgTree, org_id: str) -> Branch:
    return Branch(tree.orgs[org_id], [_branch(tree, c) for c in tree.children.get(org_id, [])])


def _holders(titles: pa.Table, where: TeacherFilter) -> pa.Array:
    """Ids of teachers holding a title of the tier / level asked for, valid on the as-of date."""
    day = pa.scalar(where.as_of or dt.date.today(), pa.date32())
    held = pc.and_(pc.equal(titles["track"], where.track.value), pc.less_equal(titles["awarded_on"], day))
    held = pc.and_(held, pc.or_kleene(pc.is_null(titles["valid_until"]),
                                      pc.greater_equal(titles["valid_until"], day)))
    if where.tier is not None:
        held = pc.and_(held, pc.equal(titles["tier"], where.tier.value))
    if where.level is not None:
        held = pc.and_(held, pc.equal(titles["level"], where.level.value))
    return pc.unique(titles.filter(pc.fill_null(held, False))["teacher_id"].combine_chunks())
