"""Who is there on a date: teachers in post, and (as of a past date) where they served.

As of a past date a teacher is in post if they had started and had not yet left
(``left_on``), and their school is the school of a regular posting
(postings.csv, kind regular) covering that date; exchange 交流 and support 支教
stints are service elsewhere, not a change of school. Without such a posting the
current school stands.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from talentgraph.domain.enums import PostingKind
from talentgraph.eligibility.base import int_col
from talentgraph.eligibility.days import MISSING, OPEN_END
from talentgraph.eligibility.facts import Facts, code_of


def in_post(facts: Facts, day: int) -> npt.NDArray[np.bool_]:
    """Teachers in post on ``day``: started teaching by then (or entry date unknown), and not yet
    gone. A teacher who left or retired on a known date (``left_on``) was in post before it; one
    whose status is left or retired with no date is taken as gone at every date (current-only)."""
    started: npt.NDArray[np.bool_] = (facts.entry == MISSING) | (facts.entry <= day)
    dated = facts.left_on != OPEN_END
    there = np.where(dated, day < facts.left_on, facts.active)
    return started & there


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
