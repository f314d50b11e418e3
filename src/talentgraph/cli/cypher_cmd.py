"""``talentgraph cypher``: print the Cypher statement that decides a target, and its parameters.

The statement is the one a Neo4j store runs for ``talentgraph eligible`` (generated from the
policy by ``store/neo4j_store/sweep_statement.py``); each row it returns is a candidate with
``teacher_id``, ``name``, ``school_id``, ``verdict`` and every check's outcome. ``--format json``
gives ``{"statement": ..., "parameters": {...}}`` for the official driver
(``session.run(statement, parameters)``); text gives ``:param`` lines and the statement, to paste
into cypher-shell or Neo4j Browser.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import click

from talentgraph.bootstrap import policy_named
from talentgraph.cli.language import day_or_today, lang_option
from talentgraph.domain.enums import Track
from talentgraph.domain.message import N_, message
from talentgraph.domain.target import GRAMMAR, Target
from talentgraph.errors import PolicyError


def literal(value: Any) -> str:
    """A parameter value as a Cypher literal (strings, numbers, booleans, null, lists)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


@click.command("cypher")
@click.option("--target", required=True, metavar=GRAMMAR,
              help="e.g. backbone@city, famous@county/principal, or 县级骨干教师")
@click.option("--track", type=click.Choice([t.value for t in Track]),
              help="The track, for a target that names none (default: teacher).")
@click.option("--policy", "policy_name", metavar="NAME|FILE",
              help="Built-in or a policy file (default: the server's, reference).")
@click.option("--org", "org_id", metavar="ORG_ID",
              help="Only teachers in this org's subtree (default: every root's).")
@click.option("--as-of", "as_of", callback=day_or_today, metavar="YYYY-MM-DD",
              help="The day asked for (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--evidence/--no-evidence", default=False, show_default=True,
              help="Also return the keys of the rows each check rests on.")
@lang_option
def cypher(target: str, track: str | None, policy_name: str | None, org_id: str | None, as_of: dt.date,
           fmt: str, evidence: bool) -> None:
    """The Cypher statement deciding TIER@LEVEL in the database, and its parameters."""
    from talentgraph.store.neo4j_store.sweep_statement import NoCypherForm  # the Neo4j store's package
    from talentgraph.store.neo4j_store.sweeps import statement_for  # loads the driver: here, not at start

    policy = policy_named(policy_name)
    try:
        # the very statement a Neo4j store runs for this question (sweeps.statement_for)
        statement = statement_for(policy, Target.parse(target, track=track), as_of, org_id, evidence=evidence)
    except NoCypherForm as e:
        raise PolicyError(message(N_("policy {policy!r} asks {target} for a {kind} check, which has no "
                                     "Cypher form: no statement can decide this target in the database"),
                                  policy=policy.name, target=target, kind=str(e))) from None
    if fmt == "json":
        click.echo(json.dumps({"statement": statement.text, "parameters": statement.parameters},
                              ensure_ascii=False, indent=2))
        return
    for name, value in statement.parameters.items():
        click.echo(f":param {name} => {literal(value)}")
    click.echo("")
    click.echo(statement.text + ";")
