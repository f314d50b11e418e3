"""The facts a verdict needs, as columns: what every store gathers, what checks read.

Teachers are rows 0..n-1. Event tables (titles, training, reviews, ...) are
``Keyed``: rows sorted by teacher with CSR offsets, so a sweep reads whole
columns and an explanation slices one teacher's rows in O(1).

Categorical columns hold the rank of the enum value (``list(Enum).index``);
-1 means unknown. Dates are day numbers (``days.py``).

Teacher ids and names stay Arrow strings (``ids``, ``name_column``): a snapshot maps them from
disk, and a million Python strings cost more than a whole explanation, so ``teacher_ids`` and
``names`` (numpy object arrays) are built only when a sweep asks for them, and one teacher's id
is found by binary search over the ids in sorted order (``id_order``), not a dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

Array = npt.NDArray[np.generic]
IntArray = npt.NDArray[np.int32]


def code_of(value: Enum) -> int:
    """The column code of an enum member: its position in the enum."""
    return list(type(value)).index(value)


@dataclass(frozen=True)
class Keyed:
    """An event table grouped by teacher: rows of teacher i are offsets[i]:offsets[i+1]."""

    cols: dict[str, Array]
    offsets: npt.NDArray[np.int64]
    teacher: IntArray  # owning teacher of each row (sorted)

    @classmethod
    def build(cls, teacher: IntArray, cols: dict[str, Array], n_teachers: int) -> Keyed:
        teacher = teacher.astype(np.int32, copy=False)
        if teacher.size and not bool(np.all(teacher[1:] >= teacher[:-1])):
            # Bundles usually list a teacher's rows together; sort only when they do not.
            order = np.argsort(teacher, kind="stable")
            teacher, cols = teacher[order], {k: v[order] for k, v in cols.items()}
        counts = np.bincount(teacher, minlength=n_teachers)
        offsets = np.zeros(n_teachers + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        return cls(cols, offsets, teacher)

    @property
    def size(self) -> int:
        return int(self.teacher.shape[0])

    def __getitem__(self, name: str) -> Array:
        return self.cols[name]

    def one(self, i: int) -> Keyed:
        """Only teacher i's rows, re-keyed as teacher 0."""
        lo, hi = int(self.offsets[i]), int(self.offsets[i + 1])
        cols = {k: v[lo:hi] for k, v in self.cols.items()}
        return Keyed(cols, np.array([0, hi - lo], dtype=np.int64), np.zeros(hi - lo, np.int32))


@dataclass(frozen=True)
class Orgs:
    ids: Array  # object array of str
    names: Array
    kind: npt.NDArray[np.int8]  # OrgKind code
    parent: IntArray  # row of the parent org, -1 for a root
    rural: npt.NDArray[np.int8]  # 1 rural, 0 not, -1 unknown

    def row_of(self, org_id: str) -> int | None:
        rows = np.flatnonzero(self.ids == org_id)
        return int(rows[0]) if rows.size else None

    @cached_property
    def chain(self) -> IntArray:
        """``chain[org, kind]``: the org of that kind at or above ``org`` (-1 if none), kinds
        coded as OrgKind (school, county, city, province): a school's own county, city, province.
        (OrgKind has four kinds, so four columns.)"""
        n = self.ids.shape[0]
        out = np.full((n, 4), -1, dtype=np.int32)
        at = np.arange(n, dtype=np.int32)
        for _ in range(8):  # the tree is at most four deep; a cycle cannot get past validation
            alive = at >= 0
            here = np.maximum(at, 0)
            kind = self.kind[here].astype(np.int64)
            fill = alive & (kind >= 0) & (kind < 4)
            rows = np.flatnonzero(fill)
            first = out[rows, kind[rows]] < 0
            out[rows[first], kind[rows][first]] = at[rows][first]
            at = np.where(alive, self.parent[here], -1).astype(np.int32)
            if not (at >= 0).any():
                break
        return out

    def subtree(self, root: int) -> npt.NDArray[np.bool_]:
        """Orgs at or below ``root`` (the hierarchy is at most four deep)."""
        inside = np.zeros(self.ids.shape[0], dtype=bool)
        ancestor = np.arange(self.ids.shape[0], dtype=np.int32)
        for _ in range(8):  # more than enough hops for province > ... > school
            inside |= ancestor == root
            alive = ancestor >= 0
            ancestor = np.where(alive, self.parent[np.maximum(ancestor, 0)], -1)
            if not (ancestor >= 0).any():
                break
        return inside


class Texts:
    """One value of an Arrow string array (no nulls), read from its buffers in place: a pyarrow
    scalar costs more than the whole lookup."""

    def __init__(self, texts: pa.Array) -> None:
        if texts.null_count:
            raise ValueError("ids cannot be empty")
        wide = pa.types.is_large_string(texts.type)
        offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64 if wide else np.int32)
        self._offsets = offsets[texts.offset:texts.offset + len(texts) + 1]
        data = texts.buffers()[2]
        self._data = memoryview(data) if data is not None else memoryview(b"")

    def bytes_at(self, row: int) -> bytes:
        return bytes(self._data[int(self._offsets[row]):int(self._offsets[row + 1])])

    def __getitem__(self, row: int) -> str:
        return self.bytes_at(row).decode()


