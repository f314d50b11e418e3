"""``talentgraph quota`` and ``talentgraph coverage``, and the ranked / readiness columns of
``talentgraph eligible --rank --readiness``.

Rows are written as a table, CSV, JSON (a list of records: the CLI contract) or XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from talentgraph.bootstrap import open_store, policy_named, services_for
from talentgraph.cli.language import day_or_today, lang_option, words
from talentgraph.cli.output import claim_output, replacing, replacing_text
from talentgraph.cli.progress import stages
from talentgraph.decision_columns import breakdown_text, decision_extra, readiness_text
from talentgraph.domain.models import Org
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import Verdict
from talentgraph.eligibility.ranking import TIE_RULE
from talentgraph.eligibility.readiness import Readiness
from talentgraph.exports import (
    BOM,
    csv_chunks,
    flat_rows,
    header,
    verdict_record,
    why_not,
    write_sheet,
    write_xlsx,
)
from talentgraph.i18n import ENGLISH, N_, Words
from talentgraph.policy.load import builtin_policy_names
from talentgraph.services import Scope, Services
from talentgraph.services.decisions import RankedRow
from talentgraph.spreadsheet import csv_cell

FORMATS = ("table", "csv", "json", "xlsx")
out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)



def report_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--store/--data, --org, --as-of, --policy, --format, --output, --force, --lang: as the other
    questions."""
    for option in reversed([
        click.option("--store", "store", metavar="PATH|URI",
                     help="A snapshot written by `talentgraph load`, or a Neo4j server bolt://... ."),
        click.option("--data", "data", type=click.Path(exists=True, path_type=Path),
                     help="A roster bundle: a folder of CSVs or one .xlsx workbook."),
        click.option("--org", "org_id", metavar="ORG_ID", help="Only this org's subtree."),
        click.option("--as-of", "as_of", callback=day_or_today, metavar="YYYY-MM-DD",
                     help="The day the question is asked for (default: today)."),
        click.option("--policy", "policy_name", metavar="NAME|FILE",
                     help=f"Built-in ({', '.join(builtin_policy_names())}) or a policy file."),
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True),
        click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout."),
        click.option("--force", is_flag=True, help="Overwrite an existing --output file."),
        lang_option,
    ]):
        f = option(f)
    return f


def _services(data: Path | None, store: str | None, policy_name: str | None) -> Services:
    policy = policy_named(policy_name)  # a bad policy fails before the store is opened
    with stages(err, "opening", 2) as step:
        opened = open_store(data=data, store=store, step=step)
    return services_for(opened, policy=policy)


QUOTA_COLUMNS = ("rule", "kind", "org_id", "org_name", "title", "tier", "level", "share", "base", "rounding",
                 "holders", "quota", "approved", "headroom", "by", "basis")
# On the terminal: the figures; each distinct basis is printed once below the table.
QUOTA_TABLE = ("rule", "org_id", "title", "share", "base", "holders", "quota", "approved", "headroom", "by")
COVERAGE_TABLE = ("school_id", "rule", "measure", "count", "of", "needed", "gap")
COVERAGE_COLUMNS = ("school_id", "school_name", "rule", "measure", "count", "of", "needed", "gap", "met",
                    "basis")
# The headers a Chinese reader gets (in English the keys: scripts read them, as in every export).
HEADINGS = {
    "rule": N_("Rule"), "kind": N_("Kind of limit"), "org_id": N_("Org ID"), "org_name": N_("Org"),
    "title": N_("Title"), "tier": N_("Tier"), "level": N_("Level"), "share": N_("Share"),
    "base": N_("Teachers counted"), "rounding": N_("Rounding"), "holders": N_("Holders"),
    "quota": N_("Quota or target"), "approved": N_("Approved"), "headroom": N_("Headroom"),
    "by": N_("Due by"), "basis": N_("Basis"), "school_id": N_("School ID"), "school_name": N_("School"),
    "measure": N_("Measure"), "count": N_("Have it"), "of": N_("Of"), "needed": N_("Needed"),
    "gap": N_("Gap"), "met": N_("Met"),
}


