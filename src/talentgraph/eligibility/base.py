"""The check protocol, the registry of evaluators, and shared column helpers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import numpy.typing as npt

from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.verdict import Evidence
from talentgraph.eligibility.context import Context, Outcome
from talentgraph.eligibility.facts import Facts, Keyed, code_of

Mask = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.signedinteger[Any]]


class Evaluator(Protocol):
    """How one check kind is measured, worded and evidenced."""

    def evaluate(self, spec: Any, facts: Facts, ctx: Context) -> Outcome: ...

    def reason(self, spec: Any, ctx: Context, passed: bool, unknown: bool,
               values: dict[str, float]) -> Message: ...

    def evidence(self, spec: Any, one: Facts, ctx: Context) -> list[Evidence]: ...


EVALUATORS: dict[str, Evaluator] = {}
E = TypeVar("E")


def evaluator(kind: str) -> Callable[[type[E]], type[E]]:
    """Register the class as the evaluator of policy checks of ``kind``."""

    def register(cls: type[E]) -> type[E]:
        EVALUATORS[kind] = cls()  # type: ignore[assignment]
        return cls

    return register


def evaluator_for(spec: Any) -> Evaluator:
    return EVALUATORS[spec.kind]


def int_col(table: Keyed, name: str) -> Ints:
    """An integer column of ``table`` (codes, rows, day numbers, years)."""
    return cast(Ints, table[name])


def bool_col(table: Keyed, name: str) -> Mask:
    """A boolean column of ``table`` (``passed``, ``probation``)."""
    return cast(Mask, table[name])


def any_row(table: Keyed, rows: Mask, n: int) -> Mask:
    """Per teacher: does any of the selected rows belong to them?"""
    out = np.zeros(n, dtype=bool)
    out[table.teacher[rows]] = True
    return out


def sum_rows(table: Keyed, rows: Mask, weights: npt.NDArray[Any], n: int) -> npt.NDArray[np.float64]:
    """Per teacher: the sum of ``weights`` over the selected rows."""
    sums = np.bincount(table.teacher[rows], weights=weights[rows], minlength=n)
    return np.asarray(sums, dtype=np.float64)  # weighted counts are already float64: no copy


def max_rows(table: Keyed, rows: Mask, values: npt.NDArray[Any], n: int,
             fill: float = np.nan) -> npt.NDArray[np.float64]:
    """Per teacher: the largest of ``values`` over the selected rows (``fill`` if none)."""
    out = np.full(n, -np.inf)
    np.maximum.at(out, table.teacher[rows], values[rows].astype(np.float64))
    out[np.isneginf(out)] = fill
    return out


def codes(values: list[Any]) -> list[int]:
    return [code_of(v) for v in values]


# Below this many rows a column is compared with each wanted code in turn: what np.isin does
# for a few codes, without its set-up (range checks, dtype probes), which outweighed the
# comparisons on one teacher's rows in an explanation. Above it, np.isin as before (sweeps).
_FEW_ROWS = 1024


def one_of(col: npt.NDArray[Any], wanted: list[int]) -> Mask:
    """Per row: is the code in ``col`` one of ``wanted``? (``np.isin`` for integer codes.)"""
    if col.shape[0] > _FEW_ROWS:
        return np.isin(col, wanted)
    rows = np.zeros(col.shape[0], dtype=bool)
    for code in wanted:
        rows |= col == code
    return rows


def fmt_hours(h: float) -> Message:
    """``12.5 h`` (学时 in Chinese)."""
    return message(N_("{hours} h"), hours=float(h))
