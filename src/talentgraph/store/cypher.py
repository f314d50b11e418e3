"""The Cypher statements of the Neo4j store, loaded by name from ``cypher/<name>.cypher``.

One statement per file, always parameterised. ``parameters(name)`` lists the ``$names`` a
statement uses, so call sites (and a unit test) can check they pass exactly those.

The files ship as package data, ``talentgraph.cypher`` (the repository's top-level ``cypher/``,
mapped into the package by pyproject.toml), so a wheel install and an editable one read them
alike, through importlib.resources.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

PACKAGE = "talentgraph.cypher"

# One left-to-right pass, so a quote inside a comment or "//" inside a string is not misread.
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def names() -> list[str]:
    """Every statement shipped in ``cypher/``, sorted."""
    return sorted(p.name.removesuffix(".cypher") for p in _folder().iterdir() if p.name.endswith(".cypher"))


@cache
def query(name: str) -> str:
    """The text of ``cypher/<name>.cypher``."""
    path = _folder() / f"{name}.cypher"
    if not path.is_file():
        raise FileNotFoundError(f"no Cypher statement {name!r}: {PACKAGE} has no {name}.cypher")
    return path.read_text(encoding="utf-8").strip()


@cache
def parameters(name: str) -> frozenset[str]:
    """The ``$parameters`` statement ``name`` uses (comments and string literals ignored)."""
    return frozenset(_PARAM.findall(code_only(query(name))))


def code_only(text: str) -> str:
    """The statement without its ``//`` comments and string literals."""
    return _STRING_OR_COMMENT.sub(lambda m: "" if m[0].startswith("//") else "''", text)


def _folder() -> Traversable:
    return files(PACKAGE)
