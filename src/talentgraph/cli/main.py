"""``talentgraph``: load, validate, generate, and ask who is eligible and why."""

from __future__ import annotations

import datetime as dt
import json
import sys
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
from talentgraph.cli.output import FORMATS, write_verdicts
from talentgraph.cli.progress import stages
from talentgraph.domain.enums import Track
from talentgraph.domain.rules import source_record
from talentgraph.domain.tables import SCHEMA_CHANGES
from talentgraph.domain.target import Target
from talentgraph.domain.verdict import VerdictKind
from talentgraph.errors import BundleError, TalentGraphError
from talentgraph.exports import verdict_record
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.policy.usage import rule_records
from talentgraph.roster import Roster
from talentgraph.services import Scope, Services
from talentgraph.store.protocol import TalentStore
from talentgraph.store.snapshot import migrate_snapshot

out = Console(soft_wrap=False)
err = Console(stderr=True, soft_wrap=True)  # one problem, one line, whatever the width


def _date(_: Any, __: Any, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def source_options(f: Any) -> Any:
    f = click.option("--store", "store", metavar="PATH|URI",
                     help="A snapshot written by `talentgraph load`, or a Neo4j server (bolt://host:7687; "
                          "credentials from NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE).")(f)
    f = click.option("--data", "data", type=click.Path(exists=True, path_type=Path),
                     help="A roster bundle: a folder of CSVs or one .xlsx workbook.")(f)
    return f


def question_options(f: Any) -> Any:
    f = click.option("--as-of", "as_of", callback=_date, metavar="YYYY-MM-DD",
                     help="The day the question is asked for (default: today).")(f)
    f = click.option("--org", "org_id", metavar="ORG_ID", help="Only teachers in this org's subtree.")(f)
    f = click.option("--policy", "policy_name", metavar="NAME|FILE",
                     help=f"Built-in ({', '.join(builtin_policy_names())}) or a policy file.")(f)
    return source_options(f)


def _open(data: Path | None, store: str | None) -> TalentStore:
    with stages(err, "opening", 2) as step:
        return open_store(data=data, store=store, step=step)


def _services(data: Path | None, store: str | None, policy_name: str | None) -> Services:
    """The use cases over the store asked for; the command line asks as ``Scope.everything()``."""
    policy = policy_named(policy_name)  # a bad policy fails before the store is opened
    return services_for(_open(data, store), policy=policy)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="talentgraph")
def cli() -> None:
    """Teacher talent pipelines as a graph: who is eligible for which tier, and why."""


@cli.command()
@click.argument("bundle", type=click.Path(exists=True, path_type=Path))
@click.option("--today", callback=lambda c, p, v: _date(c, p, v), help="Day of the load (default: today).")
def validate(bundle: Path, today: dt.date) -> None:
    """Check a roster bundle; list every problem with file, row, column and reason."""
    with stages(err, "validating", 1) as step:
        step(str(bundle))
        roster = load_bundle(bundle, today=today)
    out.print(f"[green]ok[/]: {bundle} is a valid roster bundle")
    _print_notices(roster)
    out.print(render.counts_table(roster))


@cli.command()
@click.argument("bundle", type=click.Path(exists=True, path_type=Path))
@click.option("--store", "store_path", required=True, metavar="PATH|URI",
              help="Snapshot file to write (replaced atomically), or a Neo4j server bolt://... .")
@click.option("--today", callback=lambda c, p, v: _date(c, p, v), help="Day of the load (default: today).")
def load(bundle: Path, store_path: str, today: dt.date) -> None:
    """Load a roster bundle into a snapshot or a Neo4j server (validated whole first)."""
    with stages(err, "loading", 3) as step:
        roster = load_into(bundle, store_path, today=today, step=step)
    out.print(f"loaded {bundle} into {store_path}")
    _print_notices(roster)
    out.print(render.counts_table(roster))


def _print_notices(roster: Roster) -> None:
    """What the load read without refusing (an older layout, a leaver without a date), one line each."""
    for notice in roster.notices:
        err.print("[yellow]notice[/]:", escape(str(notice)), highlight=False)


