"""Rows of roster tables as the entity models of domain/models.py, and back; record ids.

A row of an event table (a title, a training record, ...) has no id in the bundle format; the
API names it by a record id: a keyed hash of its values (``record_ids``, with the server's record
key from keys.py), the same in every store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from enum import Enum
from typing import Any

from pydantic import BaseModel

from talentgraph.domain.columns import ColType
from talentgraph.domain.tables import MODELS, SPECS
from talentgraph.keys import keyed_digest

__all__ = ["MODELS", "model_of", "record_ids", "row_of"]


def model_of(table: str, row: dict[str, Any]) -> BaseModel:
    """The entity of one row (schema columns only; defaults fill empty cells)."""
    spec, model = SPECS[table], MODELS[table]
    values = {c: row.get(c) for c in spec.column_names}
    for column in spec.columns:
        value = values[column.name]
        if column.type is ColType.ENUM_LIST:
            values[column.name] = tuple(v.strip() for v in (value or "").split(";") if v.strip())
        elif value is None and model.model_fields[column.name].is_required():
            values[column.name] = ""  # MayBeEmpty: an empty cell, the value is unknown
    return model.model_validate({k: v for k, v in values.items() if v is not None})


def row_of(table: str, model: BaseModel) -> dict[str, Any]:
    """The row of an entity: schema columns, enums as their values, lists joined by ';'."""
    values = {k: _plain(v) for k, v in model.model_dump().items()}
    for column in SPECS[table].columns:
        if column.type is ColType.ENUM_LIST:
            values[column.name] = ";".join(values.get(column.name) or ()) or None
    return {c: values.get(c) for c in SPECS[table].column_names}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def record_ids(table: str, rows: list[dict[str, Any]], key: bytes) -> list[str]:
    """A stable id per row: an HMAC (``key``) of its spec values; a repeat of the same row gets
    ``.1``, ``.2``. Keyed, so an id cannot be computed offline from a guessed row."""
    seen: Counter[str] = Counter()
    ids = []
    for row in rows:
        digest = _digest(table, row, key)
        ids.append(digest if not seen[digest] else f"{digest}.{seen[digest]}")
        seen[digest] += 1
    return ids


def _digest(table: str, row: dict[str, Any], key: bytes) -> str:
    values = [_text(row.get(c)) for c in SPECS[table].column_names]
    return keyed_digest(key, json.dumps([table, *values], ensure_ascii=False).encode())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)
