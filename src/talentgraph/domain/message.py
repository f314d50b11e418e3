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
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Union

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

Param = Union[str, int, float, dt.date, Enum, tuple[Enum, ...], "Header", "Message"]
Word = Callable[[Union[Enum, "Header"]], str]


@dataclass(frozen=True)
class Header:
    """A column of a bundle table named in a message: in English its name (``entry_date``), to a
    Chinese reader the header bureaus write (入职日期: ``domain/headers.py``)."""

    table: str
    column: str

    def __str__(self) -> str:
        return self.column


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    """Marks ``text`` as a message for the catalogue (pybabel extract -k N_); returns it unchanged."""
    return text


class Message:
    """A message id and its parameters; ``str()`` is the English wording.

    A message is a value: its text and parameters are not changed once made, so each wording of
    it is made once and kept. A sweep hands the same message to every candidate with the same
    outcome, so writing a million verdicts out words each distinct reason once per language.
    """

    __slots__ = ("_worded", "params", "text")

    def __init__(self, text: str, params: dict[str, Param] | None = None) -> None:
        self.text = text
        self.params = params or {}
        self._worded: dict[object, str] | None = None  # wordings made: renderer -> text

    def __str__(self) -> str:
        """The English wording: made for every check of every verdict, so kept lean."""
        if not self.text:
            return ""
        worded = self._worded
        if worded is not None and _ENGLISH in worded:
            return worded[_ENGLISH]
        text = self.text.format_map({name: _english(value) for name, value in self.params.items()})
        self._keep(_ENGLISH, text)
        return text

    def _keep(self, renderer: object, text: str) -> None:
        if self._worded is None or len(self._worded) >= _WORDINGS_KEPT:  # a few languages at once
            self._worded = {}
        self._worded[renderer] = text

    def __repr__(self) -> str:
        return f"Message({self.text!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.text, self.params) == (other.text, other.params)

    def __hash__(self) -> int:
        return hash(self.text)

    def render(self, translate: Callable[[str], str], word: Word) -> str:
        """The wording by ``translate`` and ``word`` (a language's; bound methods of one object
        compare equal, so the same language's wording is found again)."""
        if not self.text:  # never look up "": gettext's "" is the catalogue's header
            return ""
        renderer = (translate, word)
        worded = self._worded
        if worded is not None and renderer in worded:
            return worded[renderer]
        values = {name: _param(value, translate, word) for name, value in self.params.items()}
        text = translate(self.text).format(**values)
        self._keep(renderer, text)
        return text

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
        """In a pydantic model: kept as it is; dumped as JSON, its id and parameters (``stored``),
        so that a verdict frozen as JSON (a nomination's, a decision's) reads back as the message
        it was and is worded in its reader's language. An English wording stored by an earlier
        version (a plain string) reads back as a message saying just that."""
        stored = core_schema.union_schema([core_schema.str_schema(), core_schema.dict_schema()])
        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_after_validator_function(cls.from_stored, stored),
            python_schema=core_schema.is_instance_schema(cls),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: m.stored(), when_used="json"))

    def stored(self) -> dict[str, Any]:
        """The message as JSON: ``{"text": id, "params": {name: {kind: value}}}``, each parameter
        tagged with its kind (an enum by its class, so that it is worded again on reading)."""
        return {"text": self.text, "params": {name: _stored(value) for name, value in self.params.items()}}

    @classmethod
    def from_stored(cls, value: str | dict[str, Any]) -> Message:
        """A message read back from ``stored`` JSON, or from the English wording an earlier version
        stored (a string: that wording as it stands)."""
        if isinstance(value, str):
            return cls.literal(value)
        text, params = value.get("text"), value.get("params", {})
        if not isinstance(text, str) or not isinstance(params, dict):
            raise ValueError("a stored message is {'text': str, 'params': {...}}")
        return cls(text, {name: _unstored(v) for name, v in params.items()})

    @classmethod
    def literal(cls, wording: str) -> Message:
        """A message that is ``wording`` as it stands, in every language (no catalogue entry)."""
        return cls(wording.replace("{", "{{").replace("}", "}}"))


def _stored(value: Param) -> dict[str, Any]:
    if isinstance(value, Message):
        return {"message": value.stored()}
    if isinstance(value, Enum):
        return {"enum": _enum_name(type(value)), "value": value.value}
    if isinstance(value, tuple):
        return {"enums": [[_enum_name(type(v)), v.value] for v in value]}
    if isinstance(value, bool | int):
        return {"int": int(value)}
    if isinstance(value, float):
        return {"float": repr(value)}  # a string: NaN and infinities have no JSON number
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return {"str": str(value)}


def _unstored(tagged: object) -> Param:
    if not isinstance(tagged, dict) or len(tagged) not in (1, 2):
        raise ValueError(f"not a stored message parameter: {tagged!r}")
    if "message" in tagged:
        return Message.from_stored(tagged["message"])
    if "enum" in tagged:
        return _enum_member(tagged["enum"], tagged.get("value"))
    if "enums" in tagged:
        members = [_enum_member(name, v) for name, v in tagged["enums"]]
        found = tuple(m for m in members if isinstance(m, Enum))
        return found if len(found) == len(members) else "/".join(str(m.value if isinstance(m, Enum) else m)
                                                                  for m in members)
    if "int" in tagged:
        return int(tagged["int"])
    if "float" in tagged:
        return float(tagged["float"])
    if "date" in tagged:
        return dt.date.fromisoformat(tagged["date"])
    return str(tagged["str"])


def _enum_name(kind: type[Enum]) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _enum_member(name: str, value: object) -> Enum | str:
    """The enum member a stored parameter names; only talentgraph's own enums are looked up (a
    stored name never imports anything else). One that no longer exists reads as its value."""
    module, _, qualname = name.partition(":")
    if module == "talentgraph" or module.startswith("talentgraph."):
        try:
            kind = getattr(importlib.import_module(module), qualname)
            if isinstance(kind, type) and issubclass(kind, Enum):
                return kind(value)
        except (ImportError, AttributeError, ValueError):
            pass
    return str(value)


_ENGLISH = "en"  # the key of the English wording among a message's wordings
_WORDINGS_KEPT = 4


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


def _param(value: Param, translate: Callable[[str], str], word: Word) -> str:
    if isinstance(value, Message):
        return value.render(translate, word)
    if isinstance(value, Enum | Header):
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
