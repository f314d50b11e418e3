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
from talentgraph.domain.rules import RULES, source_record
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import CheckResult, Evidence, Verdict, VerdictKind
from talentgraph.eligibility.pipeline import BASIS, Pipeline
from talentgraph.exports import verdict_record, why_not
from talentgraph.i18n import Words
from talentgraph.roster import Roster
from talentgraph.services import Scope, Verdicts


def counts_table(roster: Roster, w: Words) -> Table:
    """Rows per file, for the files the bundle has."""
    table = Table(w.gettext("file"), w.gettext("rows"))
    for name, n in roster.summary().items():
        if name in roster.present:
            table.add_row(f"{name}.csv", f"{n:,}")
    return table


def sweep_summary(found: Verdicts, w: Words) -> str:
    c = found.counts()
    head = w.gettext("{target} as of {as_of} ({policy} policy): {n} candidates").format(
        target=_target(found.target, w), as_of=found.as_of, policy=found.policy, n=f"{sum(c.values()):,}")
    counts = {k: f"{n:,}" for k, n in c.items()}
    if w.chinese:  # 符合 106，待审核 185，不符合 1,169
        parts = [f"{w.verdict(k)} {counts[k]}" for k in VerdictKind]
        sep = "，"
    else:
        parts = [f"{counts[k]} {w.verdict(k)}" for k in VerdictKind]
        sep = ", "
    return f"{escape(head)} — " + sep.join(
        f"[{STYLE[k.value]}]{escape(part)}[/]" for k, part in zip(VerdictKind, parts, strict=True))


def _target(t: Target, w: Words, sep: str = "") -> str:
    """The target in words for a Chinese reader, with the grammar --target takes:
    县级骨干教师（backbone@county）; in English, the grammar."""
    return f"{w.target(t)}{sep}（{t}）" if w.chinese else str(t)


def _status(c: CheckResult, w: Words) -> str:
    if c.unknown:
        return f"[yellow]{w.outcome(False, True)}[/]"
    return f"[green]{w.outcome(True)}[/]" if c.passed else f"[red]{w.outcome(False).upper()}[/]"


def _effect(effect: str, w: Words) -> str:
    """advice / alert (checks shown that never decide a verdict), obligation."""
    return {"advice": w.pgettext("effect", "advice"), "alert": w.pgettext("effect", "alert"),
            "obligation": w.pgettext("effect", "obligation")}.get(effect, effect)


def explanation_panel(v: Verdict, w: Words) -> Panel:
    """One teacher's verdict, check by check, with the rule's meaning and the evidence."""
    gettext = w.gettext
    table = Table(gettext("rule"), "", show_lines=True, expand=True)
    table.add_column(gettext("check"), overflow="fold")  # quotes have no spaces to wrap at
    for c in v.checks:
        status, kind = _status(c, w), w.strength(c.hard)
        if not c.gate:  # advice and alerts are shown, never decide
            status = f"[green]{w.outcome(True)}[/]" if c.passed else f"[yellow]{_effect(c.effect, w)}[/]"
            kind = _effect(c.effect, w)
        lines = [escape(w.reason(c)), *_source_lines(c.rules, kind, w)]
        if c.note:
            said = gettext("policy note: {note}").format(note=w.policy_text(c.note))
            lines.append(f"[dim]{escape(said)}[/]")
        lines += _evidence_lines(c, w)
        table.add_row(c.rule, status, "\n".join(lines))
    style = STYLE[v.verdict.value]
    head = gettext("{name} ({teacher}, school {school}) for {target} as of {as_of}, policy {policy}").format(
        name=v.name, teacher=v.teacher_id, school=v.school_id, target=_target(v.target, w), as_of=v.as_of,
        policy=v.policy)
    verdict = w.verdict(v.verdict)
    verdict = verdict if w.chinese else verdict.upper()
    parts: list[Any] = [f"{escape(head)}{'：' if w.chinese else ': '}[bold {style}]{escape(verdict)}[/]"]
    if v.note:
        said = gettext("note: {note}").format(note=w.note(v))
        parts.append(f"[bold yellow]{escape(said)}[/]")
    parts.append(table)
    if v.obligations:
        parts.append(_obligations_table(v, w))
    return Panel(Group(*parts), title=gettext("explanation"))


