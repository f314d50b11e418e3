"""Progress shown on stderr while long work runs (silent when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from talentgraph.bootstrap import Step


@contextmanager
def stages(console: Console, title: str, total: int) -> Iterator[Step]:
    """A bar that advances one stage per call of the yielded function."""
    progress = Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
        TextColumn("{task.fields[stage]}"), TimeElapsedColumn(),
        console=console, transient=True, disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task(title, total=total, stage="")
        started = False

        def step(stage: str) -> None:
            nonlocal started
            if started:
                progress.advance(task)
            started = True
            progress.update(task, stage=stage)

        yield step
        progress.update(task, completed=total)
