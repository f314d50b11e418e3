"""One exception hierarchy, raised by domain and services; CLI and API translate it."""

from __future__ import annotations

from dataclasses import dataclass, field


class TalentGraphError(Exception):
    """Base of every error talentgraph raises on purpose."""


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
    reason: str
    count: int = field(default=1, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.reason}"


class BundleError(TalentGraphError):
    """A roster bundle that failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.total = sum(problem.count for problem in problems)  # the true count, summaries included
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{self.total} problem(s) in bundle:\n{shown}{more}")


class Refused(Conflict):
    """A step a workflow's rules refuse (a round's quota full, a hard rule waived, a round
    closed); the message names the reason, and nothing was changed."""
