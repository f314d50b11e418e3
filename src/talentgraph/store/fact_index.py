"""The fact index as named flat arrays, so a snapshot can store it and map it back.

``flatten`` names every array of a ``Facts`` (``school``, ``titles.offsets``, ``titles.tier``,
``orgs.parent``, ...); ``unflatten`` puts arrays of those names back together, with the teacher ids
and names taken from the roster (they are its ``teachers`` table's columns, rows in the same order).
What the arrays are is read from the facts of an empty roster, so this module knows no column: a
column the fact builder gains is stored and read back without a change here, and an index written
by code that built different columns no longer matches ``signature()`` and is rebuilt instead.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from functools import cache
from typing import Any

import numpy as np
import pyarrow as pa

from talentgraph.eligibility.facts import Array, Facts, Keyed, Orgs, sorted_order
from talentgraph.roster import Roster
from talentgraph.store.roster_facts import FACTS_VERSION, facts_from_roster

# Facts fields that are not arrays of the index: taken from the roster, or kept in the manifest.
FROM_ROSTER = ("ids", "name_column")
NOT_ARRAYS = ("present",)


def flatten(facts: Facts) -> dict[str, Array]:
    """Every array of ``facts`` by name (``id_order`` included: computed if not known yet)."""
    out: dict[str, Array] = {}
    for f in fields(facts):
        if f.name in FROM_ROSTER or f.name in NOT_ARRAYS:
            continue
        value = getattr(facts, f.name)
        if f.name == "id_order" and value is None:
            value = sorted_order(facts.ids)
        if isinstance(value, Keyed):
            out[f"{f.name}.offsets"], out[f"{f.name}.teacher"] = value.offsets, value.teacher
            out |= {f"{f.name}.{col}": array for col, array in value.cols.items()}
        elif isinstance(value, Orgs):
            out |= {f"{f.name}.{o.name}": getattr(value, o.name) for o in fields(value)}
        else:
            out[f.name] = value
    return out


def unflatten(arrays: dict[str, Any], roster: Roster, present: frozenset[str]) -> Facts:
    """The ``Facts`` of ``flatten`` again (raises KeyError when an array is missing)."""
    template = _template()
    values: dict[str, Any] = {}
    for f in fields(template):
        shape = getattr(template, f.name)
        if isinstance(shape, Keyed):
            values[f.name] = Keyed({col: arrays[f"{f.name}.{col}"] for col in shape.cols},
                                   arrays[f"{f.name}.offsets"], arrays[f"{f.name}.teacher"])
        elif isinstance(shape, Orgs):
            values[f.name] = Orgs(**{o.name: arrays[f"{f.name}.{o.name}"] for o in fields(shape)})
        elif f.name not in FROM_ROSTER and f.name not in NOT_ARRAYS:
            values[f.name] = arrays[f.name]
    teachers = roster["teachers"]
    return replace(template, ids=teachers["id"].combine_chunks(),
                   name_column=teachers["name"].combine_chunks(), present=present, **values)


def signature() -> str:
    """What an index written now holds: each array's name and type, and ``FACTS_VERSION``."""
    layout = {name: _dtype_text(array) for name, array in flatten(_template()).items()}
    text = json.dumps({"facts_version": FACTS_VERSION, "arrays": layout}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _dtype_text(array: Array) -> str:
    return "text" if array.dtype.kind in "OU" else array.dtype.str  # text of any width


@cache
def _template() -> Facts:
    """The facts of an empty roster: which arrays there are, and of what type."""
    facts = facts_from_roster(Roster({}))
    return replace(facts, id_order=np.zeros(0, dtype=np.int32))


def strings_table(array: Array) -> pa.Table:
    """An object array of strings (ids, names) as a one-column Arrow table."""
    return pa.table({"value": pa.array(array, pa.string())})
