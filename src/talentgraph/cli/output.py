"""Writing verdict lists for the command line: a table on the terminal, or a file (exports.py).

Every command that writes a file follows one rule (``claim_output``): an existing file is
refused unless ``--force`` is given, a folder is refused always, and the file appears whole or not
at all (written beside its final name and moved into place), so a failed write leaves what was
there before.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from talentgraph.domain.models import Org
from talentgraph.domain.verdict import Verdict
from talentgraph.exports import why_not, write_csv, write_json, write_xlsx
from talentgraph.i18n import Words

FORMATS = ("table", "csv", "json", "xlsx")
STYLE = {"eligible": "green", "review": "yellow", "ineligible": "red"}


class OutputRefused(click.ClickException):
    """A file the command will not write: one line (``Error: ...``), exit code 2, no usage text."""

    exit_code = 2


def claim_output(path: Path, force: bool, words: Words) -> None:
    """Refuse to write over a folder, or over a file without ``--force`` (the one rule of every
    command that writes a file); the parent folder must exist."""
    if path.is_dir():
        raise OutputRefused(words.gettext("{path} is a folder; give a file name").format(path=path))
    if path.exists() and not force:
        raise OutputRefused(words.gettext("{path} already exists; pass --force to overwrite it")
                            .format(path=path))
    if not path.parent.is_dir():
        raise OutputRefused(words.gettext("cannot write {path}: the folder {folder} does not exist")
                            .format(path=path, folder=path.parent))
    if not os.access(path.parent, os.W_OK):
        raise OutputRefused(words.gettext("cannot write {path}: the folder {folder} is not writable")
                            .format(path=path, folder=path.parent))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle on a new file beside ``path`` that becomes ``path`` when the block ends
    without error (and is removed when it does not)."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:  # say which file could not be written, not the temporary one
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def replacing_text(path: Path) -> Iterator[IO[str]]:
    """``replacing`` for UTF-8 text (newlines as written)."""
    with replacing(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()  # ``replacing`` closes the file


def write_verdicts(verdicts: Iterable[Verdict], fmt: str, output: Path | None, console: Console,
                   words: Words, orgs: Mapping[str, Org]) -> None:
    """``verdicts`` (an iterator is read once, as it is written) to stdout or to ``output``."""
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError(words.gettext("--format xlsx needs --output FILE.xlsx"))
        with replacing(output) as handle:
            write_xlsx(verdicts, handle, words, orgs)
        return
    if output is None:
        if fmt == "table":
            console.print(verdict_table(verdicts, words))
        elif fmt == "csv":  # a pipe: plain CSV, no byte-order mark
            write_csv(verdicts, console.file, words, orgs, for_spreadsheets=False)
        else:
            write_json(verdicts, console.file, words)
        return
    with replacing_text(output) as handle:
        if fmt == "table":
            Console(file=handle, width=160, color_system=None).print(verdict_table(verdicts, words))
        elif fmt == "csv":  # a file: for Excel/WPS (byte-order mark, formulas kept as text)
            write_csv(verdicts, handle, words, orgs)
        else:
            write_json(verdicts, handle, words)


def verdict_table(verdicts: Iterable[Verdict], words: Words) -> Table:
    gettext = words.gettext
    table = Table(show_lines=False)
    for col in (gettext("teacher"), gettext("name"), gettext("school"), gettext("verdict"),
                gettext("why not (rule: reason)")):
        table.add_column(col, overflow="fold")
    for v in verdicts:
        style = STYLE[v.verdict.value]
        table.add_row(v.teacher_id, escape(v.name), v.school_id, f"[{style}]{words.verdict(v.verdict)}[/]",
                      escape(why_not(v, words=words)))
    return table
