"""``talentgraph token create|revoke|list``: API tokens, stored hashed in TALENTGRAPH_HOME."""

from __future__ import annotations

import click

from talentgraph.access import Role, TokenRegistry
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
def create(role: str, org_id: str | None) -> None:
    """Print a new token on stdout (one line); only its hash is stored."""
    secret, info = _registry().create(Role(role), org_id)
    click.echo(secret)
    scope = f" for org {info.org_id}" if info.org_id else ""
    click.echo(f"created {info.role} token {info.id}{scope}; store it now, it is not shown again", err=True)


@token.command()
@click.argument("token_id")
def revoke(token_id: str) -> None:
    """Revoke the token with this id (the part after tg_ up to the next _; see `token list`)."""
    _registry().revoke(token_id)
    click.echo(f"revoked token {token_id}", err=True)


@token.command(name="list")
def list_tokens() -> None:
    """Every token's id, role, org and creation time."""
    for info in _registry().list():
        click.echo(f"{info.id}\t{info.role}\t{info.org_id or '-'}\t{info.created}")
