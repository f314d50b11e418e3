"""The built-in policies' own words (titles, notes, duties, descriptions) for the gettext
catalogue: a pybabel extractor (babel.cfg names it), so the Chinese catalogue translates them like
any message of the code. A policy file a user writes is shown as written."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

WORDED = ("title", "note", "duty", "description")  # the keys whose values people read


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """pybabel's extractor interface: (line, function, message, comments) for each worded value."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for text in dict.fromkeys(_worded(data)):
        yield 0, None, text, []


def _worded(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in WORDED and isinstance(value, str):
                yield value
            else:
                yield from _worded(value)
    elif isinstance(node, list):
        for item in node:
            yield from _worded(item)
