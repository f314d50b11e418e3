"""Words the engine says, kept as a message and its parameters so that any edge can word them in
its reader's language (i18n.Words.render); the engine imports nothing but this.

``text`` is the English message with named ``{placeholders}``: it is the gettext message id, and
formatted with English parameters it is the English wording. A parameter is text as it stands
(ids, names, numbers, dates), a domain enum (worded by the reader's vocabulary; in English its
value, as the English messages always said it), a tuple of enums (joined with "/"), or another
message (worded the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, Union

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

Param = Union[str, int, float, dt.date, Enum, tuple[Enum, ...], "Message"]


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    """Marks ``text`` as a message for the catalogue (pybabel extract -k N_); returns it unchanged."""
    return text


class Message:
    """A message id and its parameters; ``str()`` is the English wording."""

    __slots__ = ("params", "text")

    def __init__(self, text: str, params: dict[str, Param] | None = None) -> None:
        self.text = text
        self.params = params or {}

    def __str__(self) -> str:
        """The English wording: made for every check of every verdict, so kept lean."""
        if not self.text:
            return ""
        return self.text.format_map({name: _english(value) for name, value in self.params.items()})

    def __repr__(self) -> str:
        return f"Message({self.text!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.text, self.params) == (other.text, other.params)

    def __hash__(self) -> int:
        return hash(self.text)

    def render(self, translate: Callable[[str], str], word: Callable[[Enum], str]) -> str:
        if not self.text:  # never look up "": gettext's "" is the catalogue's header
            return ""
        values = {name: _param(value, translate, word) for name, value in self.params.items()}
        return translate(self.text).format(**values)

    def map_text(self, change: Callable[[str], str]) -> Message:
        """The message with ``change`` applied to each text parameter (redaction of ids)."""
        def changed(value: Param) -> Param:
            if isinstance(value, Message):
                return value.map_text(change)
            return change(value) if isinstance(value, str) and not isinstance(value, Enum) else value
        return Message(self.text, {k: changed(v) for k, v in self.params.items()})

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        """In a pydantic model: kept as it is; dumped as JSON, its English wording, which reads
        back (a verdict frozen as JSON, e.g. a nomination's) as a message saying just that."""
        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_after_validator_function(cls.literal, core_schema.str_schema()),
            python_schema=core_schema.is_instance_schema(cls),
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="json"))

    @classmethod
    def literal(cls, wording: str) -> Message:
        """A message that is ``wording`` as it stands, in every language (no catalogue entry)."""
        return cls(wording.replace("{", "{{").replace("}", "}}"))


def message(text: str, /, **params: Param) -> Message:
    return Message(text, params)


def english_param(value: Enum) -> str:
    return str(value.value)


def _english(value: Param) -> str:
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is Message:
        return str(value)
    if kind is int:
        return str(value)
    if kind is float:
        return format(value, "g")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return "/".join(str(v.value) for v in value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _param(value: Param, translate: Callable[[str], str], word: Callable[[Enum], str]) -> str:
    if isinstance(value, Message):
        return value.render(translate, word)
    if isinstance(value, Enum):
        return word(value)
    if isinstance(value, tuple):
        return "/".join(word(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# Separators a language writes its own way (Chinese: ；and ，).
SEPARATORS = (N_("; "), N_(", "))


def joined(parts: Sequence[Param], sep: str = " ") -> Message:
    """Parts side by side (a layout: only a separator of SEPARATORS is translated), each worded as
    a parameter."""
    params: dict[str, Param] = {f"p{i}": p for i, p in enumerate(parts)}
    slots = [f"{{p{i}}}" for i in range(len(parts))]
    if sep in SEPARATORS:
        params["sep"] = Message(sep)
        return Message("{sep}".join(slots), params)
    return Message(sep.join(slots), params)
