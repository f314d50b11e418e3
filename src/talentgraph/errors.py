"""One exception hierarchy, raised by domain and services; CLI and API translate it.

An error says why in English (``str(error)``, what logs, audits and English clients keep) and may
carry the same words as a message (``said``: a ``domain.message.Message``, an English message id
and its parameters) so that each edge can word it in its reader's language
(``i18n.Words.render``). This module is the bottom layer every other one raises from, so it only
knows a message by its shape (``Said``), never by import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


class Said(Protocol):
    """Words kept as a message and its parameters (``domain.message.Message``): ``str()`` is the
    English wording, ``render`` the wording through a catalogue."""

    def render(self, translate: Callable[[str], str], word: Callable[[Any], str]) -> str: ...


class TalentGraphError(Exception):
    """Base of every error talentgraph raises on purpose: ``said`` is an English sentence, or a
    message (``said`` keeps it, for the edges to word in the reader's language)."""

    def __init__(self, said: str | Said = "", *args: object) -> None:
        super().__init__(str(said), *args)
        self.said: Said | None = None if isinstance(said, str) else said


class NotFound(TalentGraphError):
    """A teacher, org, studio or policy that does not exist."""


class Forbidden(TalentGraphError):
    """The caller's role may not do this (a researcher writing, a planner replacing the graph)."""


class ReadOnly(TalentGraphError):
    """A write to a store that would not keep it (an in-memory store built from a bundle)."""


class Conflict(TalentGraphError):
    """A write that contradicts what is stored (duplicate id, cycle, ...)."""


class StoreUnavailable(TalentGraphError):
    """The store cannot be reached or opened."""


class TokenFileError(TalentGraphError):
    """The API token file exists but cannot be read or is not a valid token list (a server-side
    problem, never the caller's)."""


class PolicyError(TalentGraphError):
    """A policy file that does not parse or does not validate."""


class InvalidTarget(TalentGraphError):
    """A target string such as ``backbone@city`` that does not parse."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and why it is wrong.

    ``row`` is the spreadsheet row number (the header is row 1), or None for a
    problem with the whole file (or a summary of rows). ``count`` is how many problems it
    stands for: 1, or the rows a summary ("... and 40 more rows") counts.
    """

    file: str
    row: int | None
    column: str | None
    reason: str  # in English; ``said`` words it in any language (i18n.Words.problem)
    count: int = field(default=1, compare=False)
    said: Said | None = field(default=None, compare=False)
    # Where the planner finds it when that is not ``file``: the workbook's sheet (教师) or the
    # file (Training.csv) as they named it. ``file`` stays the bundle's name (scripts read it).
    place: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = self.file if self.place is None else f"{self.file} ({self.place})"
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.reason}"


def problem(file: str, row: int | None, column: str | None, said: Said, count: int = 1) -> Problem:
    """A problem whose reason is a message (worded at the edge in the reader's language)."""
    return Problem(file, row, column, str(said), count, said)


class BundleError(TalentGraphError):
    """A roster bundle that failed validation; carries every problem found, and the warnings
    (what would not have been read) and notices the same load found, so that a refusal shows
    them all at once rather than one reload later."""

    def __init__(self, problems: list[Problem], *, warnings: Sequence[Problem] = (),
                 notices: Sequence[Problem] = ()) -> None:
        self.problems = problems
        self.warnings = tuple(warnings)
        self.notices = tuple(notices)
        self.total = sum(problem.count for problem in problems)  # the true count, summaries included
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{self.total} problem(s) in bundle:\n{shown}{more}")


class Refused(Conflict):
    """A step a workflow's rules refuse (a round's quota full, a hard rule waived, a round
    closed); the message names the reason, and nothing was changed."""
