"""Who is there on a date: teachers in post, and (as of a past date) where they served."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from talentgraph.eligibility.days import MISSING
from talentgraph.eligibility.facts import Facts


def in_post(facts: Facts, day: int) -> npt.NDArray[np.bool_]:
    """Active teachers who had started teaching by ``day`` (or whose entry date is unknown)."""
    started: npt.NDArray[np.bool_] = (facts.entry == MISSING) | (facts.entry <= day)
    return facts.active & started
