"""What the CLI prints for people: tables, explanations, the pipeline, the demo."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from talentgraph.bootstrap import services_for, store_from_roster
from talentgraph.cli.output import STYLE
from talentgraph.domain.enums import Level, Tier, Track
from talentgraph.domain.rules import RULES, quote_line
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict, VerdictKind
from talentgraph.eligibility.pipeline import BASIS, Pipeline
from talentgraph.exports import why_not
from talentgraph.roster import Roster
from talentgraph.services import Scope, Verdicts
from talentgraph.synth import generate_region

MARK = {True: "[green]pass[/]", False: "[red]FAIL[/]"}


def counts_table(roster: Roster) -> Table:
    """Rows per file, for the files the bundle has."""
    table = Table("file", "rows")
    for name, n in roster.summary().items():
        if name in roster.present:
            table.add_row(f"{name}.csv", f"{n:,}")
    return table


def sweep_summary(found: Verdicts) -> str:
    c = found.counts()
    return (f"{found.target} as of {found.as_of} ({found.policy} policy): "
            f"{sum(c.values()):,} candidates — [green]{c[VerdictKind.ELIGIBLE]:,} eligible[/], "
            f"[yellow]{c[VerdictKind.REVIEW]:,} review[/], [red]{c[VerdictKind.INELIGIBLE]:,} ineligible[/]")


def explanation_panel(v: Verdict) -> Panel:
    """One teacher's verdict, check by check, with the rule's meaning and the evidence."""
    table = Table("rule", "", show_lines=True, expand=True)
    table.add_column("check", overflow="fold")  # quotes have no spaces to wrap at
    for c in v.checks:
        status = MARK[c.passed] if not c.unknown else "[yellow]unknown[/]"
        kind = "hard" if c.hard else "in principle"
        if not c.gate:  # advice and alerts are shown, never decide
            status, kind = (MARK[True] if c.passed else f"[yellow]{c.effect}[/]"), c.effect
        lines = [f"{escape(c.reason)}", *_source_lines(c.rules, kind)]
        if c.note:
            lines.append(f"[dim]policy note: {escape(c.note)}[/]")
        lines += [f"  • {e.date or ''} {escape(e.detail)}".replace("  •  ", "  • ") for e in c.evidence]
        table.add_row(c.rule, status, "\n".join(lines))
    style = STYLE[v.verdict.value]
    head = (f"{escape(v.name)} ({v.teacher_id}, school {v.school_id}) for {v.target} as of {v.as_of}, "
            f"policy {v.policy}: [bold {style}]{v.verdict.value.upper()}[/]")
    parts: list[Any] = [head]
    if v.note:
        parts.append(f"[bold yellow]note: {escape(v.note)}[/]")
    parts.append(table)
    if v.obligations:
        parts.append(_obligations_table(v))
    return Panel(Group(*parts), title="explanation")


def _source_lines(rules: tuple[str, ...], kind: str) -> list[str]:
    """Each rule the check cites: the seed's sentence and the English gloss."""
    lines = []
    for rule_id in rules:
        named = f"{rule_id} " if len(rules) > 1 else ""  # a route joining rules names each
        quote = quote_line(rule_id)
        if quote:
            lines.append(f"[cyan]{escape(named + quote)}[/]")
        lines.append(f"[dim]{escape(RULES.get(rule_id, ''))} ({kind})[/]")
    return lines


def rules_table(records: list[dict[str, Any]]) -> Table:
    """``talentgraph rules``: each rule with its quote, reading, strength and policies."""
    table = Table(show_lines=True, expand=True)
    table.add_column("rule", no_wrap=True)
    for name in ("seed sentence / gloss", "reading", "used as"):
        table.add_column(name, overflow="fold")
    for r in records:
        reading = r["reading"]
        if r["kind"] != "teacher":
            reading = f"{r['kind']}: {reading} ({r['where']})" if r["where"] else f"{r['kind']}: {reading}"
        source = f"{quote_line(r['rule'])}\n{r['gloss']}".strip()
        table.add_row(escape(r["rule"]), escape(source), escape(reading), escape(r["strength"] or "-"))
    return table


def _obligations_table(v: Verdict) -> Table:
    """What the teacher owes as holder of a title or role: beside the verdict, never part of it."""
    table = Table("rule", "", show_lines=True, expand=True,
                  title="obligations of the teacher's titles and roles (not part of the verdict)",
                  title_justify="left")
    table.add_column("obligation", overflow="fold")
    for c in v.obligations:
        status = MARK[c.passed] if not c.unknown else "[yellow]unknown[/]"
        lines = [escape(c.note or ""), escape(c.reason), *_source_lines(c.rules[:1], "obligation")]
        lines += [f"  • {e.date or ''} {escape(e.detail)}".replace("  •  ", "  • ") for e in c.evidence]
        table.add_row(c.rule, status, "\n".join(lines))
    return table


def pipeline_record(p: Pipeline) -> dict[str, Any]:
    return {
        "as_of": p.as_of.isoformat(),
        "teachers": p.teachers,
        "holders": [{"track": k[0].value, "tier": k[1].value, "level": k[2].value, "count": n}
                    for k, n in sorted(p.holders.items(), key=_holder_order)],
        "steps": [{"target": str(s.target), "holders": s.holders, "beyond": s.beyond,
                   "eligible": s.eligible, "review": s.review, "ineligible": s.ineligible}
                  for s in p.steps],
        "basis": BASIS,
        "quotas": [{"rule": "TX-RATIO", "level": q.level.value, "holders": q.holders, "ratio": q.ratio,
                    "quota": q.quota, "used": round(q.used, 3)} for q in p.quotas],
        "obligations": [vars(d) for d in p.obligations],
    }