@click.command()
@report_options
def quota(data: Path | None, store: str | None, policy_name: str | None, org_id: str | None, as_of: dt.date,
          fmt: str, output: Path | None, force: bool) -> None:
    """Quotas and targets (TX-RATIO, JM-QUOTA-CITY-BACKBONE, TX-TARGET, ...): holders, quota,
    approved nominations and headroom, per org, as the policy's [[quota]] and [[quota_target]] say."""
    w = words()
    _claim(fmt, output, force, w)
    found = _services(data, store, policy_name).decisions.quota(Scope.everything(), as_of, org_id=org_id)
    records = []
    for row in found:
        title = w.target(Target(tier=row.tier, level=row.level, track=row.tracks[0]))
        title += "".join(f" ({w.term(t)})" for t in row.types)
        records.append({**row.record(), "title": title})
    if not records:
        err.print(w.gettext("no quota or target rows: the policy has no [[quota]] or [[quota_target]] "
                            "for this org"), markup=False)
    columns = QUOTA_TABLE if fmt == "table" else QUOTA_COLUMNS
    write_records(records, columns, fmt, output, w.pgettext("sheet", "quota"), w)


@click.command()
@report_options
def coverage(data: Path | None, store: str | None, policy_name: str | None, org_id: str | None,
             as_of: dt.date, fmt: str, output: Path | None, force: bool) -> None:
    """Coverage per school (XD-COVERAGE, WZ-SCHOOL-SHARE, XD-MENTOR): how many have it, of how
    many, how many are needed and the gap, as the policy's [[coverage]] says."""
    w = words()
    _claim(fmt, output, force, w)
    found = _services(data, store, policy_name).decisions.coverage(Scope.everything(), as_of, org_id=org_id)
    if not found:
        err.print(w.gettext("no coverage rows: the policy has no [[coverage]] measures, or the org has no "
                            "schools"), markup=False)
    columns = COVERAGE_TABLE if fmt == "table" else COVERAGE_COLUMNS
    write_records([r.record() for r in found], columns, fmt, output, w.pgettext("sheet", "coverage"), w)


def _claim(fmt: str, output: Path | None, force: bool, w: Words) -> None:
    """The rules every command that writes follows: XLSX needs a file; an existing one needs --force."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError(w.gettext("--format xlsx needs --output FILE.xlsx"))
    if output is not None:
        claim_output(output, force, w)


def _cell(value: object, w: Words) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return w.gettext("yes") if value else w.gettext("no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(_cell(v, w) for v in value)
    return str(value)


def _xlsx_value(value: object, w: Words) -> object:
    """Numbers stay numbers in a workbook (a planner sums them); the rest as on the terminal."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else _cell(value, w)


def _headings(columns: Sequence[str], w: Words) -> list[str]:
    return list(columns) if w.lang == ENGLISH else [w.gettext(HEADINGS[c]) for c in columns]


def write_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, output: Path | None,
                  sheet: str, w: Words) -> None:
    """Records as a table, CSV or XLSX (``columns``, in order, headed in ``w``'s language) or JSON
    (every field, keys as they are: the CLI contract). A file is written whole or not at all."""
    if fmt == "json":
        _emit(json.dumps(list(records), ensure_ascii=False, indent=1) + "\n", output)
    elif fmt == "csv":
        buf = io.StringIO()
        if output is not None:
            buf.write(BOM)  # a file is for Excel/WPS, which read a CSV without one as GBK
        writer = csv.writer(buf, lineterminator="\r\n" if output is not None else "\n")
        writer.writerow(_headings(columns, w))
        writer.writerows([csv_cell(_cell(r.get(c), w)) for c in columns] for r in records)
        _emit(buf.getvalue(), output)
    elif fmt == "xlsx":
        assert output is not None
        with replacing(output) as handle:
            write_sheet(_headings(columns, w), ([_xlsx_value(r.get(c), w) for c in columns] for r in records),
                        handle, w, [8 if c in ("share", "holders", "quota", "count", "of") else 16
                                    for c in columns], sheet=sheet)
    else:
        table = Table(show_lines=False)
        for heading in _headings(columns, w):
            table.add_column(heading, overflow="fold")
        for r in records:
            table.add_row(*(_cell(r.get(c), w) for c in columns))
        _print(table, output)
        bases = dict.fromkeys(f"{r['rule']} {r.get('measure') or r.get('title')}: {r['basis']}"
                              for r in records)
        for basis in bases:
            (err if output is None else out).print(basis, markup=False, highlight=False, soft_wrap=True)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        out.file.write(text)
    else:
        with replacing_text(output) as handle:
            handle.write(text)


