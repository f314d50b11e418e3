"""The command line's --help texts for the gettext catalogue: a pybabel extractor (``clihelp`` in
babel.cfg) that walks the commands as click holds them (``cli/help.py`` translates them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import click

from talentgraph.cli.help import help_message


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of a command tree: each command's, each option's (click's --help too)."""
    ctx = click.Context(command)
    for text in (command.short_help, command.help):
        if text:
            yield help_message(text)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option) and param.help:
            yield help_message(param.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from help_texts(sub)


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """pybabel's extractor interface: the help texts of the whole command line."""
    from talentgraph.cli.main import cli

    for text in dict.fromkeys(help_texts(cli)):
        yield 0, None, text, []
