"""``talentgraph template``: an empty roster workbook to fill in, with drop-downs and instructions."""

from __future__ import annotations

from pathlib import Path

import click

from talentgraph.i18n import Words, language_of


@click.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Headers, sheet names, drop-down values and instructions in Chinese or English.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(lang: str, output: Path, force: bool) -> None:
    """Write an empty roster workbook: every sheet with its headers, drop-downs, instructions."""
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(f"{output} must end in .xlsx")
    if output.exists() and not force:
        raise click.UsageError(f"{output} already exists; pass --force to overwrite it")
    from talentgraph.bundle.template import write_template  # here: openpyxl is slow to import

    language = language_of(lang)
    assert language is not None
    write_template(output, Words.of(language))
    click.echo(f"wrote {output}")