def _evidence_lines(c: CheckResult, w: Words) -> list[str]:
    return [f"  • {e.date or ''} {escape(w.detail(e))}".replace("  •  ", "  • ") for e in c.evidence]


def _source_lines(rules: tuple[str, ...], kind: str, w: Words) -> list[str]:
    """Each rule the check cites: the seed's sentence (verbatim in every language), and in English
    our gloss of it."""
    lines = []
    for rule_id in rules:
        named = f"{rule_id} " if len(rules) > 1 else ""  # a route joining rules names each
        quote = w.quote(rule_id)
        if quote:
            lines.append(f"[cyan]{escape(named + quote)}[/]")
        gloss = "" if w.chinese else RULES.get(rule_id, "")
        strength = f"{gloss} ({kind})" if gloss else f"（{kind}）" if w.chinese else kind
        lines.append(f"[dim]{escape(strength)}[/]")
    return lines


def explanation_record(v: Verdict, own: dict[str, str], w: Words) -> dict[str, Any]:
    """``explain --format json``: the verdict record with evidence and obligations; machine fields
    (ids, enums, rule IDs) as in every language, human ones (reason, detail, note) in ``w``'s."""
    record: dict[str, Any] = verdict_record(v, w) | {"note": w.note(v)}
    for check, full in zip(record["checks"], v.checks, strict=True):
        check["evidence"] = [_evidence_record(e, w) for e in full.evidence]
        check["sources"] = [source_record(r, own) for r in full.rules]
    record["obligations"] = [c.model_dump(mode="json", exclude={"hard", "effect", "message", "evidence"})
                             | {"reason": w.reason(c),
                                "evidence": [_evidence_record(e, w) for e in c.evidence],
                                "sources": [source_record(c.rule, own)]} for c in v.obligations]
    return record


def _evidence_record(e: Evidence, w: Words) -> dict[str, Any]:
    return e.model_dump(mode="json", exclude={"message"}) | {"detail": w.detail(e)}


def rules_table(records: list[dict[str, Any]], w: Words) -> Table:
    """``talentgraph rules``: each rule with its quote, reading, strength and policies."""
    gettext = w.gettext
    table = Table(show_lines=True, expand=True)
    table.add_column(gettext("rule"), no_wrap=True)
    for name in (gettext("seed sentence / gloss"), gettext("reading"), gettext("used as")):
        table.add_column(name, overflow="fold")
    kinds = {"aggregate": w.pgettext("rule kind", "aggregate"), "flag": w.pgettext("rule kind", "flag"),
             "not_modelled": w.pgettext("rule kind", "not_modelled")}
    for r in records:
        reading = w.gettext(r["reading"])  # a built-in rule's reading is in the catalogue
        if r["kind"] != "teacher":
            kind, where = kinds.get(r["kind"], r["kind"]), w.gettext(r["where"]) if r["where"] else ""
            layout = (w.pgettext("rule", "{kind}: {reading} ({where})") if where
                      else w.pgettext("rule", "{kind}: {reading}"))
            reading = layout.format(kind=kind, reading=reading, where=where)
        gloss = "" if w.chinese else r["gloss"]  # the English gloss is for English readers
        source = f"{w.quote(r['rule'])}\n{gloss}".strip()
        table.add_row(escape(r["rule"]), escape(source), escape(reading), escape(_uses(r["uses"], w) or "-"))
    return table


def _uses(uses: list[tuple[str, list[str]]], w: Words) -> str:
    """'hard (jiangmen, reference); in principle (wenzhou)', the strengths in words; the details
    a policy adds (a window, the months of a school year) as the policy says them."""
    pgettext = w.pgettext
    words = {
        "hard": pgettext("use", "hard"), "in principle": pgettext("use", "in principle"),
        "hard route": pgettext("use", "hard route"),
        "in principle route": pgettext("use", "in principle route"),
        "advice": pgettext("use", "advice"), "alert": pgettext("use", "alert"),
        "obligation": pgettext("use", "obligation"), "quota": pgettext("use", "quota"),
        "target": pgettext("use", "target"), "coverage": pgettext("use", "coverage"),
        "ranking": pgettext("use", "ranking"), "split by content": pgettext("use", "split by content"),
        "probation hours left out": pgettext("use", "probation hours left out"),
        "days to hours": pgettext("use", "days to hours"),
    }
    return w.gettext("; ").join(pgettext("use", "{use} ({policies})").format(
        use=words.get(use, use), policies=w.list_sep().join(names)) for use, names in uses)