@cli.command()
@click.option("--teachers", type=click.IntRange(min=10), default=50_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder for the CSV bundle, or a path ending in .xlsx.")
@click.option("--as-of", "as_of", callback=_date, default="2026-09-01", show_default=True,
              help="The generated region's 'today'.")
@click.option("--force", is_flag=True, help="Overwrite a non-empty folder or an existing file.")
def generate(teachers: int, seed: int, out_dir: Path, as_of: dt.date, force: bool) -> None:
    """Write a realistic synthetic region (deterministic for a seed)."""
    _refuse_to_overwrite(out_dir, force)
    roster = render.generate_with_progress(err, teachers, seed, as_of)
    _write(roster, out_dir)


@cli.command()
@click.option("--target", required=True, metavar="TIER@LEVEL", help="e.g. backbone@city")
@click.option("--track", type=click.Choice([t.value for t in Track]), default="teacher", show_default=True)
@question_options
@click.option("--verdict", "only", type=click.Choice([v.value for v in VerdictKind]),
              help="Only this verdict.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
def eligible(target: str, track: str, data: Path | None, store: str | None, policy_name: str | None,
             org_id: str | None, as_of: dt.date, only: str | None, limit: int | None,
             fmt: str, output: Path | None) -> None:
    """Every candidate for TIER@LEVEL with a verdict and the reasons."""
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs --output FILE.xlsx")
    goal = Target.parse(target, track=track)
    found = _services(data, store, policy_name).questions.eligibility(
        Scope.everything(), goal, as_of, org_id=org_id, verdict=VerdictKind(only) if only else None)
    err.print(render.sweep_summary(found))
    write_verdicts(found.window(0, limit), fmt, output, out)


@cli.command()
@click.argument("teacher_id")
@click.option("--target", required=True, metavar="TIER@LEVEL")
@click.option("--track", type=click.Choice([t.value for t in Track]), default="teacher", show_default=True)
@question_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(teacher_id: str, target: str, track: str, data: Path | None, store: str | None,
            policy_name: str | None, org_id: str | None, as_of: dt.date, fmt: str) -> None:
    """One teacher: every check, passed or not, with the evidence."""
    goal = Target.parse(target, track=track)
    verdict = _services(data, store, policy_name).questions.explanation(
        Scope.everything(), teacher_id, goal, as_of, org_id=org_id)
    if fmt == "json":
        own = policy_named(policy_name).rules  # a policy file's own rule IDs and their meaning
        record = verdict_record(verdict) | {"note": verdict.note}
        for check, full in zip(record["checks"], verdict.checks, strict=True):
            check["evidence"] = [e.model_dump(mode="json") for e in full.evidence]
            check["sources"] = [source_record(r, own) for r in full.rules]
        record["obligations"] = [c.model_dump(mode="json", exclude={"hard", "effect"})
                                 | {"sources": [source_record(c.rule, own)]} for c in verdict.obligations]
        out.file.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(render.explanation_panel(verdict))


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
        render.print_pipeline(out, result)


@cli.command()
@source_options
@click.option("--out", "out_path", type=click.Path(path_type=Path),
              help="Folder for the CSV bundle, or a path ending in .xlsx.")
@click.option("--neo4j-import", "import_dir", type=click.Path(path_type=Path),
              help="Folder for the CSV files of neo4j-admin database import (Neo4j's offline bulk load).")
@click.option("--force", is_flag=True, help="Overwrite a non-empty folder or an existing file.")
def export(data: Path | None, store: str | None, out_path: Path | None, import_dir: Path | None,
           force: bool) -> None:
    """Write a store (or bundle) back out as a roster bundle (CSV folder or .xlsx), or as the
    files of Neo4j's offline import with the command that runs it."""
    if (out_path is None) == (import_dir is None):
        raise click.UsageError("give one of --out or --neo4j-import")
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
    out.print(f"wrote {files.rows:,} rows as neo4j-admin import files in {import_dir}")
    out.print("With Neo4j stopped (and its database empty, or add --overwrite-destination), run:")
    out.file.write(files.shell() + "\n")
    out.print(f"(also in {import_dir / 'import.sh'}); talentgraph creates the constraints when it first "
              "connects.")


def _refuse_to_overwrite(path: Path, force: bool) -> None:
    # Writing a bundle replaces its CSVs and removes stale ones: never by surprise.
    occupied = path.is_file() or (path.is_dir() and any(path.iterdir()))
    if occupied and not force:
        raise click.UsageError(f"{path} already exists and is not empty; pass --force to overwrite it")


def _write(roster: Roster, path: Path) -> None:
    with stages(err, "writing", 1) as step:
        step(str(path))
        write_bundle(roster, path)
    out.print(f"wrote {path}")
    out.print(render.counts_table(roster))


@cli.command()
@click.option("--store", "store", required=True, metavar="PATH|URI",
              help="A snapshot written by `talentgraph load`, or a Neo4j server bolt://... .")
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
    lines = [f"{store} is at schema version {after}: nothing to migrate"] if before == after else [
        f"migrated {store} from schema version {before} to {after}",
        *(f"  version {v}: {SCHEMA_CHANGES[v]}" for v in range(before + 1, after + 1)),
        *([] if is_server_uri(store) else [f"  the version {before} file is kept as {store}.v{before}"])]
    for line in lines:
        out.print(line, soft_wrap=True, markup=False, highlight=False)


@cli.command()
@click.option("--teachers", type=click.IntRange(min=100), default=50_000, show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True)
def demo(teachers: int, seed: int) -> None:
    """The main job on a generated city: pipeline, top candidates, one explanation."""
    render.demo(out, err, teachers, seed)


@cli.command()
@click.argument("policy_file", required=False)
def policies(policy_file: str | None) -> None:
    """List built-in policies, or check a policy file and list what it covers."""
    names = [policy_file] if policy_file else builtin_policy_names()
    for name in names:
        policy = load_policy(name)
        out.print(f"[bold]{policy.name}[/]: {policy.title}")
        out.print("  targets: " + ", ".join(str(t) for t in policy.covers()))


@cli.command()
@click.option("--policy", "policy_names", multiple=True, metavar="NAME|FILE",
              help="Policies whose uses to show (default: every built-in policy).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def rules(policy_names: tuple[str, ...], fmt: str) -> None:
    """Every rule ID: the seed's sentence, our reading, hard or in principle, the policies using it."""
    records = rule_records([load_policy(n) for n in policy_names or builtin_policy_names()])
    if fmt == "json":
        out.file.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(render.rules_table(records))


def _register_api_commands() -> None:
    from talentgraph.cli.cypher_cmd import cypher
    from talentgraph.cli.serve import serve
    from talentgraph.cli.tokens import token

    cli.add_command(serve)
    cli.add_command(token)
    cli.add_command(cypher)


_register_api_commands()


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        err.print("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BundleError as exc:
        err.print(f"[red]error[/]: the bundle has {len(exc.problems)} problem(s); nothing was loaded")
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False, highlight=False)
        sys.exit(1)
    except TalentGraphError as exc:
        err.print("[red]error[/]:", escape(str(exc)), highlight=False)
        sys.exit(2)
    except OSError as exc:  # unreadable input, unwritable output, full disk
        err.print("[red]error[/]:", escape(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")),
                  highlight=False)
        sys.exit(2)
