"""Query values as pages read them: strict dates, optional enums, page numbers."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import TypeVar

from talentgraph.errors import TalentGraphError

E = TypeVar("E", bound=Enum)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PAGE_SIZE = 50


class BadValue(TalentGraphError):
    """A query value a page cannot read (answered 422, naming the field)."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}: {value!r}")
        self.field = field


def day(value: str | None, field: str = "as_of") -> dt.date:
    """A YYYY-MM-DD date (today when empty); anything else is a BadValue."""
    if not value:
        return dt.date.today()
    if not _DATE.fullmatch(value):
        raise BadValue(field, value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadValue(field, value) from None


def choice(kind: type[E], value: str | None, field: str) -> E | None:
    """An enum value by its string, None when empty; anything else is a BadValue."""
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise BadValue(field, value) from None


def page_number(value: int) -> int:
    return max(1, value)
