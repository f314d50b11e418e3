"""The Cypher statements of the Neo4j store, loaded by name from ``cypher/<name>.cypher``.

One statement per file, always parameterised. ``parameters(name)`` lists the ``$names`` a
statement uses, so call sites (and a unit test) can check they pass exactly those.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# The package is installed editable, so the repository (and its cypher/) is three levels up.
CYPHER_DIR = Path(__file__).resolve().parents[3] / "cypher"

# One left-to-right pass, so a quote inside a comment or "//" inside a string is not misread.
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def names() -> list[str]:
    """Every statement shipped in ``cypher/``, sorted."""
    return sorted(p.stem for p in _folder().glob("*.cypher"))


@cache
def query(name: str) -> str:
    """The text of ``cypher/<name>.cypher``."""
    path = _folder() / f"{name}.cypher"
    if not path.is_file():
        raise FileNotFoundError(f"no Cypher statement {name!r}: {path} does not exist")
    return path.read_text(encoding="utf-8").strip()


@cache
def parameters(name: str) -> frozenset[str]:
    """The ``$parameters`` statement ``name`` uses (comments and string literals ignored)."""
    return frozenset(_PARAM.findall(code_only(query(name))))


def code_only(text: str) -> str:
    """The statement without its ``//`` comments and string literals."""
    return _STRING_OR_COMMENT.sub(lambda m: "" if m[0].startswith("//") else "''", text)


def _folder() -> Path:
    if not CYPHER_DIR.is_dir():
        raise FileNotFoundError(
            f"Cypher folder not found at {CYPHER_DIR}: the Neo4j store needs talentgraph "
            "installed from its repository (pip install -e .)"
        )
    return CYPHER_DIR
