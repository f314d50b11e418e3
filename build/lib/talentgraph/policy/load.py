"""Find, read and validate policy files (TOML)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from talentgraph.errors import PolicyError
from talentgraph.policy.schema import Policy

DEFAULT_POLICY = "reference"


def builtin_policy_names() -> list[str]:
    folder = resources.files("talentgraph.policy") / "builtin"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_policy(name_or_path: str | Path = DEFAULT_POLICY) -> Policy:
    """A built-in policy by name (``reference``, ``jiangmen``, ...) or a policy file by path."""
    text_name = str(name_or_path)
    if text_name in builtin_policy_names():
        return _load_builtin(text_name)
    path = Path(name_or_path)
    if not path.is_file():
        raise PolicyError(
            f"no policy {text_name!r}: not a file, and not one of {builtin_policy_names()}"
        )
    return parse_policy(path.read_text(encoding="utf-8"), source=str(path))


@cache
def _load_builtin(name: str) -> Policy:
    text = (resources.files("talentgraph.policy") / "builtin" / f"{name}.toml").read_text("utf-8")
    return parse_policy(text, source=f"builtin policy {name}")


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Parse TOML text into a validated Policy; errors name the field at fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"{source}: invalid policy:\n{_describe(exc, data)}") from exc


def _describe(exc: ValidationError, data: object) -> str:
    lines = []
    for err in exc.errors():
        loc = _readable_location(err["loc"], data, missing=err["type"] == "missing")
        lines.append(f"  {loc}: {err['msg']}")
    return "\n".join(dict.fromkeys(lines))  # de-duplicate union branches


def _readable_location(loc: tuple[int | str, ...], data: object, *, missing: bool = False) -> str:
    """``target[2].check[0].level`` from pydantic's loc, skipping union branch tags."""
    parts: list[str] = []
    node = data
    for n, item in enumerate(loc):
        if missing and n == len(loc) - 1:
            parts.append(str(item))  # a required field the file lacks
            break
        if isinstance(item, int):
            parts[-1] += f"[{item}]"
            node = node[item] if isinstance(node, list) and item < len(node) else None
        elif isinstance(node, dict) and item in node:
            parts.append(str(item))
            node = node[item]
        elif not isinstance(node, dict) or node is None:
            parts.append(str(item))
        # else: a discriminator tag such as 'holds_title' - not a field, skip it
    return ".".join(parts) or "<policy>"
