"""Where each rule is used: which policies cite it, and how strongly.

``talentgraph rules`` and the fidelity table (docs/rules.md) list, per rule ID,
the policies that apply it and as what: a hard gate, a gate in principle
(原则上), advice, an alert, or an obligation of title and role holders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from talentgraph.domain.rules import CATALOGUE, RULES, source_record
from talentgraph.policy.schema import (
    AllOf,
    AnyOf,
    CentralizedHours,
    CheckSpec,
    CycleHours,
    NoFailedTraining,
    Policy,
    ProgrammePassed,
    SchoolYearHours,
)


@dataclass(frozen=True, order=True)
class Use:
    policy: str
    # "hard", "in principle", "advice", "alert", "obligation"; "hard route": any_of; "quota",
    # "target", "coverage", "ranking": the decision sections
    strength: str


def _strength(check: CheckSpec) -> str:
    if check.effect != "gate":
        return check.effect
    return "hard" if check.hard else "in principle"


def _cited(checks: Iterable[CheckSpec], strength: str | None = None) -> Iterator[tuple[str, str]]:
    """(rule, strength) for every check and part of a route; parts take their route's strength."""
    for check in checks:
        own = strength or _strength(check) + (" route" if isinstance(check, AnyOf) else "")
        yield check.rule, own
        if isinstance(check, CycleHours):  # its window is WZ-CYCLE-FIXED's choice, said in the file
            yield "WZ-CYCLE-FIXED", f"{check.window} window"
        if getattr(check, "include_probation", True) is False:  # WZ-NEW: probation hours left out
            yield "WZ-NEW", "probation hours left out"
        if isinstance(check, CentralizedHours) and check.min_days is not None:
            yield "WZ-DAY", "days to hours"  # the policy's hours_per_day converts them
        if isinstance(check, SchoolYearHours):  # how LE-HOURS is counted
            yield "LE-SCHOOL-YEAR", f"school year, month {check.start_month} to {check.end_month}"
            yield "LE-CONTENT", "split by content"
            if check.exempt_provincial:
                yield "LE-PROVINCIAL-EXEMPT", f"exempt after {check.exempt_provincial:g} h provincial"
        if isinstance(check, NoFailedTraining | ProgrammePassed) and check.types is not None:
            yield "TX-CERT-TRAINING", "programme type: " + "/".join(t.value for t in check.types)
        if isinstance(check, AnyOf | AllOf):
            yield from _cited(list(check.checks), own)


def uses(policies: Iterable[Policy]) -> dict[str, list[Use]]:
    """Rule ID -> the policies that use it and how, sorted and without repeats."""
    found: dict[str, set[Use]] = {}
    for policy in policies:
        for rules in policy.targets:
            for rule, strength in _cited(rules.checks):
                found.setdefault(rule, set()).add(Use(policy.name, strength))
        for duty in policy.obligations:
            found.setdefault(duty.rule, set()).add(Use(policy.name, "obligation"))
            for rule, _ in _cited(duty.checks):
                found.setdefault(rule, set()).add(Use(policy.name, "obligation"))
        for rule, strength in _decision_uses(policy):
            found.setdefault(rule, set()).add(Use(policy.name, strength))
    return {rule: sorted(found_uses) for rule, found_uses in found.items()}


def _decision_uses(policy: Policy) -> Iterator[tuple[str, str]]:
    """The decision sections' rules (policy/decisions.py): reported figures and the ranking."""
    yield from ((q.rule, "quota") for q in policy.quotas)
    yield from ((t.rule, "target") for t in policy.quota_targets)
    yield from ((c.rule, "coverage") for c in policy.coverage)
    if policy.ranking is not None:
        yield from ((c.rule, "ranking") for c in policy.ranking.components)


def strengths(used: list[Use]) -> str:
    """'hard (jiangmen, reference); in principle (wenzhou)'."""
    by: dict[str, list[str]] = {}
    for use in used:
        by.setdefault(use.strength, []).append(use.policy)
    return "; ".join(f"{s} ({', '.join(names)})" for s, names in by.items())


def rule_records(policies: list[Policy]) -> list[dict[str, object]]:
    """Every rule of domain.md, then every rule a policy declares itself, with its quote,
    reading, kind and uses: what ``talentgraph rules`` prints."""
    used = uses(policies)
    out: list[dict[str, object]] = []
    for entry in CATALOGUE:
        out.append(source_record(entry.id) | {
            "reading": entry.reading, "kind": entry.kind, "where": entry.where or None,
            "strength": strengths(used.get(entry.id, [])) or None,
            "policies": sorted({u.policy for u in used.get(entry.id, [])})})
    for policy in policies:
        for rule_id, meaning in policy.rules.items():
            if rule_id not in RULES:
                out.append(source_record(rule_id, policy.rules) | {
                    "reading": meaning, "kind": "teacher", "where": f"declared by policy {policy.name}",
                    "strength": strengths(used.get(rule_id, [])) or None,
                    "policies": sorted({u.policy for u in used.get(rule_id, [])})})
    return out
