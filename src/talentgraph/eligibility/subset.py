"""Some teachers of a population, as a population of their own (what ``Facts.one`` does for one).

Readiness asks the engine about a few hundred teachers on each of many dates; a sweep costs
about as much for a population of one as for a few thousand, so it asks about every teacher
whose date it is at once, over just those teachers' facts.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from talentgraph.eligibility.facts import Facts, Keyed

Rows = npt.NDArray[np.intp]

# Per-teacher columns (one value a teacher) and event tables, as ``Facts.one`` slices them, and
# what every teacher shares (the org tree, code tables, which files the source had).
TAKEN = ("ids", "name_column", "school", "entry", "stage", "head_teacher", "roles", "principal_since",
         "active", "left_on", "titles", "programmes", "training", "reviews", "mentors", "memberships",
         "postings")
SHARED = ("orgs", "programme_names", "studio_ids", "present", "id_order")


def take_teachers(facts: Facts, rows: Rows) -> Facts:
    """The teachers at ``rows`` of ``facts``, in that order, as rows 0..len(rows)-1."""
    rows = np.asarray(rows, dtype=np.intp)
    picked = pa.array(rows, type=pa.int64())
    return replace(
        facts,
        ids=facts.ids.take(picked),
        name_column=facts.name_column.take(picked),
        id_order=None,  # sorted again on first lookup
        school=facts.school[rows],
        entry=facts.entry[rows],
        stage=facts.stage[rows],
        head_teacher=facts.head_teacher[rows],
        roles=facts.roles[rows],
        principal_since=facts.principal_since[rows],
        active=facts.active[rows],
        left_on=facts.left_on[rows],
        titles=take_rows(facts.titles, rows),
        programmes=take_rows(facts.programmes, rows),
        training=take_rows(facts.training, rows),
        reviews=take_rows(facts.reviews, rows),
        mentors=take_rows(facts.mentors, rows),
        memberships=take_rows(facts.memberships, rows),
        postings=take_rows(facts.postings, rows),
    )


def take_rows(table: Keyed, rows: Rows) -> Keyed:
    """The event rows of the teachers at ``rows``, re-keyed as teachers 0..len(rows)-1."""
    start = table.offsets[rows]
    counts = table.offsets[rows + 1] - start
    offsets = np.zeros(rows.shape[0] + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    # Row j of the result is start[teacher] + (j - offsets[teacher]).
    index = np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(start - offsets[:-1], counts)
    teacher = np.repeat(np.arange(rows.shape[0], dtype=np.int32), counts)
    return Keyed({k: v[index] for k, v in table.cols.items()}, offsets, teacher)


def unhandled_fields() -> set[str]:
    """Fields of ``Facts`` this module does not know how to take (a test keeps this empty)."""
    return {f.name for f in fields(Facts)} - {*TAKEN, *SHARED}
