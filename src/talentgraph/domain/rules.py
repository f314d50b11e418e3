"""The rule IDs of domain.md, each with the one line a planner needs.

Policies cite these IDs; explanations print the line beside a check. The
sentences behind them (the seed's quote, the reading) are in ``rule_catalogue``.
"""

from __future__ import annotations

from talentgraph.domain.rule_catalogue import BY_ID, CATALOGUE, Rule

RULES: dict[str, str] = {rule.id: rule.gloss for rule in CATALOGUE}


def rule(rule_id: str) -> Rule | None:
    """The catalogue entry of a domain.md rule, or None for a policy's own rule."""
    return BY_ID.get(rule_id)
