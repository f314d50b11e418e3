"""Build the eligibility ``Facts`` from a validated ``Roster`` (columnar, no row loops)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import (
    Level,
    MentorshipKind,
    OrgKind,
    PostingKind,
    ProgrammeResult,
    ProgrammeType,
    ReviewKind,
    ReviewResult,
    Role,
    Stage,
    Status,
    Tier,
    Track,
    TrainingContent,
    TrainingDelivery,
)
from talentgraph.eligibility.days import MISSING, OPEN_END
from talentgraph.eligibility.facts import Facts, Keyed, Orgs, code_of
from talentgraph.roster import Roster, unified

# Bump when a fact is computed differently from the same roster (a stored fact index of an
# earlier count is then rebuilt at open; a new or retyped column is noticed without it).
FACTS_VERSION = 1
EVENT_TABLES = ("titles", "programmes", "training", "reviews", "mentorships", "studio_members", "postings")


def enum_codes(col: pa.ChunkedArray | pa.Array, enum: type[Enum]) -> npt.NDArray[np.int8]:
    """Position of each value in ``enum`` (-1 for empty cells)."""
    if pa.types.is_dictionary(col.type):  # each distinct value looked up once
        col = unified(col if isinstance(col, pa.ChunkedArray) else pa.chunked_array([col]))
        values = col.chunk(0).dictionary if col.num_chunks else pa.array([], pa.string())
        codes = pa.array(np.append(enum_codes(values, enum), np.int8(-1)))  # the last: empty cells
        indices = pa.chunked_array([c.indices for c in col.chunks], col.type.index_type)
        held = pc.fill_null(indices, len(values))
        return np.asarray(pc.take(codes, held).to_numpy(zero_copy_only=False), dtype=np.int8)
    idx = pc.index_in(col, value_set=_enum_values(enum))
    return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int8)


@cache
def _enum_values(enum: type[Enum]) -> pa.Array:
    # Built once per enum: a one-teacher fact build (Neo4j explain) calls this ~16 times. From a
    # numpy array, because pyarrow imports pandas (0.2-0.4 s) to look at a list.
    return pa.array(np.array([m.value for m in enum], dtype=object), pa.string())


def row_of(col: pa.ChunkedArray, ids: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.int32]:
    """Row of each id in ``ids`` (-1 where empty or unknown)."""
    idx = pc.index_in(col, value_set=ids)
    return np.asarray(pc.fill_null(idx, -1).to_numpy(zero_copy_only=False), dtype=np.int32)


def rows_named(r: Roster, table: str, column: str, ids: pa.ChunkedArray) -> npt.NDArray[np.int32]:
    """Row in ``ids`` of each value of a reference column: as validation found it when the roster
    comes from a load (hashing millions of ids once, not twice), else looked up."""
    found = r.rows.get((table, column))
    return found if found is not None else row_of(r[table][column], ids)


def day_numbers(col: pa.ChunkedArray, empty: int = MISSING) -> npt.NDArray[np.int32]:
    days = col.cast(pa.int32())  # in place: a date is its day number
    if days.null_count:
        days = pc.fill_null(days, empty)
    return np.asarray(days.to_numpy(zero_copy_only=False), dtype=np.int32)


def flags(col: pa.ChunkedArray) -> npt.NDArray[np.int8]:
    """1 true, 0 false, -1 unknown."""
    as_int = pc.fill_null(col.cast(pa.int8()), -1)
    return np.asarray(as_int.to_numpy(zero_copy_only=False), dtype=np.int8)


def strings(col: pa.ChunkedArray) -> npt.NDArray[np.object_]:
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=object)


def fixed_strings(col: pa.ChunkedArray) -> npt.NDArray[np.str_]:
    """A column of ids that are never empty, as fixed-width numpy text: a snapshot maps it from
    the file as it is, where a million Python strings would be built at every open."""
    return np.asarray(col.to_numpy(zero_copy_only=False), dtype=str)


def facts_from_roster(roster: Roster) -> Facts:
    orgs = roster["orgs"]
    teachers = roster["teachers"]
    org_ids = orgs["id"]
    teacher_ids = teachers["id"]
    n = teachers.num_rows
    programme_names, programme_codes = _programme_names(roster)
    builders = {
        "titles": lambda: _titles(roster, teacher_ids, org_ids, n),
        "programmes": lambda: _programmes(roster, teacher_ids, org_ids, n),
        "training": lambda: _training(roster, teacher_ids, programme_codes, n),
        "reviews": lambda: _reviews(roster, teacher_ids, n),
        "mentors": lambda: _mentors(roster, teacher_ids, n),
        "memberships": lambda: _memberships(roster, teacher_ids, n),
        "postings": lambda: _postings(roster, teacher_ids, org_ids, n),
    }
    empty = {name for name in builders if not any(roster.count(f) for f in SOURCES[name])}
    tables = _build_all({k: b for k, b in builders.items() if k not in empty}, sum(roster.summary().values()))
    tables |= {name: _no_rows(name, builders[name], n) for name in empty}
    return Facts(
        ids=teacher_ids.combine_chunks(),
        name_column=teachers["name"].combine_chunks(),
        school=rows_named(roster, "teachers", "school_id", org_ids),
        entry=day_numbers(teachers["entry_date"]),
        stage=enum_codes(teachers["stage"], Stage),
        head_teacher=flags(teachers["head_teacher"]),
        roles=_role_bits(teachers["roles"]),
        principal_since=day_numbers(teachers["principal_since"]),
        active=enum_codes(teachers["status"], Status) <= code_of(Status.ACTIVE),
        left_on=day_numbers(teachers["left_on"], OPEN_END),
        orgs=_orgs(roster),
        programme_names=programme_names,
        studio_ids=strings(roster["studios"]["id"]),
        present=frozenset(name for name in EVENT_TABLES if name in roster.present),
        titles=tables["titles"], programmes=tables["programmes"], training=tables["training"],
        reviews=tables["reviews"], mentors=tables["mentors"], memberships=tables["memberships"],
        postings=tables["postings"],
    )


# The bundle files each event table is built from (a studio's lead is one of its members).
SOURCES: dict[str, tuple[str, ...]] = {
    "titles": ("titles",), "programmes": ("programmes",), "training": ("training",),
    "reviews": ("reviews",), "mentors": ("mentorships",), "memberships": ("studio_members", "studios"),
    "postings": ("postings",)}
_EMPTY: dict[str, Keyed] = {}


def _no_rows(name: str, build: Callable[[], Keyed], n: int) -> Keyed:
    """An event table without rows for ``n`` teachers. Its empty columns are built once and
    shared (read-only): one teacher's facts (Neo4j explain) mostly have empty tables, and
    building each through Arrow costs more than the rest of the explanation."""
    if name not in _EMPTY:
        template = build()
        for column in (*template.cols.values(), template.teacher):
            column.setflags(write=False)
        _EMPTY[name] = template
    template = _EMPTY[name]
    return Keyed(template.cols, np.zeros(n + 1, dtype=np.int64), template.teacher)


PARALLEL_FROM_ROWS = 200_000  # below this, starting threads costs more than it saves


def _build_all(builders: dict[str, Callable[[], Keyed]], rows: int) -> dict[str, Keyed]:
    """Build the event tables; side by side for big rosters (Arrow and numpy release the GIL)."""
    if rows < PARALLEL_FROM_ROWS:
        return {name: build() for name, build in builders.items()}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        jobs = {name: pool.submit(build) for name, build in builders.items()}
        return {name: job.result() for name, job in jobs.items()}


def _orgs(r: Roster) -> Orgs:
    orgs = r["orgs"]
    return Orgs(
        ids=strings(orgs["id"]),
        names=strings(orgs["name"]),
        kind=enum_codes(orgs["kind"], OrgKind),
        parent=rows_named(r, "orgs", "parent_id", orgs["id"]),
        rural=flags(orgs["rural"]),
    )


def _role_bits(roles: pa.ChunkedArray) -> npt.NDArray[np.uint8]:
    bits = np.zeros(len(roles), dtype=np.uint8)
    filled = pc.fill_null(roles, "")
    for role in Role:
        # Roles are ';'-separated; match whole items only.
        has = pc.match_substring_regex(filled, pattern=rf"(^|;)\s*{role.value}\s*(;|$)")
        bits |= np.asarray(has.to_numpy(zero_copy_only=False), dtype=np.uint8) << code_of(role)
    return bits


def _titles(r: Roster, tids: pa.ChunkedArray, oids: pa.ChunkedArray, n: int) -> Keyed:
    t = r["titles"]
    return Keyed.build(rows_named(r, "titles", "teacher_id", tids), {
        "tier": enum_codes(t["tier"], Tier),
        "level": enum_codes(t["level"], Level),
        "track": np.maximum(enum_codes(t["track"], Track), 0),
        "org": rows_named(r, "titles", "org_id", oids),
        "awarded": day_numbers(t["awarded_on"]),
        "until": day_numbers(t["valid_until"], OPEN_END),
    }, n)


def _programmes(r: Roster, tids: pa.ChunkedArray, oids: pa.ChunkedArray, n: int) -> Keyed:
    p = r["programmes"]
    return Keyed.build(rows_named(r, "programmes", "teacher_id", tids), {
        "tier": enum_codes(p["tier"], Tier),
        "level": enum_codes(p["level"], Level),
        "org": rows_named(r, "programmes", "org_id", oids),
        "enrolled": day_numbers(p["enrolled_on"]),
        "completed": day_numbers(p["completed_on"]),
        "result": enum_codes(p["result"], ProgrammeResult),
        "type": enum_codes(p["type"], ProgrammeType),
    }, n)


def _programme_names(r: Roster) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int32]]:
    """Distinct training programme names, and each training row's code (-1 if unnamed)."""
    programme = r["training"]["programme"]
    if pa.types.is_dictionary(programme.type):
        return _names_in_order(programme)
    encoded = pc.dictionary_encode(programme).combine_chunks()
    names = strings(pa.chunked_array([encoded.dictionary], pa.string()))
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return names, np.asarray(codes, dtype=np.int32)


