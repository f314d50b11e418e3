"""``one_of`` answers what ``np.isin`` answers for integer codes, below and above its row limit."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from talentgraph.eligibility.base import _FEW_ROWS, one_of


@pytest.mark.parametrize("rows", [0, 1, 7, _FEW_ROWS, _FEW_ROWS + 1, 5000])
@pytest.mark.parametrize("wanted", [[], [0], [2, 0], [-1, 3, 4], [1, 1]])
@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64])
def test_one_of_is_isin(rows: int, wanted: list[int], dtype: type) -> None:
    # -1: a missing code
    col: npt.NDArray[np.integer[Any]] = np.random.default_rng(rows).integers(-1, 6, rows).astype(dtype)
    got = one_of(col, wanted)
    assert got.dtype == np.bool_
    assert np.array_equal(got, np.isin(col, wanted))
