"""The region as tidy pandas tables: one row per teacher, title, mentorship, studio, membership.

Needs pandas (the ``notebooks`` extra). Read from the property graph as
known on the as-of date: rows that had not begun by then are left out, end
dates after it are blank (a mentorship ending later was ongoing then), and
teacher columns marked today's in analysis/people.py are today's. With
``hide`` (``researcher_pseudonyms()``) every teacher id, in every table, is
the API researcher role's pseudonym, so tables join on it as on ids; names
are never in these tables.

Column types are pandas' nullable ones (``string``, ``boolean``, ``Int64``)
and ``datetime64`` for dates, so a missing value is ``<NA>``/``NaT``, never
a Python None in an object column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from talentgraph.analysis.graph import started, teacher_id
from talentgraph.analysis.mentoring import MENTORING_KINDS
from talentgraph.analysis.mobility import TierTimes
from talentgraph.analysis.people import teacher_rows
from talentgraph.analysis.pseudonyms import Hide, shown
from talentgraph.domain.graph_schema import Label, Rel, held_tier

_TYPES = {"teacher_id": "string", "mentor_id": "string", "mentee_id": "string", "lead_id": "string",
          "school_id": "string", "county_id": "string", "studio_id": "string", "subject": "string",
          "stage": "string", "status": "string", "tier": "string", "level": "string", "track": "string",
          "kind": "string", "org_id": "string", "host_org_id": "string", "mentor_tier": "string",
          "rural": "boolean", "head_teacher": "boolean", "research_mentoring": "boolean",
          "reached": "boolean", "mentored": "boolean", "ongoing": "boolean", "current": "boolean",
          "cohort": "Int64"}


@dataclass(frozen=True)
class RegionTables:
    as_of: dt.date
    teachers: pd.DataFrame
    titles: pd.DataFrame
    mentorships: pd.DataFrame
    studios: pd.DataFrame
    studio_members: pd.DataFrame


def region_tables(g: nx.MultiDiGraph, as_of: dt.date, hide: Hide | None = None) -> RegionTables:
    """Teachers, titles, mentorships, studios and memberships of ``g`` as known on ``as_of``.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> t = region_tables(mobility_example(), dt.date(2026, 9, 1))
        >>> t.mentorships[["mentor_id", "mentee_id", "kind", "research_mentoring"]].to_dict("records")
        [{'mentor_id': 'M', 'mentee_id': 'A', 'kind': 'subject', 'research_mentoring': True}, \
{'mentor_id': 'M', 'mentee_id': 'B', 'kind': 'head_teacher', 'research_mentoring': False}]
    """
    name = shown(hide)
    people = teacher_rows(g, as_of)
    known = {r["teacher_id"] for r in people}
    teachers = [{**r, "teacher_id": name(r["teacher_id"])} for r in people]
    titles, mentorships, members = [], [], []
    for a, b, e in g.edges(data=True):
        kind = e.get("type")
        if kind == Rel.HOLDS.value and teacher_id(a) in known and started(e, "awarded_on", as_of):
            titles.append({"teacher_id": name(teacher_id(a)), "tier": held_tier(b, e),
                           "level": e.get("level"), "track": e.get("track") or "teacher",
                           "org_id": e.get("org_id"), "awarded_on": e.get("awarded_on"),
                           "valid_until": _until(e.get("valid_until"), as_of)})
        elif (kind == Rel.MENTORS.value and teacher_id(a) in known and teacher_id(b) in known
              and started(e, "start_date", as_of)):
            end = _until(e.get("end_date"), as_of)
            mentorships.append({"mentor_id": name(teacher_id(a)), "mentee_id": name(teacher_id(b)),
                                "kind": e.get("kind"), "research_mentoring": e.get("kind") in MENTORING_KINDS,
                                "start_date": e.get("start_date"), "end_date": end, "ongoing": end is None})
        elif kind == Rel.MEMBER_OF.value and teacher_id(a) in known and started(e, "joined_on", as_of):
            left = _until(e.get("left_on"), as_of)
            members.append({"studio_id": b.split(":", 1)[1], "teacher_id": name(teacher_id(a)),
                            "joined_on": e.get("joined_on"), "left_on": left,
                            "current": left is None or left >= as_of})
    studios = [{"studio_id": a["id"], "lead_id": name(a["lead_id"]), "level": a.get("level"),
                "subject": a.get("subject"), "rural": a.get("rural"), "host_org_id": a.get("host_org_id"),
                "founded_on": a.get("founded_on")}
               for _, a in g.nodes(data=True)
               if a.get("label") == Label.STUDIO.value and started(a, "founded_on", as_of)]
    return RegionTables(
        as_of,
        _frame(teachers, ["teacher_id", "school_id", "county_id", "rural", "subject", "stage", "entry_date",
                          "cohort", "status", "head_teacher", "tier"]),
        _frame(titles, ["teacher_id", "tier", "level", "track", "org_id", "awarded_on", "valid_until"]),
        _frame(mentorships, ["mentor_id", "mentee_id", "kind", "research_mentoring", "start_date",
                             "end_date", "ongoing"]),
        _frame(studios, ["studio_id", "lead_id", "level", "subject", "rural", "host_org_id", "founded_on"]),
        _frame(members, ["studio_id", "teacher_id", "joined_on", "left_on", "current"]),
    )


def tier_table(times: TierTimes, hide: Hide | None = None) -> pd.DataFrame:
    """``tier_times`` as one row per teacher: the input of the survival models.

    Columns: ``teacher_id, years, reached, mentored, mentored_at, mentor_tier,
    rural, subject, stage, cohort``. ``mentored`` is the one definition:
    subject or studio mentoring begun before the tier was reached.

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> from talentgraph.analysis.mobility import tier_times
        >>> from talentgraph.domain.enums import Tier
        >>> df = tier_table(tier_times(mobility_example(), Tier.BACKBONE, dt.date(2026, 9, 1)))
        >>> df[["teacher_id", "reached", "mentored", "rural"]].to_dict("records")
        [{'teacher_id': 'A', 'reached': True, 'mentored': True, 'rural': True}, \
{'teacher_id': 'B', 'reached': False, 'mentored': False, 'rural': False}]
    """
    name = shown(hide)
    frame = pd.DataFrame({
        "teacher_id": [name(t) for t in times.teacher_ids], "years": times.years, "reached": times.reached,
        "mentored": times.mentored, "mentored_at": times.mentored_at,
        "mentor_tier": [t or None for t in times.mentor_tier],
        "rural": pd.array([None if r < 0 else bool(r) for r in times.rural.tolist()], dtype="boolean"),
        "subject": times.subject, "stage": times.stage, "cohort": times.cohort,
    })
    return _typed(frame)


def _until(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    """An end date as known on ``as_of``: blank when it lay after it."""
    return None if day is None or day > as_of else day


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    sort = [c for c in columns if c.endswith("_id")][:2]
    return _typed(frame.sort_values(sort, kind="stable").reset_index(drop=True) if len(frame) else frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if col in _TYPES:
            frame[col] = frame[col].astype(_TYPES[col])
        elif col.endswith(("_date", "_on", "_until")):
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
        elif frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return frame