class IdLookup:
    """Row of a teacher id, by binary search over the ids in sorted (UTF-8 byte) order.

    Reads the Arrow array's offsets and bytes in place: nothing per id is built, so a lookup right
    after a snapshot is mapped costs microseconds, where a dictionary of a million ids costs 0.3 s.
    """

    def __init__(self, texts: Texts, order: npt.NDArray[np.int32]) -> None:
        self._texts, self._order = texts, order

    def __call__(self, teacher_id: str) -> int | None:
        key = teacher_id.encode()
        order, at = self._order, self._texts.bytes_at
        lo, hi = 0, order.shape[0]
        while lo < hi:
            mid = (lo + hi) // 2
            if at(int(order[mid])) < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < order.shape[0] and at(int(order[lo])) == key:
            return int(order[lo])
        return None


def sorted_order(ids: pa.Array) -> npt.NDArray[np.int32]:
    """Rows of ``ids`` in sorted order (what ``IdLookup`` searches)."""
    return np.asarray(pc.sort_indices(ids), dtype=np.int32)


@dataclass(frozen=True)
class Facts:
    """Everything the checks read, for a population of teachers."""

    ids: pa.Array  # teacher ids, Arrow strings (one chunk)
    name_column: pa.Array  # teacher names, Arrow strings
    school: IntArray  # row in orgs
    entry: IntArray  # day number, MISSING if unknown
    stage: npt.NDArray[np.int8]
    head_teacher: npt.NDArray[np.int8]  # 1, 0, -1 unknown
    roles: npt.NDArray[np.uint8]  # bit code_of(Role) set per role
    principal_since: IntArray
    active: npt.NDArray[np.bool_]
    left_on: IntArray  # day number the teacher left or retired, OPEN_END if not known to have left
    orgs: Orgs
    titles: Keyed  # tier, level, track, org, awarded, until
    programmes: Keyed  # tier, level, org, enrolled, completed, result, type
    training: Keyed  # date, hours, kind (delivery), content, probation, passed, programme, level
    programme_names: Array  # training programme code -> name
    reviews: Keyed  # year, kind, result
    mentors: Keyed  # keyed by mentee: mentor, kind, start, end
    memberships: Keyed  # keyed by member (leads included): studio, level, joined, left
    postings: Keyed  # school, start, end, kind
    studio_ids: Array = field(default_factory=lambda: np.array([], dtype=object))
    # Which event tables the source had at all: no table means "unknown", not "none".
    present: frozenset[str] = frozenset()
    # Rows in id order (``sorted_order``); a snapshot stores it, else it is sorted on first lookup.
    id_order: npt.NDArray[np.int32] | None = None

    @property
    def n(self) -> int:
        return len(self.ids)

    @cached_property
    def teacher_ids(self) -> Array:
        """Every teacher id as a numpy object array (built on first use: sweeps sort by it)."""
        return np.asarray(self.ids.to_numpy(zero_copy_only=False), dtype=object)

    @cached_property
    def names(self) -> Array:
        return np.asarray(self.name_column.to_numpy(zero_copy_only=False), dtype=object)

    @cached_property
    def _id_texts(self) -> Texts:
        return Texts(self.ids)

    def teacher_id(self, row: int) -> str:
        """One teacher's id, without building ``teacher_ids``."""
        return self._id_texts[row]

    def name(self, row: int) -> str:
        """One teacher's name ('' if none on record), without building ``names``."""
        return str(self.name_column[row].as_py() or "")

    @cached_property
    def _lookup(self) -> IdLookup:
        order = self.id_order if self.id_order is not None else sorted_order(self.ids)
        return IdLookup(self._id_texts, order)

    def index_of(self, teacher_id: str) -> int | None:
        return self._lookup(teacher_id)

    def one(self, i: int) -> Facts:
        """Teacher i alone, as a population of one (for explanations)."""
        pick = slice(i, i + 1)
        return replace(
            self,
            ids=self.ids.slice(i, 1),
            name_column=self.name_column.slice(i, 1),
            id_order=None,
            school=self.school[pick],
            entry=self.entry[pick],
            stage=self.stage[pick],
            head_teacher=self.head_teacher[pick],
            roles=self.roles[pick],
            principal_since=self.principal_since[pick],
            active=self.active[pick],
            left_on=self.left_on[pick],
            titles=self.titles.one(i),
            programmes=self.programmes.one(i),
            training=self.training.one(i),
            reviews=self.reviews.one(i),
            mentors=self.mentors.one(i),
            memberships=self.memberships.one(i),
            postings=self.postings.one(i),
        )

    def in_scope(self, org_row: int | None) -> npt.NDArray[np.bool_]:
        """Teachers whose school lies in the subtree of ``org_row`` (all if None)."""
        if org_row is None:
            return np.ones(self.n, dtype=bool)
        return self.orgs.subtree(org_row)[self.school]
