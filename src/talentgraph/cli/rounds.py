"""``talentgraph round``: nomination rounds from the command line (docs/decisions-rounds.md).

The contract other tools call: ``open`` prints the round id (JSON ``{"id": ...}``), ``show``
the round with its nominations; every command takes ``--store PATH|bolt://...`` and
``--format table|json``. A refused step exits 2 with one line naming the reason, having
changed nothing.

Who the command line acts as: the local admin (every org), as every other command does; the
one who holds the store file or the server's password holds the data. ``--as-org ORG`` acts
as a planner of ORG instead (a school's or a county's planner), so a planner's rules can be
followed and checked without the API.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from talentgraph.access import Role
from talentgraph.bootstrap import open_store, policy_named, services_for
from talentgraph.cli.language import day_or_none
from talentgraph.domain.enums import Track
from talentgraph.domain.rounds import RoundView
from talentgraph.domain.target import Target
from talentgraph.errors import BundleError, TalentGraphError
from talentgraph.i18n import negotiate
from talentgraph.nomination_list import write_xlsx
from talentgraph.services import Scope, Services

out = Console(soft_wrap=False)



def common(f: Any) -> Any:
    """--store, --policy, --as-org and --format, on every round command."""
    f = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                     show_default=True)(f)
    f = click.option("--as-org", "as_org", metavar="ORG_ID",
                     help="Act as a planner of this org (default: the local admin, every org).")(f)
    f = click.option("--policy", "policy_name", metavar="NAME|FILE",
                     help="The policy (default: TALENTGRAPH_POLICY, else reference); a round keeps "
                          "the one it opened under.")(f)
    f = click.option("--store", "store", metavar="PATH|URI",
                     help="A snapshot, or a Neo4j server bolt://host:7687 (default: TALENTGRAPH_STORE, "
                          "then NEO4J_URI).")(f)
    return f


def _services(store: str | None, policy_name: str | None) -> Services:
    policy = policy_named(policy_name)
    return services_for(open_store(store=store), policy=policy)


def _scope(services: Services, as_org: str | None) -> Scope:
    if as_org is None:
        return Scope.everything(services.keys)
    return Scope(Role.PLANNER, as_org, services.keys)


def _print(view: RoundView, fmt: str) -> None:
    if fmt == "json":
        out.file.write(json.dumps(view.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n")
        return
    out.print(f"round {view.id}: {view.target} by {view.org_id}, quota {view.quota} "
              f"({view.approved} approved), {view.status.value}; verdicts as of {view.as_of}, "
              f"policy {view.policy}", highlight=False)
    table = Table("nomination", "teacher", "name", "status", "verdict", "failed", "waived", "approver")
    for n in view.nominations:
        table.add_row(n.id, n.teacher_id, n.name, n.status.value, n.verdict, ";".join(n.failed_rules),
                      ";".join(n.waived), n.approver or "")
    out.print(table)


class RoundGroup(click.Group):
    """A refused id in a request reads as one line, not as a bundle's problem list."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BundleError as exc:
            raise TalentGraphError("; ".join(p.reason if p.column is None else f"{p.column}: {p.reason}"
                                             for p in exc.problems)) from None


@click.group("round", cls=RoundGroup)
def round_group() -> None:
    """Nomination rounds: open, nominate, decide, certify, show (推荐、审批、认定)."""


@round_group.command("open")
@click.option("--target", required=True, metavar="TIER@LEVEL", help="e.g. backbone@city")
@click.option("--track", type=click.Choice([t.value for t in Track]), default="teacher", show_default=True)
@click.option("--org", "org_id", required=True, metavar="ORG_ID", help="The org that runs the round "
              "(of the target's level: a city for a city title).")
@click.option("--quota", required=True, type=click.IntRange(min=0), help="How many may be approved.")
@click.option("--opens", callback=day_or_none, metavar="YYYY-MM-DD", help="Opening date (default: today).")
@click.option("--closes", callback=day_or_none, metavar="YYYY-MM-DD", help="Closing date (default: none).")
@click.option("--as-of", "as_of", callback=day_or_none, metavar="YYYY-MM-DD",
              help="The date verdicts are judged on (default: the opening date).")
