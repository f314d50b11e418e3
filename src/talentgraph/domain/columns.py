"""How a table is described: its columns' types, keys, references, defaults and date rules.

The tables themselves are the entity models of ``models.py``: each field is a column, in
order; its annotation gives the type (``Id``, ``str``, ``dt.date``, ``bool``, ``float``,
``int``, an enum, or a tuple of an enum for a ';'-separated list), its default the value an
empty cell stands for, and markers inside ``Annotated[...]`` the rest (``Ref``,
``NotBefore``, ``NotInFuture``, ``MayBeEmpty``). ``table_spec`` reads one model into a
``TableSpec``, the plain description the bundle reader and writer, the stores and the tests
work from.
"""

from __future__ import annotations

import builtins
import datetime as dt
import types
import typing
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from talentgraph.domain.enums import OrgKind


class ColType(StrEnum):
    ID = "id"  # non-empty text, compared exactly
    TEXT = "text"
    DATE = "date"  # ISO YYYY-MM-DD
    BOOL = "bool"  # true / false
    NUMBER = "number"  # float
    INT = "int"
    ENUM = "enum"
    ENUM_LIST = "enum_list"  # ';'-separated enum values


Id = Annotated[str, ColType.ID, Field(min_length=1)]  # an id is never empty text


@dataclass(frozen=True)
class Ref:
    """A reference: values of this column must be ids of ``file``; ``kinds`` restricts the
    kind of the referenced org (orgs only)."""

    file: str
    kinds: tuple[OrgKind, ...] = ()


@dataclass(frozen=True)
class NotBefore:
    """This date may not precede the date in ``column`` of the same row."""

    column: str


@dataclass(frozen=True)
class NotInFuture:
    """This date (or year) may not lie after the day of the load."""


@dataclass(frozen=True)
class MayBeEmpty:
    """A roster may leave this column empty (unknown) although a single record must give it."""


@dataclass(frozen=True)
class TableInfo:
    """What a table is as a whole: its name (``<name>.csv``, or the sheet ``<name>``), the
    columns unique together, and whether every bundle must have it."""

    name: str
    key: tuple[str, ...] = ()
    required_file: bool = False


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType
    required: bool = False
    enum: builtins.type[StrEnum] | None = None  # plain ``type`` would name the field above
    ref: Ref | None = None
    default: str | None = None  # the value an empty cell stands for, as the bundle writes it
    not_before: str | None = None  # NotBefore(column)
    not_in_future: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str  # file stem, e.g. "orgs" (orgs.csv, or sheet "orgs")
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()  # columns that must be unique together
    required_file: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


class Row(BaseModel):
    """A row of a table: one record, validated (the base of every entity model).

    A subclass sets ``table``; its fields are the table's columns. ``NotBefore`` markers are
    checked here too, so a single record obeys the same date order as a bundle.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)
    table: ClassVar[TableInfo]

    @model_validator(mode="after")
    def _dates_in_order(self) -> Row:
        for column in table_spec(type(self)).columns:
            later = getattr(self, column.name)
            earlier = getattr(self, column.not_before) if column.not_before else None
            if later is not None and earlier is not None and later < earlier:
                raise ValueError(f"{column.name} {later} is before {column.not_before} {earlier}")
        return self


_SPECS: dict[builtins.type[Row], TableSpec] = {}


def table_spec(model: builtins.type[Row]) -> TableSpec:
    """The table a model describes (read once per model)."""
    if model not in _SPECS:
        columns = tuple(column_of(name, field) for name, field in model.model_fields.items())
        info = model.table
        _SPECS[model] = TableSpec(info.name, columns, info.key, info.required_file)
    return _SPECS[model]


_SCALARS: dict[Any, ColType] = {
    bool: ColType.BOOL, int: ColType.INT, float: ColType.NUMBER, dt.date: ColType.DATE, str: ColType.TEXT}


def column_of(name: str, field: FieldInfo) -> Column:
    """The column a model field describes."""
    base, markers = _unwrap(field.annotation)
    markers += list(field.metadata)
    enum: builtins.type[StrEnum] | None = None
    if typing.get_origin(base) is tuple:
        enum, col_type = typing.get_args(base)[0], ColType.ENUM_LIST
    elif isinstance(base, builtins.type) and issubclass(base, StrEnum):
        enum, col_type = base, ColType.ENUM
    elif base in _SCALARS:
        col_type = _SCALARS[base]
        if col_type is ColType.TEXT and ColType.ID in markers:
            col_type = ColType.ID
    else:
        raise TypeError(f"column {name}: no column type for {base!r}")
    return Column(
        name=name,
        type=col_type,
        required=field.is_required() and not any(isinstance(m, MayBeEmpty) for m in markers),
        enum=enum,
        ref=next((m for m in markers if isinstance(m, Ref)), None),
        default=_default_text(field.default),
        not_before=next((m.column for m in markers if isinstance(m, NotBefore)), None),
        not_in_future=any(isinstance(m, NotInFuture) for m in markers),
    )


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The column's type without ``None`` and ``Annotated``, and the markers found on the way."""
    markers: list[Any] = []
    while True:
        if typing.get_origin(annotation) is Annotated:
            annotation, *found = typing.get_args(annotation)
            markers += found
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            (annotation,) = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        else:
            return annotation, markers


def _default_text(default: Any) -> str | None:
    """The default as a bundle cell: an enum's value, true / false; None for no default."""
    if default is None or default is PydanticUndefined or default == ():
        return None
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, Enum):
        return str(default.value)
    raise TypeError(f"no bundle text for the default {default!r}")
