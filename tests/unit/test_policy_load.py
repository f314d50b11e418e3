"""Policies as data: built-ins validate and cite known rules; bad files name the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentgraph.domain.enums import Level
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
            for rule in check.cites():  # a route's own rule and those its parts name
                assert rule in RULES, f"{name}: {rule} is not in domain.md"
            if isinstance(check, AnyOf):
                assert check.cites()[0] == check.rule


def test_a_route_may_join_two_rules_and_cites_both() -> None:
    """JM-EMERGING-WINDOW and JM-NEW-EMERGING are two routes into the emerging team."""
    (route,) = [c for c in load_policy("jiangmen").checks_for(Target.parse("emerging@school")) or []
                if c.rule == "JM-EMERGING-WINDOW"]
    assert isinstance(route, AnyOf)
    assert route.cites() == ("JM-EMERGING-WINDOW", "JM-NEW-EMERGING")
    assert [c.rule for c in route.checks] == ["JM-NEW-EMERGING", "JM-EMERGING-WINDOW"]


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


# ---------------------------------------------- policy files that cannot hurt

@pytest.mark.parametrize(("value", "message"), [
    ("nan", "target[0].check[0].min_hours: Input should be a finite number"),
    ("inf", "target[0].check[0].min_hours: Input should be a finite number"),
    ("-90", "target[0].check[0].min_hours: Input should be greater than 0"),
    ("1e308", "target[0].check[0].min_hours: Input should be less than or equal to 10000"),
    ("1" + "0" * 5000, "line 10, min_hours: an integer of 5,001 digits"),
    ("[" * 10**6 + "90" + "]" * 10**6, "line 10, min_hours: arrays or tables nested more than 32 deep"),
])
def test_a_hostile_number_is_one_error_naming_the_field(value: str, message: str) -> None:
    """NaN, infinities, negatives, 1e308, 5,000-digit integers and arrays nested a million
    deep each give one PolicyError naming the field (no RecursionError or ValueError)."""
    with pytest.raises(PolicyError) as info:
        parse_policy(GOOD.replace("min_hours = 72", f"min_hours = {value}"), source="mine.toml")
    text = str(info.value)
    assert text.startswith("mine.toml: ") and message in text
    assert len(text.splitlines()) <= 2, text


@pytest.mark.parametrize(("line", "field"), [
    ('hard = "no"', "target[0].check[0].hard: Input should be a valid boolean"),
    ("hard = 0", "target[0].check[0].hard: Input should be a valid boolean"),
    ("years = 1.5", "target[0].check[0].years: Input should be a valid integer"),
    ("years = 99999999999999999999", "target[0].check[0].years: Input should be less than"),
])
def test_a_value_of_the_wrong_kind_is_refused_not_coerced(line: str, field: str) -> None:
    """``hard = "no"`` must not quietly read as False (pydantic's lax mode would)."""
    with pytest.raises(PolicyError, match=re.escape(field)):
        parse_policy(GOOD + f"  {line}\n", source="mine.toml")


@pytest.mark.parametrize(("check", "field"), [
    ('kind = "teaching_years"\n  min = -3', "min: Input should be greater than or equal to 0"),
    ('kind = "teaching_years"\n  max = nan', "max: Input should be a finite number"),
    ('kind = "cycle_hours"\n  window = "rolling"\n  min_total = 360\n  min_school_based = -1',
     "min_school_based: Input should be greater than or equal to 0"),
    ('kind = "principal_tenure"\n  min_years = 1e308', "min_years: Input should be less than or equal"),
    ('kind = "has_mentor"\n  min_days = -5', "min_days: Input should be greater than or equal to 0"),
])
def test_negative_and_absurd_minimums_are_refused(check: str, field: str) -> None:
    text = GOOD.replace('kind = "annual_hours"\n  min_hours = 72', check)
    with pytest.raises(PolicyError, match=re.escape(f"target[0].check[0].{field}")):
        parse_policy(text, source="mine.toml")


def test_an_error_inside_a_nested_route_names_its_own_field_first() -> None:
    """A bad grade inside all_of inside any_of: the first (and only) line is that field,
    not 'tag all_of does not match' from trying every other kind of check."""
    hours = 'rule = "JM-HOURS"\n  kind = "annual_hours"\n  min_hours = 72'
    text = GOOD.replace(hours, '''rule = "TX-COUNTY-BACKBONE"
  kind = "any_of"
  checks = [
    { kind = "has_role", roles = ["subject_leader"] },
    { kind = "all_of", checks = [
        { kind = "has_role", roles = ["head_teacher"] },
        { kind = "annual_review", min_grade = "superb" },
    ] },
  ]''')
    with pytest.raises(PolicyError) as info:
        parse_policy(text, source="mine.toml")
    lines = str(info.value).splitlines()
    assert lines[1].startswith("  target[0].check[0].checks[1].checks[1].min_grade: Input should be")
    assert len(lines) == 2


def test_a_policy_file_too_large_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text(GOOD + "# " + "x" * 5_000_000 + "\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="at most 4,000,000 bytes"):
        load_policy(path)


def test_a_policy_file_that_is_not_utf8_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(GOOD.replace("My county", "我的县").encode("gbk"))
    with pytest.raises(PolicyError, match="not UTF-8 text"):
        load_policy(path)


OBLIGATION = GOOD + """
[[obligation]]
rule = "WZ-BACKBONE"
duty = "backbone teachers: 120 h centralized"
holders = { tiers = ["backbone"], levels = ["county"] }
  [[obligation.check]]
  rule = "WZ-BACKBONE"
  kind = "centralized_hours"
  min_hours = 120
"""


def test_an_obligation_is_data_beside_the_targets() -> None:
    policy = parse_policy(OBLIGATION)
    (duty,) = policy.obligations
    assert (duty.rule, duty.holders and duty.holders.levels) == ("WZ-BACKBONE", [Level.COUNTY])


@pytest.mark.parametrize(("change", "message"), [
    (('holders = { tiers = ["backbone"], levels = ["county"] }', ""), "names who owes it"),
    (('kind = "centralized_hours"\n  min_hours = 120', 'kind = "holds_title"\n  level = "below"'),
     "levels and tiers are absolute"),
    (("min_hours = 120", 'min_hours = 120\n  effect = "advice"'), "what is owed"),
    (('rule = "WZ-BACKBONE"\nduty', 'rule = "WZ-BACKBONES"\nduty'), "obligation[0].rule: 'WZ-BACKBONES'"),
])
def test_a_malformed_obligation_says_what_is_wrong(change: tuple[str, str], message: str) -> None:
    with pytest.raises(PolicyError, match=re.escape(message)):
        parse_policy(OBLIGATION.replace(*change), source="mine.toml")


def test_a_policy_written_before_the_content_column_still_reads() -> None:
    """``kinds = ["public_need"]`` (content written as a kind, format version 1) reads as contents."""
    text = GOOD.replace("min_hours = 72", 'min_hours = 30\n  kinds = ["public_need", "online"]')
    (check,) = parse_policy(text).targets[0].checks
    assert [k.value for k in check.kinds or []] == ["online"]  # type: ignore[union-attr]
    assert [c.value for c in check.contents or []] == ["public_need"]  # type: ignore[union-attr]


def test_every_kind_of_check_is_listed_once() -> None:
    """The check kinds are one tuple (policy/schema.py): every check class is in it once, each
    with its own ``kind``, and the unions a policy file is read with are built from it."""
    from talentgraph.policy import schema

    def subclasses(kind: type) -> set[type]:
        return {c for s in kind.__subclasses__() for c in {s, *subclasses(s)}}

    assert set(schema.CHECK_KINDS) == subclasses(schema._Check)
    assert len(schema.CHECK_KINDS) == len(set(schema.CHECK_KINDS))
    kinds = [c.model_fields["kind"].default for c in schema.CHECK_KINDS]
    assert len(kinds) == len(set(kinds)) and all(isinstance(k, str) for k in kinds)
    assert (*schema.SIMPLE_CHECKS, schema.AllOf) == schema.ROUTE_PARTS
