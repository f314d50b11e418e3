"""The decision columns a ranked or readied list adds after the flat export's: rank, score and
its breakdown (``eligible --rank``), readiness (``--readiness``). One definition for the CLI's
files and the web app's export, in the planner's language: English keys (scripts read them) or
Chinese headings, rank and score as numbers and the ready-on day as a date (a workbook sorts and
sums them; CSV writes them as text)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from talentgraph.exports import Column, Extra
from talentgraph.i18n import ENGLISH, N_, Words

if TYPE_CHECKING:
    from talentgraph.eligibility.readiness import Readiness
    from talentgraph.services.decisions import RankedRow

RANKED_COLUMNS = (
    Column("rank", N_("Rank"), 6), Column("score", N_("Score"), 8),
    Column("breakdown", N_("Score (rule value×weight = points)"), 40),
)
READINESS_COLUMNS = (
    Column("readiness", N_("Readiness"), 12), Column("ready_on", N_("Ready on"), 12),
    Column("missing", N_("Rules still missing"), 18), Column("no_data", N_("Rules lacking data"), 18),
    Column("assumption", N_("Assumption"), 30),
)
# Said in the web app's words too (templates/candidates.html).
READINESS_WORDS = {"ready now": N_("ready now"), "ready on": N_("ready on"),
                   "not on current data": N_("not on current data")}


def decision_extra(rows: Iterable[tuple[RankedRow | None, Readiness | None]], words: Words, *,
                   ranked: bool, ready: bool) -> Extra:
    """The columns after the flat ones: ranked ones if ``ranked``, readiness ones if ``ready``;
    one (ranked row, readiness) pair per verdict, in the verdicts' order (None: blank cells)."""
    chosen = (RANKED_COLUMNS if ranked else ()) + (READINESS_COLUMNS if ready else ())
    header = [c.key if words.lang == ENGLISH else words.gettext(c.heading) for c in chosen]

    def cells(r: RankedRow | None, s: Readiness | None) -> list[object]:
        return (_ranked_cells(r) if ranked else []) + (_readiness_cells(s, words) if ready else [])

    return Extra(header, (cells(r, s) for r, s in rows), [c.width for c in chosen])


def breakdown_text(row: RankedRow) -> str:
    return "; ".join(f"{p.rule} {p.measure} {p.value:g}x{p.weight:g}={p.points:g}" for p in row.breakdown)


def readiness_text(ready: Readiness, words: Words) -> str:
    """When the teacher is ready and what is missing, in ``words``' language (``Readiness.text``
    in English; in Chinese the web app's words)."""
    if words.lang == ENGLISH:
        return ready.text
    text = words.gettext(READINESS_WORDS[ready.status]) + (f" {ready.on.isoformat()}" if ready.on else "")
    if ready.missing:
        text += f"（{words.gettext('missing')}：{'、'.join(ready.missing)}"
        if ready.no_data:
            text += f"；{words.gettext('Rules lacking data')}：{'、'.join(ready.no_data)}"
        text += "）"
    return text + (f"；{_assumption(ready, words)}" if ready.assumption else "")


def _assumption(ready: Readiness, words: Words) -> str:
    # The projection's one assumption (readiness.py), said as the web app says it in Chinese.
    if not ready.assumption or words.lang == ENGLISH:
        return ready.assumption or ""
    return words.gettext(N_("if training continues as in the last 12 months"))


def _ranked_cells(r: RankedRow | None) -> list[object]:
    return [r.rank, r.score, breakdown_text(r)] if r is not None else ["", "", ""]


def _readiness_cells(s: Readiness | None, words: Words) -> list[object]:
    if s is None:
        return ["", "", "", "", ""]
    status = s.status if words.lang == ENGLISH else words.gettext(READINESS_WORDS[s.status])
    return [status, s.on or "", ";".join(s.missing), ";".join(s.no_data), _assumption(s, words)]
