"""``talentgraph token create|revoke|list``: API tokens, stored hashed in TALENTGRAPH_HOME."""

from __future__ import annotations

import click

from talentgraph.access import Role, TokenRegistry
from talentgraph.cli.language import lang_option, words
from talentgraph.settings import get_settings


def _registry() -> TokenRegistry:
    return TokenRegistry(get_settings().home_dir)


@click.group()
def token() -> None:
    """API tokens: create one (printed once), revoke one, list them (never the secrets)."""


@token.command()
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", "org_id", metavar="ORG_ID",
              help="The org subtree the token may read (and, for a planner, write). Required for planner.")
@lang_option
def create(role: str, org_id: str | None) -> None:
    """Print a new token on stdout (one line); only its hash is stored."""
    secret, info = _registry().create(Role(role), org_id)
    click.echo(secret)
    gettext = words().gettext
    said = (gettext("created {role} token {id} for org {org}; store it now, it is not shown again")
            if info.org_id else gettext("created {role} token {id}; store it now, it is not shown again"))
    click.echo(said.format(role=info.role.value, id=info.id, org=info.org_id), err=True)


@token.command()
@click.argument("token_id")
@lang_option
def revoke(token_id: str) -> None:
    """Revoke the token with this id (the part after tg_ up to the next _; see `token list`)."""
    _registry().revoke(token_id)
    click.echo(words().gettext("revoked token {id}").format(id=token_id), err=True)


@token.command(name="list")
def list_tokens() -> None:
    """Every token's id, role, org and creation time."""
    for info in _registry().list():
        click.echo(f"{info.id}\t{info.role}\t{info.org_id or '-'}\t{info.created}")
