"""One target grammar: TIER@LEVEL[/TRACK] everywhere, and the Chinese title as bureaus write it."""

from __future__ import annotations

import itertools

import pytest

from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.errors import InvalidTarget
from talentgraph.i18n import CHINESE, Words
from talentgraph.policy.load import builtin_policy_names, load_policy

EVERY = [Target(tier=t, level=lv, track=tr) for t, lv, tr in itertools.product(Tier, Level, Track)]


@pytest.mark.parametrize("target", EVERY, ids=str)
def test_what_is_printed_reads_back(target: Target) -> None:
    assert Target.parse(str(target)) == target
    assert Target.parse(Words.of(CHINESE).target(target)) == target  # 县级骨干教师, 市级名班主任 ...


def test_every_policy_target_as_policies_prints_it_is_accepted() -> None:
    for name in builtin_policy_names():
        for target in load_policy(name).covers():
            assert Target.parse(str(target)) == target


@pytest.mark.parametrize(("text", "track", "expected"), [
    ("famous@county/principal", None, "famous@county/principal"),
    ("famous@county/principal", "teacher", "famous@county/principal"),  # --track's default gives way
    ("famous@county", "principal", "famous@county/principal"),
    ("famous@city/head-teacher", None, "famous@city/head_teacher"),
    ("famous@city|head_teacher", None, "famous@city/head_teacher"),  # the web's links
    (" Backbone@City ", None, "backbone@city"),
    ("县级骨干教师", None, "backbone@county"),
    ("区级新锐教师", None, "emerging@county"),
    ("市级名班主任", None, "famous@city/head_teacher"),
    ("省级名校长", "principal", "famous@province/principal"),
])
def test_the_forms_read(text: str, track: str | None, expected: str) -> None:
    assert str(Target.parse(text, track=track)) == expected


@pytest.mark.parametrize(("text", "track"), [
    ("famous@county/principal", "head_teacher"), ("县级骨干教师", "principal"), ("backbone", None),
    ("guru@county", None), ("famous@county/", None), ("famous@county/janitor", None), ("县级大师", None),
    ("backbone@city", "janitor"),
])
def test_the_rest_is_refused_with_the_grammar(text: str, track: str | None) -> None:
    with pytest.raises(InvalidTarget):
        Target.parse(text, track=track)
