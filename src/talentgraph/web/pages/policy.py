"""The policy in force: its targets, each with its checks (rule ID, kind, hard or in principle,
parameters) and the rule's words."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from talentgraph.domain.rules import RULES
from talentgraph.policy.load import builtin_policy_names
from talentgraph.policy.schema import AllOf, AnyOf
from talentgraph.web.deps import SignedIn
from talentgraph.web.render import render

router = APIRouter()
_NOT_PARAMETERS = {"rule", "hard", "note", "kind", "checks"}


@router.get("/policy", summary="The policy in force: targets, checks, rules")
def policy(p: SignedIn, name: str | None = None) -> Response:
    chosen = p.uc.questions.policy_in_force(p.scope, name)
    return render(p, "policy.html", policy=chosen, rules=RULES | chosen.rules, names=builtin_policy_names(),
                  parameters=_parameters, parts=_parts)


def _parameters(check: Any) -> list[tuple[str, str]]:
    """A check's parameters as (name, value) text, lists joined."""
    out = []
    for key, value in check.model_dump(mode="json", exclude=_NOT_PARAMETERS).items():
        if value is None or value == []:
            continue
        out.append((key, ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)))
    return out


def _parts(check: Any) -> list[Any]:
    return list(check.checks) if isinstance(check, AnyOf | AllOf) else []
