"""Mentorship lineage, like an academic genealogy: who trained whom, over generations.

The semantics are domain/network.py's: mentorships begun on or before the
as-of date count, ended or not; a relative's generation is the fewest
mentorship steps from the teacher. The teacher is never their own relative,
even when the data has a mentorship cycle.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from talentgraph.analysis.graph import mentees, mentors, teacher_id, teacher_node, tiers_held
from talentgraph.analysis.mentoring import MENTORING_KINDS
from talentgraph.domain.enums import Tier
from talentgraph.domain.network import Lineage, Relative

Step = Callable[[nx.MultiDiGraph, str, dt.date, Collection[str] | None], Iterator[str]]


def _down(g: nx.MultiDiGraph, node: str, as_of: dt.date, kinds: Collection[str] | None) -> Iterator[str]:
    return mentees(g, node, as_of, kinds=kinds)


def _up(g: nx.MultiDiGraph, node: str, as_of: dt.date, kinds: Collection[str] | None) -> Iterator[str]:
    return mentors(g, node, as_of, kinds=kinds)


def lineage(g: nx.MultiDiGraph, teacher_id: str, as_of: dt.date, depth: int,
            kinds: Collection[str] | None = None) -> Lineage:
    """Mentors up and mentees down from one teacher, ``depth`` generations each way.

    Args:
        g: the property graph (``graph_of``, or ``EmbeddedStore.graph``).
        teacher_id: the teacher at the centre; NotFound if not in ``g``.
        as_of: mentorships begun after this day do not count.
        depth: generations to follow each way (at least 1).
        kinds: mentorship kinds to follow (None: every kind, as the stores'
            lineage answers; the research definition is ``MENTORING_KINDS``).

    Returns:
        A ``Lineage``: ancestors and descendants with their generation,
        ordered by (generation, teacher_id).

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> g = chain("A", "B", "C", "D")   # A mentors B, B mentors C, C mentors D
        >>> lin = lineage(g, "B", dt.date(2026, 1, 1), depth=1)
        >>> [r.teacher_id for r in lin.ancestors], [r.teacher_id for r in lin.descendants]
        (['A'], ['C'])
        >>> lineage(g, "A", dt.date(2026, 1, 1), depth=5).descendants_per_generation
        {1: 1, 2: 1, 3: 1}
    """
    if depth < 1:
        raise ValueError(f"depth must be at least 1, got {depth}")
    node = teacher_node(g, teacher_id)
    return Lineage(
        teacher_id=teacher_id, as_of=as_of, depth=depth,
        ancestors=_generations(g, node, as_of, depth, _up, kinds),
        descendants=_generations(g, node, as_of, depth, _down, kinds),
    )


def _generations(g: nx.MultiDiGraph, start: str, as_of: dt.date, depth: int | None,
                 step: Step, kinds: Collection[str] | None) -> list[Relative]:
    """Breadth-first from ``start``: each node's first (shortest) generation, cycles cut."""
    seen, frontier, found = {start}, [start], list[Relative]()
    generation = 0
    while frontier and (depth is None or generation < depth):
        generation += 1
        nxt = []
        for node in frontier:
            for other in step(g, node, as_of, kinds):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        found.extend(Relative(teacher_id=teacher_id(n), generation=generation) for n in nxt)
        frontier = nxt
    return sorted(found, key=lambda r: (r.generation, r.teacher_id))


def descendants(g: nx.MultiDiGraph, teacher_id: str, as_of: dt.date,
                depth: int | None = None, kinds: Collection[str] | None = None) -> list[Relative]:
    """Every mentee, mentee's mentee, ... of a teacher (all generations when ``depth`` is None).

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> found = descendants(chain("A", "B", "C"), "A", dt.date(2026, 1, 1))
        >>> [(r.teacher_id, r.generation) for r in found]
        [('B', 1), ('C', 2)]
    """
    return _generations(g, teacher_node(g, teacher_id), as_of, depth, _down, kinds)


