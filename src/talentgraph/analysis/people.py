"""Teachers as rows: the attributes every research table, measure and export reads.

Read from the property graph. ``school_id``, ``rural``, ``status`` and
``head_teacher`` are today's values (the roster keeps the current record);
``tier`` is the highest teaching-track title held on the as-of date.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx

from talentgraph.analysis.graph import started, teacher_id, tiers_held
from talentgraph.domain.graph_schema import Label, node_key

NO_TIER = "none"


def teacher_rows(g: nx.MultiDiGraph, as_of: dt.date) -> list[dict[str, Any]]:
    """One dict per teacher entered by ``as_of`` (an unknown entry date counts), sorted by id.

    Keys: ``teacher_id, school_id, county_id, rural, subject, stage, entry_date,
    cohort, status, head_teacher, tier``. ``rural`` is None when the school's
    flag is unknown; ``cohort`` is the entry year (None without an entry date).

    Examples:
        >>> from talentgraph.analysis.examples import mobility_example
        >>> for r in teacher_rows(mobility_example(), dt.date(2026, 9, 1)):
        ...     print(r["teacher_id"], r["rural"], r["cohort"], r["tier"])
        A True 2016 backbone
        B False 2020 none
        D False None none
        M False None none
    """
    held = tiers_held(g, as_of)
    rows = []
    for node, a in g.nodes(data=True):
        if a.get("label") != Label.TEACHER.value or not started(a, "entry_date", as_of):
            continue
        tid = teacher_id(node)
        school = g.nodes.get(node_key(Label.ORG, a.get("school_id") or ""), {})
        entry = a.get("entry_date")
        rows.append({
            "teacher_id": tid, "school_id": a.get("school_id"), "county_id": school.get("parent_id"),
            "rural": school.get("rural"), "subject": a.get("subject"), "stage": a.get("stage"),
            "entry_date": entry, "cohort": entry.year if entry else None,
            "status": a.get("status"), "head_teacher": a.get("head_teacher"),
            "tier": held[tid].value if tid in held else NO_TIER,
        })
    return sorted(rows, key=lambda r: r["teacher_id"])
