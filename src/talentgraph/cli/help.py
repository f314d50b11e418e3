"""``--help`` in the reader's language: every command's and option's help is a catalogue message,
translated when the help is formatted (``words()``: ``--lang``, ``TALENTGRAPH_LANG``, the locale).

The help stays where click keeps it (docstrings, ``help=``); ``translated_help`` gives a command
(and, for a group, every command under it, as it is added) a class that words it at format time.
``cli/help_catalogue.py`` is the pybabel extractor that finds those texts for the catalogue. click's
own fragments beside them (``[default: ...]``, ``[required]``) stay as click writes them.
"""

from __future__ import annotations

import copy
import inspect
import unicodedata
from typing import TypeVar

import click

from talentgraph.cli.language import words

C = TypeVar("C", bound=click.Command)


def help_message(text: str | None) -> str:
    """A help text as the catalogue knows it (its message id): the docstring without indentation,
    up to click's form feed."""
    return inspect.cleandoc(text).partition("\f")[0] if text else ""


def _translated(text: str | None) -> str | None:
    return words().gettext(help_message(text)) if text else text


class _TranslatedHelp(click.Command):
    """Formats a command's help (usage, text, options, subcommands) in the reader's language."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=words().gettext("Usage:") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        shown = copy.copy(self)
        shown.help = _translated(self.help)
        click.Command.format_help_text(shown, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            shown = copy.copy(param)
            if isinstance(shown, click.Option):
                shown.help = _translated(shown.help)
            record = shown.get_help_record(ctx)
            if record is not None:
                rows.append(record)
        if rows:
            with formatter.section(words().gettext("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        assert isinstance(self, click.Group)
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        with formatter.section(words().gettext("Commands")):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

    def get_short_help_str(self, limit: int = 45) -> str:
        own = help_message(self.short_help or self.help)
        said = words().gettext(own) if own else ""
        if said == own:  # English, or a text the catalogue lacks: click shortens it
            return super().get_short_help_str(limit)
        return _fit(said.split("。")[0].split("\n")[0], limit)  # the first sentence: Chinese ends it with 。

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        assert isinstance(self, click.Group)
        click.Group.add_command(self, translated_help(cmd), name)


def _fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` columns of a terminal (a Chinese character takes two)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > columns:
            return text[: max(0, index - 1)] + "…"
    return text


_CLASSES: dict[type[click.Command], type[click.Command]] = {}


def _class_for(kind: type[click.Command]) -> type[click.Command]:
    if issubclass(kind, _TranslatedHelp):
        return kind
    if kind not in _CLASSES:
        _CLASSES[kind] = type(f"Translated{kind.__name__}", (_TranslatedHelp, kind), {})
    return _CLASSES[kind]


def translated_help(command: C) -> C:
    """``command`` (and every command under a group) with its help worded in the reader's
    language. The class changes in place to a subclass that adds only formatting, so the
    command's own behaviour (a group's invoke, say) is kept."""
    command.__class__ = _class_for(type(command))  # type: ignore[assignment]
    if isinstance(command, click.Group):
        command.commands = {name: translated_help(sub) for name, sub in command.commands.items()}
    return command
