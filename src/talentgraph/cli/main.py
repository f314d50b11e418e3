"""``talentgraph``: load, validate, generate, and ask who is eligible and why."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from talentgraph.bootstrap import (
    connect_neo4j,
    is_server_uri,
    load_into,
    open_store,
    policy_named,
    services_for,
)
from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.cli import render
from talentgraph.cli.decisions import write_decided
from talentgraph.cli.help import translated_help
from talentgraph.cli.language import day_or_today, group_lang_option, lang_option, words
from talentgraph.cli.output import FORMATS, OutputRefused, claim_output, write_verdicts
from talentgraph.cli.progress import stages
from talentgraph.cli.rounds import round_group
from talentgraph.cli.template import template
from talentgraph.domain.enums import Track
from talentgraph.domain.tables import SCHEMA_CHANGES
from talentgraph.domain.target import GRAMMAR, Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.errors import BundleError, Problem, TalentGraphError
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.usage import rule_records
from talentgraph.roster import Roster
from talentgraph.services import Scope, Services
from talentgraph.store.protocol import TalentStore
from talentgraph.store.snapshot import migrate_snapshot

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)  # one problem, one line, whatever the width



def source_options(f: Any) -> Any:
    f = click.option("--store", "store", metavar="PATH|URI",
                     help="A snapshot written by `talentgraph load`, or a Neo4j server (bolt://host:7687; "
                          "credentials from NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE).")(f)
    f = click.option("--data", "data", type=click.Path(exists=True, path_type=Path),
                     help="A roster bundle: a folder of CSVs or one .xlsx workbook.")(f)
    return f


def question_options(f: Any) -> Any:
    f = click.option("--as-of", "as_of", callback=day_or_today, metavar="YYYY-MM-DD",
                     help="The day the question is asked for (default: today).")(f)
    f = click.option("--org", "org_id", metavar="ORG_ID", help="Only teachers in this org's subtree.")(f)
    f = click.option("--policy", "policy_name", metavar="NAME|FILE",
                     help=f"Built-in ({', '.join(builtin_policy_names())}) or a policy file.")(f)
    return lang_option(source_options(f))


def _open(data: Path | None, store: str | None) -> TalentStore:
    with stages(err, "opening", 2) as step:
        return open_store(data=data, store=store, step=step)


def _services(data: Path | None, store: str | None, policy_name: str | None) -> Services:
    """The use cases over the store asked for; the command line asks as ``Scope.everything()``."""
    policy = policy_named(policy_name)  # a bad policy fails before the store is opened
    return services_for(_open(data, store), policy=policy)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="talentgraph")
@group_lang_option
def cli() -> None:
    """Teacher talent pipelines as a graph: who is eligible for which tier, and why."""


translated_help(cli)  # every command's --help in the reader's language (those added below too)


_STRICT_HELP = "A file, sheet or column that is not read is an error, not a warning."


@cli.command()
@click.argument("bundle", type=click.Path(exists=True, path_type=Path))
@click.option("--today", callback=day_or_today, help="Day of the load (default: today).")
@click.option("--strict", is_flag=True, help=_STRICT_HELP)
@lang_option
def validate(bundle: Path, today: dt.date, strict: bool) -> None:
    """Check a roster bundle; list every problem with file, row, column and reason."""
    with stages(err, "validating", 1) as step:
        step(str(bundle))
        roster = load_bundle(bundle, today=today, strict=strict)
    out.print("[green]" + escape(words().gettext("ok")) + "[/]: "
              + escape(words().gettext("{bundle} is a valid roster bundle").format(bundle=bundle)))
    _print_notices(roster.warnings, roster.notices)
    out.print(render.counts_table(roster, words()))


@cli.command()
@click.argument("bundle", type=click.Path(exists=True, path_type=Path))
@click.option("--store", "store_path", required=True, metavar="PATH|URI",
              help="Snapshot file to write (replaced atomically), or a Neo4j server bolt://... .")
@click.option("--today", callback=day_or_today, help="Day of the load (default: today).")
@click.option("--strict", is_flag=True, help=_STRICT_HELP)
@lang_option
def load(bundle: Path, store_path: str, today: dt.date, strict: bool) -> None:
    """Load a roster bundle into a snapshot or a Neo4j server (validated whole first)."""
    with stages(err, "loading", 3) as step:
        roster = load_into(bundle, store_path, today=today, step=step, strict=strict)
    out.print(escape(words().gettext("loaded {bundle} into {store}").format(bundle=bundle, store=store_path)))
    _print_notices(roster.warnings, roster.notices)
    out.print(render.counts_table(roster, words()))


def _print_notices(warnings: Sequence[Problem], notices: Sequence[Problem]) -> None:
    """What the load did not read (warnings: --strict refuses them), then what it read without
    refusing (an older layout, a leaver without a date, an encoding), one line each; after a
    refused bundle's problems too, so that the planner sees everything in one pass."""
    w = words()
    warning_label, notice_label = escape(w.gettext("warning")), escape(w.gettext("notice"))
    for warning in warnings:
        err.print(f"[yellow]{warning_label}[/]:", escape(w.problem(warning)), highlight=False)
    for notice in notices:
        err.print(f"[yellow]{notice_label}[/]:", escape(w.problem(notice)), highlight=False)


