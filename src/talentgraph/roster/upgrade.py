"""Roster tables written at an earlier schema version, brought to the current one.

``upgrade(tables, version)`` runs one step per version (``STEPS``): a step adds the columns
its version introduced (empty, or their default) and rewrites what that version changed.
Snapshots of an earlier version open through it; the bundle reader shares the training step
(``split_legacy_kind``). docs/upgrading.md lists the versions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from talentgraph.domain.enums import ProgrammeType, TitleSource, TrainingContent
from talentgraph.domain.tables import ROUND_TABLES, SCHEMA_VERSION, SPECS
from talentgraph.roster import arrow_schema, empty_table

# Format version 1 let training.kind say what was studied for these three: they are contents.
LEGACY_KINDS = (TrainingContent.PUBLIC_NEED, TrainingContent.PROFESSIONAL, TrainingContent.ETHICS)
# Nothing here converts Python values to Arrow at import: pyarrow imports pandas (0.2-0.4 s) the
# first time it converts any, and every command imports this module (snapshots, bundles).
_NULL_TEXT = pa.nulls(1, pa.string())[0]

Tables = dict[str, pa.Table]


@cache
def _legacy() -> pa.Array:
    return pa.array([k.value for k in LEGACY_KINDS], pa.string())


class UpgradeError(ValueError):
    """Tables that cannot be brought to the current version (the message says which and why)."""


def has_legacy_kinds(kind: pa.ChunkedArray) -> bool:
    """Whether any training kind is one of version 1's contents."""
    return bool(pc.any(pc.is_in(kind, value_set=_legacy())).as_py())


def split_legacy_kind(kind: pa.ChunkedArray, content: pa.ChunkedArray
                      ) -> tuple[pa.ChunkedArray, pa.ChunkedArray, pa.ChunkedArray, pa.ChunkedArray]:
    """Training ``kind`` and ``content`` with the content values of version 1 moved from kind to
    content (the delivery is then unknown), the mask of the rows moved, and the mask of rows that
    cannot move because their content says something else."""
    legacy = pc.is_in(kind, value_set=_legacy())
    clash = pc.and_(legacy, pc.and_(content.is_valid(), pc.not_equal(content, kind)).fill_null(False))
    moved = pc.and_(legacy, pc.invert(clash))
    return (pc.if_else(moved, _NULL_TEXT, kind), pc.if_else(moved, kind, content), moved, clash)


def upgrade(tables: Tables, version: int) -> Tables:
    """``tables`` (roster tables of schema ``version``) as tables of the current schema."""
    if not 1 <= version <= SCHEMA_VERSION:
        raise UpgradeError(f"schema version {version} is not one this talentgraph knows (1 to "
                           f"{SCHEMA_VERSION})")
    for step in STEPS[version - 1:]:
        tables = step(tables)
    return {name: _in_schema_order(name, table) for name, table in tables.items()}


def _to_version_2(tables: Tables) -> Tables:
    """teachers.left_on (empty: not known), training.content beside kind (version 1's content
    values move out of kind), programmes.type (every version 1 enrolment was a cultivation)."""
    tables = dict(tables)
    tables["teachers"] = _with_column(tables["teachers"], "teachers", "left_on")
    tables["programmes"] = _with_column(tables["programmes"], "programmes", "type",
                                        ProgrammeType.CULTIVATION.value)
    training = _with_column(tables["training"], "training", "content")
    kind, content, _, clash = split_legacy_kind(training["kind"], training["content"])
    if pc.any(clash).as_py():
        raise UpgradeError(f"training: {pc.sum(clash).as_py()} rows have a content value in kind "
                           "and another content in an extra column 'content'")
    training = training.set_column(training.column_names.index("kind"), "kind", kind)
    tables["training"] = training.set_column(training.column_names.index("content"), "content", content)
    return tables


def _to_version_3(tables: Tables) -> Tables:
    """titles.source (every earlier title came with the roster: import) and the columns a
    round's title fills (empty); the nomination round tables (none yet: empty)."""
    tables = dict(tables)
    titles = _with_column(tables["titles"], "titles", "source", TitleSource.IMPORT.value)
    for column in ("nomination_id", "policy", "policy_hash", "verdict"):
        titles = _with_column(titles, "titles", column)
    tables["titles"] = titles
    for name in ROUND_TABLES:
        if name not in tables:
            tables[name] = empty_table(name)
    return tables


Step = Callable[[Tables], Tables]
STEPS: tuple[Step, ...] = (_to_version_2, _to_version_3)  # STEPS[i] brings version i + 1 to i + 2


def _with_column(table: pa.Table, name: str, column: str, default: str | None = None) -> pa.Table:
    """``table`` with the schema's ``column``: empty (or ``default``) for every row, or, when an
    earlier version kept a column of that name as an extra (text), its values typed."""
    field = arrow_schema(SPECS[name]).field(column)
    if column not in table.column_names:
        values = pa.nulls(table.num_rows, field.type) if default is None else pa.array(
            [default] * table.num_rows, field.type)
        return table.append_column(field, values)
    text = table[column]
    try:
        typed = text.cast(field.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise UpgradeError(f"{name}: the extra column {column!r} does not hold {field.type} values, "
                           f"which the column {column} now needs: {exc}") from None
    enum = SPECS[name].column(column).enum
    if enum is not None and not pc.all(pc.is_in(typed.drop_null(), value_set=pa.array(
            [m.value for m in enum]))).as_py():
        raise UpgradeError(f"{name}: the extra column {column!r} holds values that are not a {column}")
    if default is not None:
        typed = typed.fill_null(default)
    return table.set_column(table.column_names.index(column), field, typed)


def _in_schema_order(name: str, table: pa.Table) -> pa.Table:
    """The schema's columns in order with their types, then the extra columns as they were."""
    schema = arrow_schema(SPECS[name])
    missing = [f.name for f in schema if f.name not in table.column_names]
    if missing:
        raise UpgradeError(f"{name}: no column {', '.join(missing)} after the upgrade")
    extras = [c for c in table.column_names if c not in schema.names]
    ordered = table.select([*schema.names, *extras])
    return ordered.cast(pa.schema([*schema, *(ordered.schema.field(c) for c in extras)]))
