"""Strict input: a date is an ISO string (YYYY-MM-DD), a boolean is true or false.

Pydantic's lax mode would read ``0`` as 1970-01-01 and ``"passed": 0`` as false; a client that
sends those has a bug we must not hide. ``IsoDate`` is the date of every query parameter;
``StrictInput`` is mixed into every request body and applies the same rules to each of its date
and boolean fields (and refuses booleans as numbers), so a new field is covered without listing it.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ValidationInfo, field_validator

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The days a question may be asked for: the checks count years back from the day (5 years of
# training, 3 of reviews), which the calendar cannot do near year 1; 1900-2200 is the range
# review years are accepted in too.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def iso_date(value: Any) -> Any:
    """A date, from a date or an ISO ``YYYY-MM-DD`` string only."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise ValueError(f"not a calendar date ({e})") from None
    raise ValueError("a date is a string YYYY-MM-DD")


def strict_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    raise ValueError("a boolean is true or false")


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a number, not true or false")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(iso_date)]


def _types(annotation: Any) -> set[Any]:
    """The plain types a field accepts, through unions and ``Annotated`` at any depth (a derived
    PATCH body wraps a column's ``Annotated`` type in ``Optional``)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _types(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_types(arg) for arg in get_args(annotation)))
    return {annotation}


class StrictInput(BaseModel):
    """Mixed into request bodies: strict dates, booleans and numbers in every field."""

    @field_validator("*", mode="before")
    @classmethod
    def _strict(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or info.field_name is None:
            return value
        kinds = _types(cls.model_fields[info.field_name].annotation)
        if dt.date in kinds:
            return iso_date(value)
        if bool in kinds:
            return strict_bool(value)
        if kinds & {int, float}:
            return _not_bool(value)
        return value


def as_of_query(description: str) -> Any:
    """A query parameter ``as_of``: an ISO day between FIRST_DAY and LAST_DAY (422 otherwise)."""
    from fastapi import Query

    return Query(description=f"{description} YYYY-MM-DD, between {FIRST_DAY} and {LAST_DAY}.",
                 ge=FIRST_DAY, le=LAST_DAY)  # type: ignore[arg-type]  # typed float; pydantic compares dates