@cli.command()
@click.option("--teachers", type=click.IntRange(min=10), default=50_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the CSV bundle, or a path ending in .xlsx.")
@click.option("--as-of", "as_of", callback=day_or_today, default="2026-09-01", show_default=True,
              help="The generated region's 'today'.")
@click.option("--force", is_flag=True, help="Overwrite a non-empty folder or an existing file.")
@lang_option
def generate(teachers: int, seed: int, out_dir: Path, as_of: dt.date, force: bool) -> None:
    """Write a realistic synthetic region (deterministic for a seed)."""
    _refuse_to_overwrite(out_dir, force)
    roster = render.generate_with_progress(err, teachers, seed, as_of)
    _write(roster, out_dir)


@cli.command()
@click.option("--target", required=True, metavar=GRAMMAR,
              help="e.g. backbone@city, famous@county/principal, or 县级骨干教师")
@click.option("--track", type=click.Choice([t.value for t in Track]),
              help="The track, for a target that names none (default: teacher).")
@question_options
@click.option("--verdict", "only", type=click.Choice([v.value for v in VerdictKind]),
              help="Only this verdict.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", type=click.Path(path_type=Path),
              help="Write here instead of stdout (CSV and XLSX made for Excel/WPS).")
@click.option("--force", is_flag=True, help="Overwrite an existing --output file.")
@click.option("--rank", is_flag=True,
              help="Order by the policy's [ranking] score; add score, rank and its breakdown.")
@click.option("--readiness", is_flag=True,
              help="Add the earliest date each candidate would pass, and what is missing.")
def eligible(target: str, track: str | None, data: Path | None, store: str | None, policy_name: str | None,
             org_id: str | None, as_of: dt.date, only: str | None, limit: int | None,
             fmt: str, output: Path | None, force: bool, rank: bool, readiness: bool) -> None:
    """Every candidate for a target (TIER@LEVEL[/TRACK]) with a verdict and the reasons."""
    w = words()
    if fmt == "xlsx" and output is None:
        raise click.UsageError(w.gettext("--format xlsx needs --output FILE.xlsx"))
    if output is not None:
        claim_output(output, force, w)
    goal = Target.parse(target, track=track)
    services = _services(data, store, policy_name)
    found = services.questions.eligibility(
        Scope.everything(), goal, as_of, org_id=org_id, verdict=VerdictKind(only) if only else None)
    err.print(render.sweep_summary(found, w))
    orgs = {o.id: o for o in services.records.orgs(Scope.everything())}
    if rank or readiness:
        ranked = services.decisions.ranked(found) if rank else None
        shown = ranked.verdicts if ranked else found
        write_decided(shown.window(0, limit), ranked.window(0, limit) if ranked else None,
                      services.decisions.readiness(shown, 0, limit) if readiness else None, fmt, output, w,
                      orgs)
        return
    write_verdicts(itertools.islice(found, limit), fmt, output, out, w, orgs)  # one verdict at a time


@cli.command()
@click.argument("teacher_id")
@click.option("--target", required=True, metavar=GRAMMAR,
              help="e.g. backbone@city, famous@county/principal, or 县级骨干教师")
@click.option("--track", type=click.Choice([t.value for t in Track]),
              help="The track, for a target that names none (default: teacher).")
@question_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(teacher_id: str, target: str, track: str | None, data: Path | None, store: str | None,
            policy_name: str | None, org_id: str | None, as_of: dt.date, fmt: str) -> None:
    """One teacher: every check, passed or not, with the evidence."""
    goal = Target.parse(target, track=track)
    verdict = _services(data, store, policy_name).questions.explanation(
        Scope.everything(), teacher_id, goal, as_of, org_id=org_id)
    if fmt == "json":
        own = policy_named(policy_name).rules  # a policy file's own rule IDs and their meaning
        out.file.write(json.dumps(render.explanation_record(verdict, own, words()), ensure_ascii=False,
                                  indent=1) + "\n")
    else:
        out.print(render.explanation_panel(verdict, words()))


@cli.command()
@question_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def pipeline(data: Path | None, store: str | None, policy_name: str | None, org_id: str | None,
             as_of: dt.date, fmt: str) -> None:
    """Holders per tier x level, candidates per step, and backbone quota use (TX-RATIO)."""
    result = _services(data, store, policy_name).questions.pipeline(Scope.everything(), as_of, org_id=org_id)
    if fmt == "json":
        out.file.write(json.dumps(render.pipeline_record(result), ensure_ascii=False, indent=1) + "\n")
    else:
        render.print_pipeline(out, result, words())


@cli.command()
@source_options
@click.option("--out", "out_path", type=click.Path(path_type=Path),
              help="Folder for the CSV bundle, or a path ending in .xlsx.")
@click.option("--neo4j-import", "import_dir", type=click.Path(path_type=Path),
              help="Folder for the CSV files of neo4j-admin database import (Neo4j's offline bulk load).")
@click.option("--force", is_flag=True, help="Overwrite a non-empty folder or an existing file.")
@lang_option
def export(data: Path | None, store: str | None, out_path: Path | None, import_dir: Path | None,
           force: bool) -> None:
    """Write a store (or bundle) back out as a roster bundle (CSV folder or .xlsx), or as the
    files of Neo4j's offline import with the command that runs it."""
    if (out_path is None) == (import_dir is None):
        raise click.UsageError(words().gettext("give one of --out or --neo4j-import"))
    target = out_path or import_dir
    assert target is not None
    _refuse_to_overwrite(target, force)
    roster = _open(data, store).roster()
    if import_dir is None:
        _write(roster, target)
        return
    from talentgraph.store.neo4j_store.offline_import import write_import
    with stages(err, "writing", 1) as step:
        step(str(import_dir))
        files = write_import(roster, import_dir)
    w = words()
    said = w.gettext("wrote {rows:,} rows as neo4j-admin import files in {folder}")
    out.print(escape(said.format(rows=files.rows, folder=import_dir)))
    out.print(escape(w.gettext("With Neo4j stopped (and its database empty, or add "
                               "--overwrite-destination), run:")))
    out.file.write(files.shell() + "\n")
    said = w.gettext("(also in {script}); talentgraph creates the constraints when it first connects.")
    out.print(escape(said.format(script=import_dir / "import.sh")))


def _refuse_to_overwrite(path: Path, force: bool) -> None:
    # Writing a bundle replaces its CSVs and removes stale ones: never by surprise (the rule of
    # every command that writes, see cli/output.py: refused unless --force).
    occupied = path.is_file() or (path.is_dir() and any(path.iterdir()))
    if occupied and not force:
        raise OutputRefused(words().gettext("{path} already exists and is not empty; pass --force to "
                                            "overwrite it").format(path=path))


def _write(roster: Roster, path: Path) -> None:
    with stages(err, "writing", 1) as step:
        step(str(path))
        write_bundle(roster, path)
    out.print(escape(words().gettext("wrote {path}").format(path=path)))
    out.print(render.counts_table(roster, words()))


@cli.command()
@click.option("--store", "store", required=True, metavar="PATH|URI",
              help="A snapshot written by `talentgraph load`, or a Neo4j server bolt://... .")
@lang_option
def migrate(store: str) -> None:
    """Bring a snapshot or a Neo4j graph written by an earlier talentgraph to this schema version."""
    with stages(err, "migrating", 1) as step:
        step(store)
        if is_server_uri(store):
            graph = connect_neo4j(store, check_version=False)
            try:
                before, after = graph.migrate()
            finally:
                graph.close()
        else:
            before, after = migrate_snapshot(Path(store))
    gettext = words().gettext
    lines = [gettext("{store} is at schema version {after}: nothing to migrate").format(
        store=store, after=after)]
    if before != after:
        kept = gettext("  the version {before} file is kept as {kept}").format(
            before=before, kept=f"{store}.v{before}")
        lines = [gettext("migrated {store} from schema version {before} to {after}").format(
            store=store, before=before, after=after),
            *(f"  version {v}: {SCHEMA_CHANGES[v]}" for v in range(before + 1, after + 1)),
            *([] if is_server_uri(store) else [kept])]
    for line in lines:
        out.print(line, soft_wrap=True, markup=False, highlight=False)


@cli.command()
@click.option("--teachers", type=click.IntRange(min=100), default=50_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@lang_option
def demo(teachers: int, seed: int) -> None:
    """The main job on a generated city: pipeline, top candidates, one explanation."""
    render.demo(out, err, teachers, seed, words())


@cli.command()
@click.argument("policy_file", required=False)
@lang_option
def policies(policy_file: str | None) -> None:
    """List built-in policies, or check a policy file and list what it covers (each target as
    --target takes it, and in words)."""
    names = [policy_file] if policy_file else builtin_policy_names()
    w = words()
    for name in names:
        policy = load_policy(name)
        out.print(f"[bold]{escape(policy.name)}[/]: {escape(w.policy_text(policy.title))}")
        out.print("  " + escape(w.gettext("targets:")), highlight=False)
        for t in policy.covers():
            out.print(f"    {t}  {escape(w.target(t))}", highlight=False)


@cli.command()
@click.option("--policy", "policy_names", multiple=True, metavar="NAME|FILE",
              help="Policies whose uses to show (default: every built-in policy).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
def rules(policy_names: tuple[str, ...], fmt: str) -> None:
    """Every rule ID: the seed's sentence, our reading, hard or in principle, the policies using it."""
    records = rule_records([load_policy(n) for n in policy_names or builtin_policy_names()])
    if fmt == "json":
        out.file.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(render.rules_table(records, words()))


def _register_decision_commands() -> None:
    from talentgraph.cli.decisions import coverage, quota

    cli.add_command(quota)
    cli.add_command(coverage)


_register_decision_commands()


def _register_api_commands() -> None:
    from talentgraph.cli.cypher_cmd import cypher
    from talentgraph.cli.serve import serve
    from talentgraph.cli.tokens import token

    cli.add_command(serve)
    cli.add_command(token)
    cli.add_command(cypher)


_register_api_commands()
cli.add_command(round_group)
cli.add_command(template)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err.print(words().gettext("aborted"))
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BundleError as exc:
        n = exc.total
        err.print(f"[red]{_error()}[/]:", escape(words().ngettext(
            "the bundle has {n} problem; nothing was loaded",
            "the bundle has {n} problems; nothing was loaded", n).format(n=n)))
        if exc.total != len(exc.problems):
            err.print(escape(words().gettext(
                "(rows beyond the first 50 of a kind are counted, not listed)")), highlight=False)
        for problem in exc.problems:
            err.print(f"  {words().problem(problem)}", markup=False, highlight=False)
        _print_notices(exc.warnings, exc.notices)
        sys.exit(1)
    except TalentGraphError as exc:
        err.print(f"[red]{_error()}[/]:", escape(words().error(exc)), highlight=False)
        sys.exit(2)
    except OSError as exc:  # unreadable input, unwritable output, full disk
        err.print(f"[red]{_error()}[/]:", escape(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")),
                  highlight=False)
        sys.exit(2)


def _error() -> str:
    return escape(words().gettext("error"))