def _print(table: Table, output: Path | None) -> None:
    if output is None:
        out.print(table)
    else:
        with replacing_text(output) as handle:
            Console(file=handle, width=200, color_system=None).print(table)


# ------------------------------------------------------------- eligible --rank / --readiness

def decided_record(v: Verdict, ranked: RankedRow | None, ready: Readiness | None,
                   words: Words | None = None) -> dict[str, Any]:
    """The JSON shape of a verdict with its rank and score (and parts), and its readiness."""
    record = verdict_record(v, words)
    if ranked is not None:
        record |= {"rank": ranked.rank, "score": ranked.score,
                   "breakdown": [p.record() for p in ranked.breakdown], "ties": TIE_RULE}
    if ready is not None:
        record["readiness"] = ready.record()
    return record


def write_decided(verdicts: Sequence[Verdict], ranked: Sequence[RankedRow] | None,
                  ready: Sequence[Readiness] | None, fmt: str, output: Path | None, words: Words,
                  orgs: dict[str, Org]) -> None:
    """``eligible`` rows with --rank and/or --readiness columns, in any of FORMATS: the usual
    columns (in ``words``' language) and then the decision columns."""
    rows = [(v, ranked[i] if ranked else None, ready[i] if ready else None) for i, v in enumerate(verdicts)]
    if fmt == "json":
        text = json.dumps([decided_record(v, r, s, words) for v, r, s in rows], ensure_ascii=False, indent=1)
        _emit(text + "\n", output)
        return
    if fmt in ("csv", "xlsx"):  # streamed by the exports every list shares, decision columns after
        # every decision column, blank where not asked for (--rank without --readiness)
        extra = decision_extra(((r, s) for _, r, s in rows), words, ranked=True, ready=True)
        listed = [v for v, _, _ in rows]
        if fmt == "xlsx":
            assert output is not None
            with replacing(output) as handle:
                write_xlsx(listed, handle, words, orgs, extra)
        elif output is not None:  # a file is for Excel/WPS: a byte-order mark, as every CSV export
            with replacing(output) as handle:
                handle.writelines(csv_chunks(listed, words, orgs, extra=extra))
        else:  # a pipe: plain lines
            writer = csv.writer(out.file, lineterminator="\n")
            writer.writerow(header(words, extra))
            for row in flat_rows(listed, words, orgs, extra.cells):
                writer.writerow([csv_cell(_text(c)) for c in row])
        return
    table = Table(show_lines=False)
    said = words.gettext
    columns = ([said("Rank"), said("Score")] if ranked else [])
    columns += [said("Teacher ID"), said("Name"), said("School ID"), said("Verdict")]
    columns += ([said("Score (rule value×weight = points)")] if ranked else [])
    columns += [said("Why not (rule: reason)")] + ([said("Readiness")] if ready else [])
    for c in columns:
        table.add_column(c, overflow="fold")
    for v, r, s in rows:
        cells = [str(r.rank), f"{r.score:g}"] if r else []
        cells += [v.teacher_id, v.name, v.school_id, words.verdict(v.verdict)]
        cells += ([breakdown_text(r)] if r else []) + [why_not(v, words=words)]
        cells += [readiness_text(s, words)] if s else []
        table.add_row(*cells)
    _print(table, output)
    if ranked:
        err.print(words.gettext("ties: {rule}").format(rule=words.gettext(TIE_RULE)), markup=False)


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return value.isoformat() if isinstance(value, dt.date) else str(value)
