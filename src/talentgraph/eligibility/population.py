"""Who is there on a date: teachers in post, and (as of a past date) where they served.

As of a past date a teacher's school is the school of a regular posting
(postings.csv, kind regular) covering that date; exchange 交流 and support 支教
stints are service elsewhere, not a change of school. Without such a posting the
current school stands.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import PostingKind
from talentgraph.eligibility.base import int_col
from talentgraph.eligibility.days import MISSING
from talentgraph.eligibility.facts import Facts, code_of


def in_post(facts: Facts, day: int) -> npt.NDArray[np.bool_]:
    """Active teachers who had started teaching by ``day`` (or whose entry date is unknown)."""
    started: npt.NDArray[np.bool_] = (facts.entry == MISSING) | (facts.entry <= day)
    return facts.active & started


REGULAR = code_of(PostingKind.REGULAR)


def school_on(facts: Facts, day: int) -> npt.NDArray[np.int32]:
    """Each teacher's school (org row) on ``day``: a regular posting covering it, else the current one."""
    p = facts.postings
    school = int_col(p, "school")
    covering = ((p["kind"] == REGULAR) & (int_col(p, "start") <= day) & (int_col(p, "end") >= day)
                & (school >= 0))
    out = facts.school.copy()
    out[p.teacher[covering]] = school[covering]
    return out