def _names_in_order(column: pa.ChunkedArray) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int32]]:
    """As ``dictionary_encode`` numbers a text column (distinct names in the order they first
    appear), from a column held encoded: the stored dictionary may hold names in another order,
    or names no row has."""
    column = unified(column)
    if column.num_chunks == 0:
        return strings(pa.chunked_array([], pa.string())), np.empty(0, dtype=np.int32)
    indices = pa.chunked_array([c.indices for c in column.chunks], column.type.index_type)
    size = len(column.chunk(0).dictionary)
    order = np.asarray(pc.unique(indices).drop_null().to_numpy(), dtype=np.intp)  # as first held
    code_of_held = np.full(size + 1, -1, dtype=np.int32)  # the last: empty cells
    code_of_held[order] = np.arange(len(order), dtype=np.int32)
    names = strings(pa.chunked_array([column.chunk(0).dictionary.take(pa.array(order))], pa.string()))
    codes = pc.take(pa.array(code_of_held), pc.fill_null(indices, size))
    return names, np.asarray(codes.to_numpy(zero_copy_only=False), dtype=np.int32)


def _training(r: Roster, tids: pa.ChunkedArray, programme: npt.NDArray[np.int32], n: int) -> Keyed:
    t = r["training"]
    return Keyed.build(rows_named(r, "training", "teacher_id", tids), {
        "date": day_numbers(t["date"]),
        "hours": np.asarray(t["hours"].to_numpy(), dtype=np.float64),
        "kind": enum_codes(t["kind"], TrainingDelivery),
        "content": enum_codes(t["content"], TrainingContent),
        "probation": flags(t["probation"]) == 1,
        "passed": flags(t["passed"]) != 0,
        "programme": programme,
        "level": enum_codes(t["level"], Level),
    }, n)


