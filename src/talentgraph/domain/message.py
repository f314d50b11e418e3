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
from collections.abc import Callable
from enum import Enum
from typing import Union

from pydantic import BaseModel, ConfigDict

Param = Union[str, int, float, dt.date, Enum, tuple[Enum, ...], "Message"]


def N_(text: str) -> str:
    """Marks ``text`` as a message for the catalogue (pybabel extract -k N_); returns it unchanged."""
    return text


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    params: dict[str, Param] = {}

    def __str__(self) -> str:
        """The English wording."""
        return self.render(lambda text: text, english_param)

    def render(self, translate: Callable[[str], str], word: Callable[[Enum], str]) -> str:
        values = {name: _param(value, translate, word) for name, value in self.params.items()}
        return translate(self.text).format(**values)

    def map_text(self, change: Callable[[str], str]) -> Message:
        """The message with ``change`` applied to each text parameter (redaction of ids)."""
        def changed(value: Param) -> Param:
            if isinstance(value, str):
                return change(value)
            return value.map_text(change) if isinstance(value, Message) else value
        return self.model_copy(update={"params": {k: changed(v) for k, v in self.params.items()}})


def english_param(value: Enum) -> str:
    return str(value.value)


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


def message(text: str, **params: Param) -> Message:
    return Message(text=text, params=params)
