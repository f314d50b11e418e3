"""Reading records for the API: orgs, teachers, their events, studios — always within a scope.

``scope`` is the org whose subtree the caller may see (None: every org). Anything outside it
is reported exactly like something that does not exist (``NotFound``), so a caller learns
nothing about other subtrees. Lists come back sorted (ids, then dates), so pages are stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import Level, Stage, Status, Tier, Track
from talentgraph.domain.models import Mentorship, Org, Studio, StudioLink, StudioMember, Teacher
from talentgraph.errors import NotFound
from talentgraph.orgtree import OrgTree
from talentgraph.records_model import model_of, record_ids
from talentgraph.roster import Roster
from talentgraph.store.protocol import TalentStore

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
    """One row of an event table with its record id."""

    record_id: str
    table: str
    model: Any


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


def org_tree(store: TalentStore) -> OrgTree:
    return OrgTree.of(store.orgs())


def visible_org(tree: OrgTree, org_id: str, scope: str | None) -> Org:
    if not tree.within(org_id, scope):
        raise NotFound(f"no org {org_id!r}")
    return tree.orgs[org_id]


def list_orgs(store: TalentStore, scope: str | None, root: str | None = None) -> list[Org]:
    """The orgs of the subtree of ``root`` (default: the whole scope), depth first, by id."""
    tree = org_tree(store)
    if root is not None:
        visible_org(tree, root, scope)
    start = root if root is not None else scope
    if start is not None and start not in tree.orgs:
        return []
    return [tree.orgs[i] for i in tree.subtree(start)]


def get_org(store: TalentStore, org_id: str, scope: str | None) -> Org:
    return visible_org(org_tree(store), org_id, scope)


def list_teachers(store: TalentStore, scope: str | None, where: TeacherFilter,
                  offset: int = 0, limit: int | None = None) -> tuple[int, list[Teacher]]:
    """How many teachers match, and those of the window [offset, offset + limit) in id order.

    The filtering and sorting run on Arrow columns; only the window becomes models.
    """
    tree = org_tree(store)
    root = where.org_id if where.org_id is not None else scope
    if where.org_id is not None:
        visible_org(tree, where.org_id, scope)
    if root is not None and root not in tree.orgs:
        return 0, []
    wants_titles = where.tier is not None or where.level is not None
    rows = store.rows_in(root, ("teachers", "titles") if wants_titles else ("teachers",))
    table = rows["teachers"]
    keep = pc.is_in(table["school_id"], value_set=pa.array(tree.subtree(root), pa.string()))
    for column, value in (("stage", where.stage), ("subject", where.subject), ("status", where.status)):
        if value is not None:
            keep = pc.and_(keep, pc.equal(table[column], str(value)))
    if wants_titles:
        keep = pc.and_(keep, pc.is_in(table["id"], value_set=_holders(rows["titles"], where)))
    found = table.filter(pc.fill_null(keep, False))
    order = pc.sort_indices(found, [("id", "ascending")])
    window = order[offset:None if limit is None else offset + limit]
    teachers = [model_of("teachers", row) for row in found.take(window).to_pylist()]
    return found.num_rows, [t for t in teachers if isinstance(t, Teacher)]


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


def visible_teachers(store: TalentStore, teacher_ids: Sequence[str], scope: str | None,
                     tree: OrgTree | None = None) -> set[str]:
    """The teachers among ``teacher_ids`` that exist and teach inside the scope."""
    if not teacher_ids:
        return set()
    tree = tree or org_tree(store)
    return {t for t, school in store.schools_of(teacher_ids).items() if tree.within(school, scope)}


def get_teacher(store: TalentStore, teacher_id: str, scope: str | None,
                tree: OrgTree | None = None) -> Teacher:
    """The teacher, if inside the scope; NotFound otherwise (or if there is none)."""
    rows = store.rows_of([teacher_id], ("teachers",))["teachers"].to_pylist()
    tree = tree or org_tree(store)
    if not rows or not tree.within(rows[0]["school_id"], scope):
        raise NotFound(f"no teacher {teacher_id!r}")
    teacher = model_of("teachers", rows[0])
    assert isinstance(teacher, Teacher)
    return teacher


def teacher_records(store: TalentStore, table: str, teacher_id: str, scope: str | None) -> list[Record]:
    get_teacher(store, teacher_id, scope)
    rows = store.rows_of([teacher_id], (table,))[table].to_pylist()
    return _sorted_records(table, rows, TEACHER_RECORDS[table])


def _sorted_records(table: str, rows: list[dict[str, Any]], by: str) -> list[Record]:
    records = [Record(rid, table, model_of(table, row))
               for rid, row in zip(record_ids(table, rows), rows, strict=True)]
    return sorted(records, key=lambda r: (str(getattr(r.model, by) or ""), r.record_id))


def mentorships_of(store: TalentStore, teacher_id: str, scope: str | None) -> list[Record]:
    """The teacher's mentorships, as mentee and as mentor, by start date.

    Records are owned by the mentee: a record id is the same seen from either side.
    """
    tree = org_tree(store)
    get_teacher(store, teacher_id, scope, tree)
    as_mentee = store.rows_of([teacher_id], ("mentorships",))["mentorships"].to_pylist()
    records = _sorted_records("mentorships", as_mentee, "start_date")
    mentees = list(dict.fromkeys(row["mentee_id"] for row in store.mentored_by(teacher_id).to_pylist()))
    if mentees:  # ids are per mentee (the owner), so read each mentee's rows whole
        owned = store.rows_of(mentees, ("mentorships",))["mentorships"].to_pylist()
        records += [r for r in _sorted_records("mentorships", owned, "start_date")
                    if isinstance(r.model, Mentorship) and r.model.mentor_id == teacher_id]
    if scope is not None:  # the other side may teach outside the scope: its id would leak
        people = {p for r in records for p in (r.model.mentor_id, r.model.mentee_id)}
        shown = visible_teachers(store, sorted(people), scope, tree)
        records = [r for r in records if r.model.mentor_id in shown and r.model.mentee_id in shown]
    return sorted({r.record_id: r for r in records}.values(),
                  key=lambda r: (r.model.start_date, r.record_id))


def list_studios(store: TalentStore, scope: str | None) -> list[Studio]:
    """Studios whose lead works inside the scope, by id."""
    tree = org_tree(store)
    roots = tree.roots(scope)
    studios: dict[str, Studio] = {}
    for root in roots:
        rows = store.rows_in(root, ("teachers", "studios"))
        inside = {t["id"] for t in rows["teachers"].to_pylist() if tree.within(t["school_id"], scope)}
        for row in rows["studios"].to_pylist():
            if row["lead_id"] in inside:
                studio = model_of("studios", row)
                assert isinstance(studio, Studio)
                studios[studio.id] = studio
    return [studios[k] for k in sorted(studios)]


def studio_roster(store: TalentStore, studio_id: str, scope: str | None,
                  tree: OrgTree | None = None) -> Roster:
    """The studio's rows (studio, members, links), if its lead works inside the scope."""
    rows = store.studio_rows([studio_id])
    studios = rows["studios"].to_pylist()
    if not studios:
        raise NotFound(f"no studio {studio_id!r}")
    if scope is not None:
        get_teacher_or_missing(store, studios[0]["lead_id"], scope, f"no studio {studio_id!r}", tree)
    return rows


