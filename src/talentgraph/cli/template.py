"""``talentgraph template``: an empty roster workbook to fill in, with drop-downs and instructions."""

from __future__ import annotations

from pathlib import Path

import click

from talentgraph.cli.output import claim_output, replacing
from talentgraph.i18n import Words, language_of


@click.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Headers, sheet names, drop-down values and instructions in Chinese or English.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def template(lang: str, output: Path, force: bool) -> None:
    """Write an empty roster workbook: every sheet with its headers, drop-downs, instructions."""
    language = language_of(lang)
    assert language is not None
    words = Words.of(language)  # the workbook's language is the one it speaks to its user
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(words.gettext("{path} must end in .xlsx").format(path=output))
    claim_output(output, force, words)
    from talentgraph.bundle.template import write_template  # here: openpyxl is slow to import

    with replacing(output) as handle:
        write_template(handle, words)
    click.echo(words.gettext("wrote {path}").format(path=output))