def print_pipeline(console: Console, p: Pipeline) -> None:
    console.print(f"[bold]Pipeline as of {p.as_of}[/]: {p.teachers:,} teachers in post")
    console.print(_holders_grid(p))
    console.print(_steps_table(p))
    console.print(_quota_table(p))
    if p.obligations:
        console.print(_duties_table(p))


def _holders_grid(p: Pipeline) -> Table:
    levels = [lv for lv in Level]
    table = Table(title="Title holders (teacher track), tier x level", title_justify="left")
    table.add_column("tier")
    for lv in levels:
        table.add_column(lv.value, justify="right")
    for tier in Tier:
        table.add_row(tier.value, *[f"{p.holders.get((Track.TEACHER, tier, lv), 0):,}" for lv in levels])
    return table


def _steps_table(p: Pipeline) -> Table:
    table = Table(title="Funnel: candidates per step (bar: eligible █, review ▒)", title_justify="left",
                  caption=f"candidates: {BASIS['candidates']}; past it: {BASIS['beyond']}",
                  caption_justify="left")
    table.add_column("target", no_wrap=True)
    for col in ("holders", "past it", "eligible", "review", "ineligible"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("", overflow="crop")
    top = max([s.eligible + s.review for s in p.steps] + [1])
    for s in p.steps:
        bar = _bar(s.eligible / top, "green", "█") + _bar(s.review / top, "yellow", "▒")
        table.add_row(str(s.target), f"{s.holders:,}", f"[dim]{s.beyond:,}[/]", f"[green]{s.eligible:,}[/]",
                      f"[yellow]{s.review:,}[/]", f"[red]{s.ineligible:,}[/]", bar)
    return table


def _bar(share: float, colour: str, glyph: str, width: int = 12) -> str:
    return f"[{colour}]{glyph * round(width * share)}[/]"


def _holder_order(item: tuple[tuple[Track, Tier, Level], int]) -> tuple[Track, int, int]:
    """Holder counts by track, then tier and level from lowest to highest."""
    (track, tier, level), _ = item
    return track, tier.rank, level.rank


def _quota_table(p: Pipeline) -> Table:
    table = Table(title="Backbone quota use (TX-RATIO)", title_justify="left",
                  caption=f"{BASIS['quota']}; teachers: {BASIS['teachers']}", caption_justify="left")
    for col in ("level", "holders", "share", "quota", "used"):
        table.add_column(col, justify="right" if col != "level" else "left")
    for q in p.quotas:
        used = f"{q.used:.0%}" if q.quota else "-"
        style = "red" if q.quota and q.used > 1 else "green"
        table.add_row(q.level.value, f"{q.holders:,}", f"{q.ratio:.0%}", f"{q.quota:,}",
                      f"[{style}]{used}[/]")
    return table


def _duties_table(p: Pipeline) -> Table:
    table = Table(title="Obligations of title and role holders (not conditions of any target)",
                  title_justify="left")
    for col in ("rule", "duty", "owed", "met", "unknown", "unmet"):
        table.add_column(col, justify="left" if col in ("rule", "duty") else "right")
    for d in p.obligations:
        table.add_row(d.rule, escape(d.duty), f"{d.owed:,}", f"[green]{d.met:,}[/]",
                      f"[yellow]{d.unknown:,}[/]", f"[red]{d.unmet:,}[/]")
    return table


def generate_with_progress(console: Console, teachers: int, seed: int, as_of: dt.date) -> Roster:
    progress = Progress(TextColumn("[bold]generating[/] {task.description}"), BarColumn(),
                        TimeElapsedColumn(), console=console, transient=True,
                        disable=not console.is_terminal)
    with progress:
        task = progress.add_task("", total=None)

        def report(stage: str, done: int) -> None:
            progress.update(task, description=stage, completed=done)

        return generate_region(teachers, seed=seed, as_of=as_of, progress=report)


DEMO_TARGETS = ("emerging@county", "backbone@county", "backbone@city", "famous@city")


def demo(out: Console, err: Console, teachers: int, seed: int) -> None:
    """Generate a city, then show what a planner would look at first."""
    as_of = dt.date(2026, 9, 1)
    started = time.perf_counter()
    roster = generate_with_progress(err, teachers, seed, as_of)
    questions = services_for(store_from_roster(roster), policy="reference").questions
    everything = Scope.everything()
    out.rule(f"talentgraph demo: a generated city of {teachers:,} teachers (seed {seed})")
    print_pipeline(out, questions.pipeline(everything, as_of))
    example: Verdict | None = None
    for text in DEMO_TARGETS:
        found = questions.eligibility(everything, Target.parse(text), as_of)
        out.print(sweep_summary(found))
        table = Table("teacher", "name", "school", "verdict", "why not",
                      title=f"Candidates for {text} (first by teacher id)", title_justify="left")
        for v in found.window(0, 3) + found.only(VerdictKind.REVIEW).window(0, 2):
            why = why_not(v, "; ")
            verdict = f"[{STYLE[v.verdict.value]}]{v.verdict.value}[/]"
            table.add_row(v.teacher_id, v.name, v.school_id, verdict, escape(why))
            example = example or (v if v.verdict is VerdictKind.REVIEW else None)
        out.print(table)
    if example is not None:
        explained = questions.explanation(everything, example.teacher_id, example.target, as_of)
        out.print(explanation_panel(explained))
    out.print(f"[dim]done in {time.perf_counter() - started:.1f} s. "
              "Try: talentgraph generate --teachers 5000 --out region && "
              "talentgraph eligible --data region --target backbone@county --as-of 2026-09-01[/]")