def _reviews(r: Roster, tids: pa.ChunkedArray, n: int) -> Keyed:
    v = r["reviews"]
    return Keyed.build(rows_named(r, "reviews", "teacher_id", tids), {
        "year": np.asarray(v["year"].to_numpy(), dtype=np.int32),
        "kind": enum_codes(v["kind"], ReviewKind),
        "result": enum_codes(v["result"], ReviewResult),
    }, n)


def _mentors(r: Roster, tids: pa.ChunkedArray, n: int) -> Keyed:
    m = r["mentorships"]
    return Keyed.build(rows_named(r, "mentorships", "mentee_id", tids), {
        "mentor_id": fixed_strings(m["mentor_id"]),
        "kind": enum_codes(m["kind"], MentorshipKind),
        "start": day_numbers(m["start_date"]),
        "end": day_numbers(m["end_date"], OPEN_END),
    }, n)


def _memberships(r: Roster, tids: pa.ChunkedArray, n: int) -> Keyed:
    """Studio members, and each studio's lead as a member since its founding."""
    members, studios = r["studio_members"], r["studios"]
    studio_row = rows_named(r, "studio_members", "studio_id", studios["id"])
    level = enum_codes(studios["level"], Level)
    lead_rows = np.arange(studios.num_rows, dtype=np.int32)
    founded = day_numbers(studios["founded_on"])
    return Keyed.build(
        np.concatenate([rows_named(r, "studio_members", "teacher_id", tids),
                        rows_named(r, "studios", "lead_id", tids)]),
        {
            "studio": np.concatenate([studio_row, lead_rows]),
            "level": np.concatenate([level[studio_row], level]),
            # A lead with no founding date has led the studio since before any as-of date.
            "joined": np.concatenate([day_numbers(members["joined_on"]),
                                      np.where(founded == MISSING, MISSING + 1, founded)]),
            "left": np.concatenate([day_numbers(members["left_on"], OPEN_END),
                                    np.full(studios.num_rows, OPEN_END, np.int32)]),
        },
        n,
    )


def _postings(r: Roster, tids: pa.ChunkedArray, oids: pa.ChunkedArray, n: int) -> Keyed:
    p = r["postings"]
    return Keyed.build(rows_named(r, "postings", "teacher_id", tids), {
        "school": rows_named(r, "postings", "school_id", oids),
        "start": day_numbers(p["start_date"]),
        "end": day_numbers(p["end_date"], OPEN_END),
        "kind": enum_codes(p["kind"], PostingKind),
    }, n)
