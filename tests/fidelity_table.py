"""Render docs/rules.md, the fidelity table, from the rule catalogue, the built-in
policies and the tests that cite each rule.

    python -m tests.fidelity_table > docs/rules.md

``tests/unit/test_rules_catalogue.py`` fails when docs/rules.md is not what this
renders, so the table cannot drift from the code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from talentgraph.domain.rule_catalogue import CATALOGUE, NORMALISED_NOTE, SOURCES
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.usage import strengths, uses

TESTS = Path(__file__).resolve().parent

INTRO = """\
# Rules: the fidelity table

Every rule ID of the domain digest (domain.md), with the seed's own sentence,
how talentgraph reads it, how strongly each shipped policy applies it, and the
tests that cite it. A verdict a planner cannot defend from the sentence is a
bug. `talentgraph rules` prints the same catalogue (`--format json` for data);
`talentgraph explain` shows each check's sentence and gloss beside its reason.

This file is generated: `python -m tests.fidelity_table > docs/rules.md`
(a test fails when it is stale). The quotes live in one place,
`src/talentgraph/domain/rule_catalogue.py`.

- **Quotes.** {normalised}. The seed's verbatim text is kept beside the
  normalised quote (`talentgraph rules --format json`: `seed`).
- **Used as.** `hard`: failing it on known data makes a teacher ineligible.
  `in principle` (原则上, or 一般 "normally"): failing it gives review. `route`:
  one of several alternatives (any_of) suffices. `advice` and `alert` are
  shown in explain and never change a verdict. `obligation`: a duty of people
  who hold a title or role, reported in explain and the pipeline, never a
  condition of a target. Missing data is `unknown` (review), never a failure.
- **Kinds.** `teacher`: decided per teacher in policies. `aggregate`: about a
  population (a school, a county); reported, not a verdict. `flag`: a planner's
  alert. `not modelled`: said why.

Sources: {sources}.

## As of a date

A question about a past date reads: the school of that date (a regular posting
covering it; exchange and support stints do not move a teacher), titles valid
then (awarded on or before it, not lapsed), programmes completed and records
dated by then, the status of that date (a teacher who left on `left_on` was in
post before it), annual and ethics reviews of complete years before it.
What stays current-only: a leaver with no `left_on` (out at every date),
teaching stage, head-teacher flag and roles (one value per teacher, no
history), a school's rural flag, and the org scope of `--org` (teachers are
placed in a subtree by their current school).

## The table

| rule | seed quote | our reading | used as | tests |
|---|---|---|---|---|
"""


# The rule tests: the scenarios per source (run on both stores), the engine, policies, properties.
RULE_TESTS = ("contract/test_*.py", "unit/test_rules_*.py", "unit/test_policy_load.py",
              "unit/test_properties.py", "unit/test_obligation_scope.py", "integration/test_cli_sources.py")


def tests_citing() -> dict[str, list[str]]:
    """Rule ID -> 'file (n)' for each rule test file with n test functions that cite it."""
    counts: dict[str, dict[str, int]] = {}
    ids = [r.id for r in CATALOGUE]
    for path in sorted({p for pattern in RULE_TESTS for p in TESTS.glob(pattern)}):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                body = ast.get_source_segment(text, node) or ""
                for rule in ids:
                    if re.search(rf"(?<![\w-]){rule}(?![\w-])", body):
                        per = counts.setdefault(rule, {})
                        per[path.name] = per.get(path.name, 0) + 1
    return {rule: [f"{name} ({n})" for name, n in sorted(per.items())] for rule, per in counts.items()}


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    used = uses(load_policy(name) for name in builtin_policy_names())
    cited = tests_citing()
    rows = []
    for rule in CATALOGUE:
        quote = f"«{rule.text}»" + (" *(JM, normalised; seed: " + rule.seed + ")*" if rule.normalised else "")
        reading = rule.reading if rule.kind == "teacher" else (
            f"**{rule.kind.replace('_', ' ')}**: {rule.reading} *{rule.where}*")
        how = strengths(used.get(rule.id, [])) or "-"
        tests = ", ".join(cited.get(rule.id, [])) or "-"
        rows.append(f"| **{rule.id}** | {cell(quote)} | {cell(reading)} | {cell(how)} | {cell(tests)} |")
    sources = "; ".join(f"{code}: {name}" for code, name in SOURCES.items())
    return INTRO.format(normalised=NORMALISED_NOTE, sources=sources) + "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(render(), end="")