def get_teacher_or_missing(store: TalentStore, teacher_id: str, scope: str | None, message: str,
                           tree: OrgTree | None = None) -> None:
    try:
        get_teacher(store, teacher_id, scope, tree)
    except NotFound:
        raise NotFound(message) from None


def get_studio(store: TalentStore, studio_id: str, scope: str | None) -> Studio:
    studio = model_of("studios", studio_roster(store, studio_id, scope)["studios"].to_pylist()[0])
    assert isinstance(studio, Studio)
    return studio


def studio_members(store: TalentStore, studio_id: str, scope: str | None) -> list[StudioMember]:
    """The studio's members past and present; for a scoped caller, those teaching inside the scope."""
    tree = org_tree(store) if scope is not None else None
    table = studio_roster(store, studio_id, scope, tree)["studio_members"]
    members = [m for m in (model_of("studio_members", r) for r in table.to_pylist())
               if isinstance(m, StudioMember)]
    if scope is not None:
        shown = visible_teachers(store, sorted({m.teacher_id for m in members}), scope, tree)
        members = [m for m in members if m.teacher_id in shown]
    return sorted(members, key=lambda m: (m.teacher_id, m.joined_on))


def studio_links(store: TalentStore, studio_id: str, scope: str | None) -> list[StudioLink]:
    """The schools the studio supports; for a scoped caller, those inside the scope."""
    tree = org_tree(store) if scope is not None else None
    table: pa.Table = studio_roster(store, studio_id, scope, tree)["studio_links"]
    links = [x for x in (model_of("studio_links", r) for r in table.to_pylist()) if isinstance(x, StudioLink)]
    if tree is not None:
        links = [x for x in links if tree.within(x.school_id, scope)]
    return sorted(links, key=lambda x: x.school_id)
