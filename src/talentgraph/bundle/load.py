"""Load a roster bundle: read it, validate it, return the typed ``Roster``."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa

from talentgraph.bundle.read import LOCAL_LIMITS, ReadLimits, read_bundle
from talentgraph.bundle.validate import validate
from talentgraph.roster import Roster


def load_bundle(path: Path, *, today: date | None = None, strict: bool = False,
                limits: ReadLimits = LOCAL_LIMITS) -> Roster:
    """Read and validate a bundle folder or .xlsx workbook; raises ``BundleError``.

    ``today`` is the day of the load (records dated after it are problems); it
    defaults to the current date. ``strict``: a file, sheet or column that is not
    read is a problem, not a warning. ``limits`` bound what the bundle may hold.
    """
    with returning_freed_memory():
        return validate(read_bundle(path, limits), today=today or date.today(), strict=strict)


_switching = threading.Lock()
_loads_running = 0
_pool_before: pa.MemoryPool | None = None


@contextlib.contextmanager
def returning_freed_memory() -> Iterator[None]:
    """Arrow allocations made meanwhile return their pages to the system as soon as they are freed.

    A load frees much of what it reads as it goes (the text of a column once typed), and what
    comes after (the fact index) is numpy's, which cannot reuse pages Arrow's default allocator
    (mimalloc) keeps for itself: at a million teachers the load peaked 0.3 GB above what it held.
    jemalloc with no decay gives them back at once. Where pyarrow has no jemalloc, nothing changes.
    """
    try:
        jemalloc = pa.jemalloc_memory_pool()
    except NotImplementedError:  # pyarrow built without it (Windows)
        yield
        return
    global _loads_running, _pool_before  # the pool is the process's: loads at once share one switch
    with _switching:
        if _loads_running == 0:
            _pool_before = pa.default_memory_pool()
            pa.jemalloc_set_decay_ms(0)
            pa.set_memory_pool(jemalloc)
        _loads_running += 1
    try:
        yield
    finally:
        with _switching:
            _loads_running -= 1
            if _loads_running == 0 and _pool_before is not None:  # the last load out restores it
                pa.set_memory_pool(_pool_before)
