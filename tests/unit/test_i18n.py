"""The language layer: the catalogue is complete, current and compiled; words are the bureaus'."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from talentgraph.domain.enums import Level, Stage, Tier, Track
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.i18n import CHINESE, ENGLISH, Words, negotiate, translations

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "talentgraph" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "talentgraph.po"
MO = PO.with_suffix(".mo")


def _catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_chinese_translation() -> None:
    untranslated = [m.id for m in _catalogue() if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert untranslated == []


def test_translations_keep_their_placeholders() -> None:
    catalogue = _catalogue()
    problems = [(m.id, errors) for m, errors in catalogue.check()]
    assert problems == []
    for m in catalogue:  # str.format placeholders, which babel's checker does not read
        if m.id and isinstance(m.id, str) and "{" in m.id:
            assert sorted(_fields(m.id)) == sorted(_fields(m.string)), m.id


def _fields(text: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


def test_the_catalogue_holds_exactly_the_messages_in_the_code(tmp_path: Path) -> None:
    """pybabel extract with babel.cfg (as docs/i18n.md says) finds no message the .po lacks, and
    the .po keeps none the code no longer has."""
    pot = tmp_path / "talentgraph.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
                                "--no-location", "-o", str(pot), str(ROOT)])
    with pot.open("rb") as handle:
        found = {(m.context, m.id) for m in read_po(handle) if m.id}
    kept = {(m.context, m.id) for m in _catalogue() if m.id}
    assert sorted(found - kept, key=str) == [], "run the pybabel commands of docs/i18n.md"
    assert sorted(kept - found, key=str) == [], "messages the code no longer has"


def test_the_committed_mo_is_the_compiled_po() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for m in _catalogue():
        if not m.id:
            continue
        key = f"{m.context}\x04{m.id if isinstance(m.id, str) else m.id[0]}" if m.context else m.id
        if isinstance(m.id, tuple):
            for i, text in enumerate(m.string):
                expected[(key if isinstance(key, str) else m.id[0], i)] = text
        else:
            expected[key] = m.string
    compiled = {k: v for k, v in compiled.items() if k != ""}
    assert compiled == expected, "run: pybabel compile -d src/talentgraph/locale -D talentgraph"


def test_the_installed_package_reads_its_catalogue() -> None:
    assert isinstance(translations(CHINESE), gettext.GNUTranslations)
    assert translations(CHINESE).gettext("Candidates") == "候选人"


@pytest.mark.parametrize(("target", "chinese", "english"), [
    ("backbone@city", "市级骨干教师", "city-level backbone teacher"),
    ("emerging@school", "校级新锐教师", "school-level emerging teacher"),
    ("famous@province", "省级名教师", "province-level famous teacher"),
    ("educator@national", "国家级教育家型教师", "national-level educator-type teacher"),
])
def test_targets_are_named_as_bureaus_write_them(target: str, chinese: str, english: str) -> None:
    assert Words.of(CHINESE).target(Target.parse(target)) == chinese
    assert Words.of(ENGLISH).target(Target.parse(target)) == english


def test_tracks_levels_and_verdicts() -> None:
    zh = Words.of(CHINESE)
    assert zh.tier(Tier.FAMOUS, Track.HEAD_TEACHER) == "名班主任"
    assert zh.tier(Tier.FAMOUS, Track.PRINCIPAL) == "名校长"
    assert [zh.level(lv) for lv in Level] == ["校级", "县级", "市级", "省级", "国家级"]
    assert [zh.tier(t) for t in Tier] == ["新教师", "新锐教师", "骨干教师", "名教师", "教育家型教师"]
    assert [zh.verdict(v) for v in VerdictKind] == ["符合", "待审核", "不符合"]
    assert [zh.outcome(True), zh.outcome(False), zh.outcome(False, True)] == ["通过", "未通过", "数据不足"]
    assert zh.strength(False) == "原则上"
    assert zh.term(Stage.JUNIOR) == "初中" and zh.subject("math") == "数学" and zh.subject("xyz") == "xyz"
    assert Words.of(ENGLISH).verdict(VerdictKind.REVIEW) == "review"


@pytest.mark.parametrize(("choice", "header", "lang"), [
    (None, None, CHINESE), (None, "", CHINESE), ("en", "zh-CN", ENGLISH), ("zh", "en", CHINESE),
    (None, "en-GB,en;q=0.9", ENGLISH), (None, "fr;q=1, zh-TW;q=0.8, en;q=0.5", CHINESE),
    (None, "en;q=0.4, zh;q=0.6", CHINESE), (None, "en;q=bad, zh;q=0.1", CHINESE), ("xx", "en", ENGLISH),
])
def test_language_choice(choice: str | None, header: str | None, lang: str) -> None:
    assert negotiate(choice, header) == lang
