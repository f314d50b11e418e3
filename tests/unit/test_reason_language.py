"""Every reason, evidence line and note the engine makes on a generated region reads in Chinese:
each message it uses is in the catalogue (or is a layout without words), and every parameter that
is a domain term is worded by the vocabulary."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import Enum

import pytest

from talentgraph.bootstrap import services_for, store_from_roster
from talentgraph.domain.message import Message
from talentgraph.domain.verdict import Verdict
from talentgraph.i18n import CHINESE, Words, translations
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.services import Scope
from talentgraph.synth import generate_region

AS_OF = dt.date(2026, 9, 1)
PLACEHOLDER = re.compile(r"\{[a-z_0-9]+\}")


@pytest.fixture(scope="module")
def verdicts() -> list[Verdict]:
    roster = generate_region(250, seed=5, as_of=AS_OF)
    store = store_from_roster(roster)
    found: list[Verdict] = []
    for name in builtin_policy_names():
        policy = load_policy(name)
        questions = services_for(store, policy=policy).questions
        for target in policy.covers():
            sweep = list(questions.eligibility(Scope.everything(), target, AS_OF))
            found += sweep
            found += [questions.explanation(Scope.everything(), v.teacher_id, target, AS_OF)
                      for v in sweep[::60]]
    return found


def _messages(m: Message) -> Iterator[Message]:
    yield m
    for value in m.params.values():
        if isinstance(value, Message):
            yield from _messages(value)


def _said(v: Verdict) -> Iterator[Message]:
    for c in (*v.checks, *v.obligations):
        assert c.message is not None and str(c.message) == c.reason
        yield c.message
        for e in c.evidence:
            assert e.message is not None and str(e.message) == e.detail
            yield e.message
    if v.note is not None:
        assert v.note_message is not None and str(v.note_message) == v.note
        yield v.note_message


def test_every_message_the_engine_uses_is_translated(verdicts: list[Verdict]) -> None:
    catalogue = translations(CHINESE)
    untranslated = set()
    for said in (m for v in verdicts for top in _said(v) for m in _messages(top)):
        words = PLACEHOLDER.sub("", said.text)
        if re.search("[A-Za-z]", words) and catalogue.gettext(said.text) == said.text:
            untranslated.add(said.text)
    assert sorted(untranslated) == []


def test_chinese_reasons_have_no_english_words_left(verdicts: list[Verdict]) -> None:
    zh = Words.of(CHINESE)
    english = re.compile(r"\b(?:unknown|needs|holds|teacher|training|school|county|level|track|programme|"
                         r"review|mentor|hours?|backbone|famous|emerging|excellent|pass|fail)\b")
    leftovers = set()
    for v in verdicts:
        for c in (*v.checks, *v.obligations):
            for text in (zh.reason(c), *(zh.detail(e) for e in c.evidence)):
                # ids, names of programmes and orgs are data; strip the seed-free words we expect
                hits = english.findall(text)
                if hits:
                    leftovers.add((c.rule, text))
    assert sorted(leftovers)[:5] == []


def test_enum_parameters_are_worded(verdicts: list[Verdict]) -> None:
    enums = {type(p) for v in verdicts for top in _said(v) for m in _messages(top) for p in m.params.values()
             if isinstance(p, Enum)}
    zh = Words.of(CHINESE)
    for kind in enums:
        for value in kind:  # type: ignore[attr-defined]
            assert zh.word(value) != value.value or not re.search("[a-z]", value.value), value
