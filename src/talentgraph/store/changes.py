"""Writes as changes to roster tables: "these are now the rows of table X that belong to Y".

Every write the API makes (a new teacher, an updated studio, a title recorded, a member
added) is one or more ``Change``: the complete new set of rows of one bundle table owned by
one id. The owner of a row is its id for node tables (orgs, teachers, studios) and the
column the Neo4j store keys the table by otherwise (``OWNER``). Stores apply a list of
changes all or nothing; ``apply_changes`` is the pure version on a ``Roster``.

Rows that were there before and are still in the new set keep their place in the table; rows
no longer in it are dropped; new rows go last, in the order given. Both stores follow that.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.roster import Roster

# The column that says whom a row belongs to (the Neo4j store's key owner, or the id).
OWNER: dict[str, str] = {
    "orgs": "id",
    "teachers": "id",
    "studios": "id",
    "titles": "teacher_id",
    "programmes": "teacher_id",
    "training": "teacher_id",
    "mentorships": "mentee_id",
    "studio_members": "teacher_id",
    "studio_links": "studio_id",
    "reviews": "teacher_id",
    "postings": "teacher_id",
    # Nomination rounds: a round is a node; the rest of a round is owned by it.
    "rounds": "id",
    "nominations": "round_id",
    "decisions": "round_id",
    "round_events": "round_id",
}
NODE_TABLES = frozenset({"orgs", "teachers", "studios", "rounds"})


@dataclass(frozen=True)
class Change:
    """The complete new rows of ``table`` owned by ``owner`` (a node table: exactly one row)."""

    table: str
    owner: str
    rows: pa.Table

    def __post_init__(self) -> None:
        owners = set(self.rows[OWNER[self.table]].to_pylist())
        if owners - {self.owner}:
            others = sorted(owners - {self.owner})
            raise ValueError(f"{self.table}: rows of {others} in a change of {self.owner}")
        if self.table in NODE_TABLES and self.rows.num_rows != 1:
            raise ValueError(f"{self.table}: a change of a node table holds exactly one row")


def conform(rows: pa.Table, like: pa.Table) -> pa.Table:
    """``rows`` with the columns of ``like`` (extra columns the stored table has are null)."""
    columns = [rows[f.name] if f.name in rows.column_names else pa.nulls(rows.num_rows, f.type)
               for f in like.schema]
    return pa.Table.from_arrays([c.cast(f.type) for c, f in zip(columns, like.schema, strict=True)],
                                schema=like.schema)


def merge_rows(table: pa.Table, owner_column: str, owner: str, new: pa.Table) -> pa.Table:
    """``table`` with the rows of ``owner`` replaced by ``new`` (kept rows stay in place)."""
    new = conform(new, table)
    owned = pc.fill_null(pc.equal(table[owner_column], owner), False)
    old_rows, new_rows = table.filter(owned).to_pylist(), new.to_pylist()
    remaining = Counter(_frozen(r) for r in new_rows)
    keep_old = [_take(remaining, _frozen(r)) for r in old_rows]
    added = [r for r in new_rows if _take(remaining, _frozen(r))]
    mask = pc.invert(owned).to_pylist()
    keep_iter = iter(keep_old)
    keep = [True if m else next(keep_iter) for m in mask]
    kept = table.filter(pa.array(keep, pa.bool_()))
    if table.num_rows and owner_column == "id" and any(not m for m in mask) and added:
        # A node row is updated in place, so the table keeps its order.
        position = mask.index(False)
        return pa.concat_tables([table.slice(0, position), pa.Table.from_pylist(added, schema=table.schema),
                                 table.slice(position + 1)])
    return pa.concat_tables([kept, pa.Table.from_pylist(added, schema=table.schema)])


def apply_changes(roster: Roster, changes: Sequence[Change]) -> Roster:
    """The roster with every change applied, in order (a pure function)."""
    tables = dict(roster.tables)
    for change in changes:
        tables[change.table] = merge_rows(tables[change.table], OWNER[change.table], change.owner,
                                          change.rows)
    touched = {c.table for c in changes if c.rows.num_rows}
    return Roster(tables, roster.present | touched)


def _frozen(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted(row.items(), key=lambda item: item[0]))


def _take(counter: Counter[tuple[Any, ...]], key: tuple[Any, ...]) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False