def _obligations_table(v: Verdict, w: Words) -> Table:
    """What the teacher owes as holder of a title or role: beside the verdict, never part of it."""
    gettext = w.gettext
    table = Table(gettext("rule"), "", show_lines=True, expand=True,
                  title=gettext("obligations of the teacher's titles and roles (not part of the verdict)"),
                  title_justify="left")
    table.add_column(gettext("obligation"), overflow="fold")
    for c in v.obligations:
        lines = [escape(w.policy_text(c.note)), escape(w.reason(c)),
                 *_source_lines(c.rules[:1], _effect("obligation", w), w)]
        lines += _evidence_lines(c, w)
        table.add_row(c.rule, _status(c, w), "\n".join(lines))
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


def print_pipeline(console: Console, p: Pipeline, w: Words) -> None:
    head = w.gettext("Pipeline as of {as_of}").format(as_of=p.as_of)
    tail = w.gettext("{n} teachers in post").format(n=f"{p.teachers:,}")
    console.print(f"[bold]{escape(head)}[/]: {escape(tail)}")
    console.print(_holders_grid(p, w))
    console.print(_steps_table(p, w))
    console.print(_quota_table(p, w))
    if p.obligations:
        console.print(_duties_table(p, w))


def _holders_grid(p: Pipeline, w: Words) -> Table:
    levels = [lv for lv in Level]
    table = Table(title=w.gettext("Title holders (teacher track), tier x level"), title_justify="left")
    table.add_column(w.gettext("tier"))
    for lv in levels:
        table.add_column(w.level(lv), justify="right")
    for tier in Tier:
        table.add_row(w.tier(tier) if w.chinese else tier.value,
                      *[f"{p.holders.get((Track.TEACHER, tier, lv), 0):,}" for lv in levels])
    return table


def _steps_table(p: Pipeline, w: Words) -> Table:
    gettext = w.gettext
    caption = gettext("candidates: {candidates}; past it: {beyond}").format(
        candidates=gettext(BASIS["candidates"]), beyond=gettext(BASIS["beyond"]))
    table = Table(title=gettext("Funnel: candidates per step (bar: eligible █, review ▒)"),
                  title_justify="left",
                  caption=caption, caption_justify="left")
    table.add_column(gettext("target"), no_wrap=True)
    for col in (gettext("holders"), gettext("past it"), w.verdict(VerdictKind.ELIGIBLE),
                w.verdict(VerdictKind.REVIEW), w.verdict(VerdictKind.INELIGIBLE)):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("", overflow="crop")
    top = max([s.eligible + s.review for s in p.steps] + [1])
    for s in p.steps:
        bar = _bar(s.eligible / top, "green", "█") + _bar(s.review / top, "yellow", "▒")
        table.add_row(escape(_target(s.target, w, "\n")), f"{s.holders:,}", f"[dim]{s.beyond:,}[/]",
                      f"[green]{s.eligible:,}[/]", f"[yellow]{s.review:,}[/]", f"[red]{s.ineligible:,}[/]",
                      bar)
    return table


def _bar(share: float, colour: str, glyph: str, width: int = 12) -> str:
    return f"[{colour}]{glyph * round(width * share)}[/]"


def _holder_order(item: tuple[tuple[Track, Tier, Level], int]) -> tuple[Track, int, int]:
    """Holder counts by track, then tier and level from lowest to highest."""
    (track, tier, level), _ = item
    return track, tier.rank, level.rank