@common
def open_round(target: str, track: str, org_id: str, quota: int, opens: dt.date | None,
               closes: dt.date | None, as_of: dt.date | None, store: str | None, policy_name: str | None,
               as_org: str | None, fmt: str) -> None:
    """Open a round; prints its id."""
    services = _services(store, policy_name)
    view = services.rounds.open(_scope(services, as_org), Target.parse(target, track=track), org_id, quota,
                                opens=opens, closes=closes, as_of=as_of)
    if fmt == "json":
        out.file.write(json.dumps({"id": view.id}) + "\n")
    else:
        out.file.write(view.id + "\n")


@round_group.command()
@click.argument("round_id", metavar="ROUND")
@click.argument("teacher_ids", metavar="TEACHER_ID...", nargs=-1, required=True)
@common
def nominate(round_id: str, teacher_ids: tuple[str, ...], store: str | None, policy_name: str | None,
             as_org: str | None, fmt: str) -> None:
    """Nominate teachers (all of them, or none if one is refused)."""
    services = _services(store, policy_name)
    _print(services.rounds.nominate(_scope(services, as_org), round_id, teacher_ids), fmt)


@round_group.command()
@click.argument("round_id", metavar="ROUND")
@click.argument("teacher_id")
@click.option("--approve", "outcome", flag_value="approve", help="Approve the nomination.")
@click.option("--reject", "outcome", flag_value="reject", help="Reject it.")
@click.option("--waive", multiple=True, metavar="RULE",
              help="A 原则上 (soft) rule the approval waives; repeat for more.")
@click.option("--reason", required=True, metavar="TEXT")
@click.option("--by", "approver", required=True, metavar="NAME", help="Who decides (recorded).")
@common
def decide(round_id: str, teacher_id: str, outcome: str | None, waive: tuple[str, ...], reason: str,
           approver: str, store: str | None, policy_name: str | None, as_org: str | None, fmt: str) -> None:
    """Approve (--approve, perhaps --waive RULE...) or reject (--reject) one nomination."""
    if outcome is None:
        raise click.UsageError("give --approve or --reject")
    services = _services(store, policy_name)
    view = services.rounds.decide(_scope(services, as_org), round_id, teacher_id,
                                  approve=outcome == "approve", waive=waive, reason=reason, by=approver)
    _print(view, fmt)


@round_group.command()
@click.argument("round_id", metavar="ROUND")
@click.option("--on", "on", required=True, callback=day_or_none, metavar="YYYY-MM-DD", help="The award date.")
@common
def certify(round_id: str, on: dt.date, store: str | None, policy_name: str | None, as_org: str | None,
            fmt: str) -> None:
    """Certify the round: a title for every approved nomination; the round closes."""
    services = _services(store, policy_name)
    _print(services.rounds.certify(_scope(services, as_org), round_id, on), fmt)


@round_group.command()
@click.argument("round_id", metavar="ROUND")
@common
def show(round_id: str, store: str | None, policy_name: str | None, as_org: str | None, fmt: str) -> None:
    """The round, its nominations and its audit trail (JSON: ``events``)."""
    services = _services(store, policy_name)
    _print(services.rounds.show(_scope(services, as_org), round_id), fmt)


@round_group.command("list")
@common
def list_rounds(store: str | None, policy_name: str | None, as_org: str | None, fmt: str) -> None:
    """Every round, by id."""
    services = _services(store, policy_name)
    views = services.rounds.list(_scope(services, as_org))
    if fmt == "json":
        records = [v.model_dump(mode="json", exclude={"nominations", "events"}) for v in views]
        out.file.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("round", "target", "org", "quota", "approved", "status")
    for v in views:
        table.add_row(v.id, v.target, v.org_id, str(v.quota), str(v.approved), v.status.value)
    out.print(table)


@round_group.command()
@click.argument("round_id", metavar="ROUND")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The workbook to write (.xlsx).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Headers and terms: zh (default) or en.")
@click.option("--store", "store", metavar="PATH|URI")
@click.option("--policy", "policy_name", metavar="NAME|FILE")
@click.option("--as-org", "as_org", metavar="ORG_ID")
def export(round_id: str, out_path: Path, lang: str | None, store: str | None, policy_name: str | None,
           as_org: str | None) -> None:
    """The round's nomination list 推荐名单 as an XLSX workbook."""
    services = _services(store, policy_name)
    view = services.rounds.show(_scope(services, as_org), round_id)
    write_xlsx(view, negotiate(lang), out_path)
    out.print(f"wrote {out_path}: {len(view.nominations)} nominations of round {view.id}", highlight=False)
