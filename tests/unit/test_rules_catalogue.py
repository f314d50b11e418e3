"""The rule catalogue against the domain digest, the seeds, the policies and docs/rules.md.

Every rule ID of domain.md has a catalogue entry (the quote, the reading, its
kind); every rule a shipped policy cites is in the catalogue; every quoted
sentence is in its seed file; docs/rules.md is the table the catalogue renders.
The digest and seeds are read from ../shared when present (the team's copies);
the repo keeps a copy of domain.md in tests/data for machines without them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentgraph.domain.rule_catalogue import BY_ID, CATALOGUE, SOURCES
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.usage import uses
from tests import fidelity_table

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DOMAIN = SHARED / "domain.md" if (SHARED / "domain.md").is_file() else ROOT / "tests" / "data" / "domain.md"
SEEDS = {"JM": "000_8f202b5486a9cddf.txt", "WZ": "001_a575bd2d1ba5ffbf.txt", "XD": "002_9479b2da6586fbb6.txt",
         "LE": "003_b48a4dfbefa08749.txt", "TX": "004_b5fab770f663b63c.txt"}
RULE_ID = re.compile(r"(?<![\w-])[A-Z]{2}-[A-Z][A-Z0-9-]*[A-Z0-9](?![\w-])")


def domain_ids() -> set[str]:
    return set(RULE_ID.findall(DOMAIN.read_text(encoding="utf-8")))


def test_every_domain_rule_id_is_in_the_catalogue_and_no_other() -> None:
    ids = domain_ids()
    assert len(ids) >= 50
    assert sorted(ids - set(BY_ID)) == []
    assert sorted(set(BY_ID) - ids) == []


def test_every_domain_rule_id_is_a_row_of_the_fidelity_table() -> None:
    table = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| \*\*([A-Z]{2}-[A-Z0-9-]+)\*\* \|", table, flags=re.M))
    assert sorted(domain_ids() - rows) == []


def test_docs_rules_md_is_what_the_catalogue_renders() -> None:
    """docs/rules.md is generated: run `python -m tests.fidelity_table > docs/rules.md`."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == fidelity_table.render()


@pytest.mark.parametrize("name", builtin_policy_names())
def test_every_rule_a_shipped_policy_cites_is_in_the_catalogue(name: str) -> None:
    """Checks, parts of routes and obligations alike."""
    cited = set(uses([load_policy(name)]))
    assert cited and sorted(cited - set(BY_ID)) == []


def test_every_per_teacher_rule_is_used_by_some_policy_or_says_why_not() -> None:
    used = set(uses(load_policy(n) for n in builtin_policy_names()))
    for rule in CATALOGUE:
        if rule.kind in ("teacher", "flag"):
            assert rule.id in used or "Waits on" in rule.reading, rule.id
        if rule.kind != "teacher":
            assert rule.where, f"{rule.id}: an {rule.kind} rule says where it is reported or why"


def test_quotes_are_chinese_glosses_english_and_only_jm_is_normalised() -> None:
    for rule in CATALOGUE:
        assert rule.source in SOURCES
        assert re.search(r"[\u4e00-\u9fff]", rule.text), rule.id
        assert rule.gloss and rule.gloss.isascii() or "(" in rule.gloss, rule.id
        assert rule.normalised is (rule.source == "JM"), rule.id


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="the seed files are in ../shared/seeds")
@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.id)
def test_every_quoted_sentence_is_in_its_seed(rule: object) -> None:
    """The ``seed`` text, split at the ellipses that join its parts, occurs in the seed file
    (whitespace aside): a quote is never paraphrased."""
    assert hasattr(rule, "seed") and hasattr(rule, "source")
    text = re.sub(r"\s+", "", (SHARED / "seeds" / SEEDS[rule.source]).read_text(encoding="utf-8"))
    for part in re.sub(r"\s+", "", rule.seed).split("……"):
        assert part.strip("。") in text, (rule.id, part)
