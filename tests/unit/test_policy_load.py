"""Policies as data: built-ins validate and cite known rules; bad files name the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentgraph.domain.rules import RULES
from talentgraph.domain.target import Target
from talentgraph.errors import PolicyError
from talentgraph.policy.load import builtin_policy_names, load_policy, parse_policy
from talentgraph.policy.schema import AnyOf


def test_the_four_shipped_policies_load() -> None:
    assert {"reference", "jiangmen", "wenzhou", "tongxin"} <= set(builtin_policy_names())


@pytest.mark.parametrize("name", builtin_policy_names())
def test_every_check_of_a_shipped_policy_cites_a_domain_rule(name: str) -> None:
    policy = load_policy(name)
    for rules in policy.targets:
        for check in rules.checks:
            assert check.rule in RULES, f"{name}: {check.rule} is not in domain.md"
            if isinstance(check, AnyOf):
                assert all(c.rule == check.rule for c in check.checks)


def test_reference_covers_the_ladder() -> None:
    covered = {str(t) for t in load_policy("reference").covers()}
    assert {"emerging@school", "backbone@county", "backbone@city", "famous@city", "educator@city"} <= covered


def test_tongxin_covers_principal_tenure_targets() -> None:
    covered = load_policy("tongxin").covers()
    assert Target.parse("famous@city", track="principal") in covered


GOOD = """
name = "mine"
title = "My county"
[[target]]
tier = "backbone"
levels = ["county"]
  [[target.check]]
  rule = "JM-HOURS"
  kind = "annual_hours"
  min_hours = 72
"""


def test_a_user_policy_file_needs_no_code(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD, encoding="utf-8")
    policy = load_policy(path)
    assert policy.name == "mine"
    assert policy.checks_for(Target.parse("backbone@county"))[0].min_hours == 72  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (GOOD.replace('min_hours = 72', 'min_hours = -1'), "target[0].check[0].min_hours"),
        (GOOD.replace('"county"]', '"town"]'), "target[0].levels[0]"),
        (GOOD.replace('kind = "annual_hours"', 'kind = "vibes"'), "target[0].check[0]"),
        (GOOD.replace('rule = "JM-HOURS"', 'rule = "hours"'), "target[0].check[0].rule"),
        (GOOD.replace('title = "My county"\n', ''), "title"),
        (GOOD.replace('min_hours = 72', 'min_hours = 72\n  colour = "red"'), "target[0].check[0].colour"),
    ],
)
def test_a_malformed_policy_names_the_field(broken: str, field: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(broken, source="mine.toml")
    assert "mine.toml" in str(info.value)
    assert f"  {field}:" in str(info.value)


def test_not_toml_is_reported_with_the_source() -> None:
    with pytest.raises(PolicyError, match="mine.toml: not valid TOML"):
        parse_policy("name = ", source="mine.toml")


def test_unknown_policy_name_lists_the_builtins() -> None:
    with pytest.raises(PolicyError, match="reference"):
        load_policy("atlantis")


def test_a_misspelt_rule_id_is_refused_with_its_place() -> None:
    with pytest.raises(PolicyError, match=r"target\[0\]\.check\[0\]\.rule: 'JM-HOURZ' is neither"):
        parse_policy(GOOD.replace('rule = "JM-HOURS"', 'rule = "JM-HOURZ"'), source="mine.toml")


def test_a_policy_may_declare_its_own_rules() -> None:
    text = GOOD.replace('rule = "JM-HOURS"', 'rule = "MY-HOURS"').replace(
        'title = "My county"\n', 'title = "My county"\n[rules]\nMY-HOURS = "72 h a year here"\n')
    assert parse_policy(text).rules == {"MY-HOURS": "72 h a year here"}