def famous_descendants(g: nx.MultiDiGraph, as_of: dt.date, depth: int | None = None,
                       top: Tier = Tier.FAMOUS,
                       kinds: Collection[str] | None = MENTORING_KINDS) -> dict[str, dict[str, int]]:
    """For each teacher holding ``top`` tier or higher on ``as_of``: descendants by the tier they hold.

    How famous teachers radiate (XD, TX): each one's descendants (all
    generations, or ``depth``) counted by their highest teaching tier on the
    date, ``"none"`` for those holding no title. Teachers are keyed by id, in
    id order; the counts' keys run down the ladder, highest tier first.
    Mentorships of ``kinds`` count (the research definition by default).

    A famous teacher may descend from another, so the counts of different
    teachers overlap: add them up only through ``descendant_overlap``.

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> g = chain("A", "B", "C")
        >>> _ = g.add_edge("Teacher:A", "Tier:famous", type="HOLDS", track="teacher",
        ...                awarded_on=dt.date(2020, 1, 1), valid_until=None)
        >>> _ = g.add_edge("Teacher:B", "Tier:backbone", type="HOLDS", track="teacher",
        ...                awarded_on=dt.date(2020, 1, 1), valid_until=None)
        >>> famous_descendants(g, dt.date(2026, 1, 1))
        {'A': {'backbone': 1, 'none': 1}}
    """
    held = tiers_held(g, as_of)
    order = {t.value: t.rank for t in Tier} | {"none": -1}
    out: dict[str, dict[str, int]] = {}
    for tid in sorted(t for t, tier in held.items() if tier >= top):
        counts = Counter(held[r.teacher_id].value if r.teacher_id in held else "none"
                         for r in descendants(g, tid, as_of, depth, kinds))
        out[tid] = dict(sorted(counts.items(), key=lambda kv: order[kv[0]], reverse=True))
    return out


@dataclass(frozen=True)
class Share:
    """One root's descendants: all of them, those no other root also reaches, and the rest."""

    total: int
    own: int
    shared: int


@dataclass(frozen=True)
class Overlap:
    """Descendants of several roots counted once: per root, in all, and roots under roots."""

    per_root: dict[str, Share]
    distinct: int  # teachers descending from at least one root
    counted: int  # the per-root totals added up (counts shared teachers more than once)
    by_tier: dict[str, int]  # the distinct descendants by the tier they hold on the date
    nested: list[tuple[str, str]]  # (root, root among its descendants)


def descendant_overlap(g: nx.MultiDiGraph, as_of: dt.date, roots: Iterable[str], depth: int | None = None,
                       kinds: Collection[str] | None = MENTORING_KINDS) -> Overlap:
    """How the descendants of ``roots`` overlap, so that totals count each teacher once.

    Examples:
        >>> from talentgraph.analysis.examples import chain
        >>> o = descendant_overlap(chain("A", "B", "C"), dt.date(2026, 1, 1), ["A", "B"])
        >>> o.per_root["A"], o.per_root["B"]
        (Share(total=2, own=1, shared=1), Share(total=1, own=0, shared=1))
        >>> o.distinct, o.counted, o.nested
        (2, 3, [('A', 'B')])
    """
    roots = sorted(set(roots))
    found = {r: {x.teacher_id for x in descendants(g, r, as_of, depth, kinds)} for r in roots}
    reached_by = Counter(t for ds in found.values() for t in ds)
    per_root = {}
    for r, ds in found.items():
        own = sum(1 for t in ds if reached_by[t] == 1)
        per_root[r] = Share(len(ds), own, len(ds) - own)
    held = tiers_held(g, as_of)
    order = {t.value: t.rank for t in Tier} | {"none": -1}
    tiers = Counter(held[t].value if t in held else "none" for t in reached_by)
    return Overlap(per_root, len(reached_by), sum(len(ds) for ds in found.values()),
                   dict(sorted(tiers.items(), key=lambda kv: order[kv[0]], reverse=True)),
                   [(r, other) for r in roots for other in roots if other in found[r]])
