"""The command line's language: ``--lang`` (on the group or any command), else
``TALENTGRAPH_LANG``, else the locale (i18n.cli_language). Every command prints through
``words()``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from talentgraph.i18n import Words, cli_language

_chosen: list[Words] = []  # the language this run speaks: set by the group, maybe by the command


def words() -> Words:
    if not _chosen:
        _chosen.append(Words.of(_language(None)))
    return _chosen[-1]


def _language(option: str | None) -> str:
    try:
        return cli_language(option)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lang / TALENTGRAPH_LANG") from None


def _start(_: click.Context, __: click.Parameter, value: str | None) -> None:
    """The group's option: every run starts from it (or from the environment)."""
    _chosen[:] = [Words.of(_language(value))]


def _override(_: click.Context, __: click.Parameter, value: str | None) -> None:
    """A command's own ``--lang`` wins over the group's."""
    if value is not None:
        _chosen[:] = [Words.of(_language(value))]


HELP = ("Language of tables, messages and exports: zh (中文) or en "
        "(default: $TALENTGRAPH_LANG, else the locale, else en).")


def group_lang_option(f: Any) -> Any:
    return click.option("--lang", metavar="zh|en", expose_value=False, is_eager=True, callback=_start,
                        help=HELP)(f)


def lang_option(f: Any) -> Any:
    return click.option("--lang", metavar="zh|en", expose_value=False, is_eager=True, callback=_override,
                        help=HELP)(f)


def iso_day(value: str) -> dt.date:
    """A YYYY-MM-DD option value, refused in the user's language (one parser for every command)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(words().gettext("{value!r} is not a date; use YYYY-MM-DD")
                                 .format(value=value)) from None


def day_or_today(_: Any, __: Any, value: str | None) -> dt.date:
    """A click callback: the day given, else today."""
    return dt.date.today() if value is None else iso_day(value)


def day_or_none(_: Any, __: Any, value: str | None) -> dt.date | None:
    """A click callback: the day given, else None (the command chooses its default)."""
    return None if value is None else iso_day(value)
