"""Find, read and validate policy files (TOML).

A policy file may come from anyone, so reading one can fail only with a
``PolicyError`` naming the place at fault: never a traceback, whatever the file
holds (NaN, 5,000-digit integers, arrays nested a million deep, megabytes of text).
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from talentgraph.domain.message import N_, Message, message
from talentgraph.errors import PolicyError
from talentgraph.policy.schema import Policy

DEFAULT_POLICY = "reference"
MAX_POLICY_BYTES = 4_000_000  # the largest shipped policy is about 10 KB
MAX_NESTING = 32  # brackets and braces open at once; a policy needs four
# Python refuses to parse integers longer than this (sys.get_int_max_str_digits).
_LONG_INTEGER = re.compile(r"(?<![\w.])[+-]?\d[\d_]{4299,}")
_KEY = re.compile(r"""(?:^|[{,\n])\s*([A-Za-z0-9_."'-]+)\s*=""")


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
        raise PolicyError(message(N_("no policy {name!r}: not a file, and not one of {names}"),
                                  name=text_name, names=str(builtin_policy_names())))
    if path.stat().st_size > MAX_POLICY_BYTES:
        raise PolicyError(_too_big(str(path)))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PolicyError(message(N_("{source}: not UTF-8 text (byte {byte})"), source=str(path),
                                  byte=exc.start)) from None
    return parse_policy(text, source=str(path))


@cache
def _load_builtin(name: str) -> Policy:
    text = (resources.files("talentgraph.policy") / "builtin" / f"{name}.toml").read_text("utf-8")
    return parse_policy(text, source=f"builtin policy {name}")


def parse_policy(text: str, *, source: str = "<policy>") -> Policy:
    """Parse TOML text into a validated Policy; errors name the field at fault."""
    if len(text) > MAX_POLICY_BYTES:
        raise PolicyError(_too_big(source))
    _refuse_what_the_toml_reader_cannot_bear(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(message(N_("{source}: not valid TOML: {error}"), source=source,
                                  error=str(exc))) from exc
    except (ValueError, RecursionError) as exc:  # guarded above; kept for what the scan misses
        raise PolicyError(message(N_("{source}: not a readable policy: {error}"), source=source,
                                  error=str(exc))) from None
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(message(N_("{source}: invalid policy:\n{details}"), source=source,
                                  details=_describe(exc, data))) from exc  # the details: pydantic's English


def _too_big(source: str) -> Message:
    return message(N_("{source}: a policy file is at most {limit} bytes"), source=source,
                   limit=f"{MAX_POLICY_BYTES:,}")


def _refuse_what_the_toml_reader_cannot_bear(text: str, source: str) -> None:
    """Integers too long for Python and nesting too deep for recursion, named by line and key."""
    long = _LONG_INTEGER.search(text)
    if long is not None:
        raise PolicyError(f"{source}: {_place(text, long.start())}: an integer of "
                          f"{len(long.group().lstrip('+-').replace('_', '')):,} digits (no field takes one)")
    deep = _too_deep_at(text)
    if deep is not None:
        raise PolicyError(f"{source}: {_place(text, deep)}: arrays or tables nested more than "
                          f"{MAX_NESTING} deep (a policy needs four)")


def _too_deep_at(text: str) -> int | None:
    """Where brackets outside strings and comments first nest deeper than MAX_NESTING."""
    depth, quote, escaped = 0, "", False
    for at, char in enumerate(text):
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'
            if char == quote or (char == "\n" and quote == "#"):
                quote = ""
        elif char in "\"'#":
            quote = char  # a string, or a comment running to the end of the line
        elif char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return at
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def _place(text: str, at: int) -> str:
    """``line 12, min_hours``: the line of ``at`` and the key whose value holds it."""
    line = text.count("\n", 0, at) + 1
    keys = _KEY.findall(text, 0, at)
    return f"line {line}, {keys[-1].strip(chr(34) + chr(39))}" if keys else f"line {line}"


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
