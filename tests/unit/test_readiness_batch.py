"""Readiness in one batch equals readiness worked out one teacher at a time (the oracle, the
algorithm as it was before the batch), on a generated region under every built-in policy; and
taking some teachers of a population keeps their facts whole. (The contract scenarios compare
the two as well, on both stores: tests/contract/test_decisions_readiness.py.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import numpy as np
import pytest

from talentgraph.domain.target import Target
from talentgraph.eligibility.engine import sweep
from talentgraph.eligibility.facts import Facts
from talentgraph.eligibility.readiness import readiness_of
from talentgraph.eligibility.subset import take_teachers, unhandled_fields
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.schema import Policy
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.synth import generate_region
from tests import readiness_oracle

AS_OF = dt.date(2026, 9, 1)
CHECKED_PER_TARGET = 6  # the oracle costs a sweep per date per teacher: a sample of each list


@pytest.fixture(scope="module")
def facts() -> Facts:
    return facts_from_roster(generate_region(150, seed=11, as_of=AS_OF))


def questions() -> Iterator[tuple[Policy, Target]]:
    """Every built-in policy, on every third target it covers (each batch asks thousands of dates)."""
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers()[::3]:
            yield policy, target


@pytest.mark.parametrize(("policy", "target"), list(questions()), ids=lambda x: str(getattr(x, "name", x)))
def test_batch_readiness_equals_the_per_teacher_answer(facts: Facts, policy: Policy, target: Target) -> None:
    """Every candidate at once, in the list's order; a sample of them (each answer's kind: every
    "ready on" found, then the rest spread over the list) asked of the oracle one by one."""
    found = sweep(facts, policy, target, AS_OF)
    rows = found.rows[found.order()]
    batch = readiness_of(facts, policy, target, AS_OF, rows)
    assert len(batch) == rows.shape[0]
    dated = [i for i, r in enumerate(batch) if r.status == "ready on"][:CHECKED_PER_TARGET]
    spread = np.linspace(0, rows.shape[0] - 1, CHECKED_PER_TARGET).astype(int).tolist() if rows.size else []
    for i in dict.fromkeys([*dated, *spread]):
        assert batch[i] == readiness_oracle.readiness(facts, policy, target, AS_OF, int(rows[i])), i


def test_batch_readiness_of_a_list_in_any_order_is_each_ones_answer(facts: Facts) -> None:
    """The same teachers asked in reverse, or twice, get the same answers: a teacher's answer does
    not depend on who else is asked with them."""
    policy, target = load_policy("jiangmen"), Target.parse("emerging@school")
    rows = sweep(facts, policy, target, AS_OF).rows[:40]
    forward = readiness_of(facts, policy, target, AS_OF, rows)
    backward = readiness_of(facts, policy, target, AS_OF, rows[::-1])
    assert backward == forward[::-1]
    assert readiness_of(facts, policy, target, AS_OF, np.concatenate([rows[:3], rows[:3]])) == forward[:3] * 2
    assert readiness_of(facts, policy, target, AS_OF, rows[:0]) == []


def test_taking_teachers_keeps_each_ones_facts(facts: Facts) -> None:
    """The teachers taken are the same teachers: each one alone equals the same one taken."""
    assert unhandled_fields() == set()  # a new field of Facts must be taken (or shared) too
    rows = np.array([7, 3, 3, 120], dtype=np.intp)
    taken = take_teachers(facts, rows)
    assert taken.n == 4 and taken.teacher_ids.tolist() == facts.teacher_ids[rows].tolist()
    for i, row in enumerate(rows):
        mine, theirs = taken.one(i), facts.one(int(row))
        assert mine.teacher_id(0) == theirs.teacher_id(0)
        for table in ("titles", "programmes", "training", "reviews", "mentors", "memberships", "postings"):
            a, b = getattr(mine, table), getattr(theirs, table)
            assert a.cols.keys() == b.cols.keys()
            for name in a.cols:
                assert np.array_equal(a[name], b[name]), (table, name)
        for column in ("school", "entry", "stage", "head_teacher", "roles", "principal_since", "active",
                       "left_on"):
            assert np.array_equal(getattr(mine, column), getattr(theirs, column)), column