def _quota_table(p: Pipeline, w: Words) -> Table:
    gettext = w.gettext
    caption = gettext("{quota}; teachers: {teachers}").format(quota=gettext(BASIS["quota"]),
                                                               teachers=gettext(BASIS["teachers"]))
    table = Table(title=gettext("Backbone quota use (TX-RATIO)"), title_justify="left",
                  caption=caption, caption_justify="left")
    table.add_column(gettext("level"))
    for col in (gettext("holders"), gettext("share"), gettext("quota"), gettext("used")):
        table.add_column(col, justify="right")
    for q in p.quotas:
        used = f"{q.used:.0%}" if q.quota else "-"
        style = "red" if q.quota and q.used > 1 else "green"
        table.add_row(w.level(q.level), f"{q.holders:,}", f"{q.ratio:.0%}", f"{q.quota:,}",
                      f"[{style}]{used}[/]")
    return table


def _duties_table(p: Pipeline, w: Words) -> Table:
    gettext = w.gettext
    table = Table(title=gettext("Obligations of title and role holders (not conditions of any target)"),
                  title_justify="left")
    table.add_column(gettext("rule"))
    table.add_column(gettext("duty"))
    for col in (gettext("owed"), gettext("met"), w.outcome(False, True), gettext("unmet")):
        table.add_column(col, justify="right")
    for d in p.obligations:
        table.add_row(d.rule, escape(w.policy_text(d.duty)), f"{d.owed:,}", f"[green]{d.met:,}[/]",
                      f"[yellow]{d.unknown:,}[/]", f"[red]{d.unmet:,}[/]")
    return table


def generate_with_progress(console: Console, teachers: int, seed: int, as_of: dt.date) -> Roster:
    from talentgraph.synth import generate_region  # only generate and demo make a region

    progress = Progress(TextColumn("[bold]generating[/] {task.description}"), BarColumn(),
                        TimeElapsedColumn(), console=console, transient=True,
                        disable=not console.is_terminal)
    with progress:
        task = progress.add_task("", total=None)

        def report(stage: str, done: int) -> None:
            progress.update(task, description=stage, completed=done)

        return generate_region(teachers, seed=seed, as_of=as_of, progress=report)


DEMO_TARGETS = ("emerging@county", "backbone@county", "backbone@city", "famous@city")


def demo(out: Console, err: Console, teachers: int, seed: int, w: Words) -> None:
    """Generate a city, then show what a planner would look at first."""
    gettext = w.gettext
    as_of = dt.date(2026, 9, 1)
    started = time.perf_counter()
    roster = generate_with_progress(err, teachers, seed, as_of)
    questions = services_for(store_from_roster(roster), policy="reference").questions
    everything = Scope.everything()
    out.rule(escape(gettext("talentgraph demo: a generated city of {n} teachers (seed {seed})").format(
        n=f"{teachers:,}", seed=seed)))
    print_pipeline(out, questions.pipeline(everything, as_of), w)
    example: Verdict | None = None
    for text in DEMO_TARGETS:
        target = Target.parse(text)
        found = questions.eligibility(everything, target, as_of)
        out.print(sweep_summary(found, w))
        title = gettext("Candidates for {target} (first by teacher id)").format(target=_target(target, w))
        table = Table(gettext("teacher"), gettext("name"), gettext("school"), gettext("verdict"),
                      title=escape(title), title_justify="left")
        table.add_column(gettext("why not"), overflow="fold")  # Chinese has no spaces to wrap at
        for v in found.window(0, 3) + found.only(VerdictKind.REVIEW).window(0, 2):
            why = why_not(v, "; ", w)
            verdict = f"[{STYLE[v.verdict.value]}]{w.verdict(v.verdict)}[/]"
            table.add_row(v.teacher_id, escape(v.name), v.school_id, verdict, escape(why))
            example = example or (v if v.verdict is VerdictKind.REVIEW else None)
        out.print(table)
    if example is not None:
        explained = questions.explanation(everything, example.teacher_id, example.target, as_of)
        out.print(explanation_panel(explained, w))
    done = gettext("done in {seconds} s. Try:").format(seconds=f"{time.perf_counter() - started:.1f}")
    lang = " --lang zh" if w.chinese else ""
    out.print(f"[dim]{escape(done)} talentgraph generate --teachers 5000 --out region && "
              f"talentgraph eligible --data region --target backbone@county --as-of 2026-09-01{lang}[/]")

