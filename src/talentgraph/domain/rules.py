"""The rule IDs of domain.md, each with the one line a planner needs, and its source.

Policies cite these IDs; explanations print the line beside a check. The
sentences behind them (the seed's quote, the reading) are in ``rule_catalogue``;
the functions here are the one place that words a citation, so a later change
can translate them.
"""

from __future__ import annotations

from typing import Any

from talentgraph.domain.rule_catalogue import BY_ID, CATALOGUE, NORMALISED_NOTE, SOURCES, Rule

RULES: dict[str, str] = {rule.id: rule.gloss for rule in CATALOGUE}


def rule(rule_id: str) -> Rule | None:
    """The catalogue entry of a domain.md rule, or None for a policy's own rule."""
    return BY_ID.get(rule_id)


def source_record(rule_id: str, own: dict[str, str] | None = None) -> dict[str, Any]:
    """A check's source as data (JSON, exports): the seed's sentence, whether it is JM's
    normalised wording, and the English gloss. A policy's own rule (``own``: its [rules]
    table) has its meaning and no quote."""
    entry = BY_ID.get(rule_id)
    if entry is None:
        return {"rule": rule_id, "source": None, "quote": None, "normalised": False,
                "seed": None, "gloss": (own or {}).get(rule_id, "")}
    return {"rule": rule_id, "source": entry.source, "quote": entry.text, "normalised": entry.normalised,
            "seed": entry.seed, "gloss": entry.gloss}


def quote_line(rule_id: str) -> str:
    """``«quote»`` as a planner reads it, saying when JM's wording is normalised."""
    entry = BY_ID.get(rule_id)
    if entry is None:
        return ""
    tail = " (JM, normalised wording)" if entry.normalised else f" ({entry.source})"
    return f"«{entry.text}»{tail}"


def source_name(code: str) -> str:
    """What a source code (JM, WZ, ...) stands for."""
    return SOURCES.get(code, code)


__all__ = ["CATALOGUE", "NORMALISED_NOTE", "RULES", "Rule", "quote_line", "rule", "source_name",
           "source_record"]
