"""A load switches Arrow to jemalloc (bundle/load.py: freed pages go back at once); the pool is
the process's, so loads running at once (two uploads to `talentgraph serve`) share one switch and
the last one out restores the pool the process had."""

from __future__ import annotations

import contextlib

import pyarrow as pa
import pytest

from talentgraph.bundle.load import returning_freed_memory


def _jemalloc() -> pa.MemoryPool:
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("pyarrow without jemalloc: nothing is switched")


def test_overlapping_loads_restore_the_pool_only_when_the_last_ends() -> None:
    jemalloc, before = _jemalloc(), pa.default_memory_pool()
    first, second = returning_freed_memory(), returning_freed_memory()
    with contextlib.ExitStack() as stack:
        first.__enter__()
        second.__enter__()
        stack.callback(second.__exit__, None, None, None)
        assert pa.default_memory_pool().backend_name == jemalloc.backend_name
        first.__exit__(None, None, None)  # the first load ends while the second runs
        assert pa.default_memory_pool().backend_name == jemalloc.backend_name
    assert pa.default_memory_pool().backend_name == before.backend_name


def test_a_failed_load_restores_the_pool() -> None:
    _jemalloc()
    before = pa.default_memory_pool().backend_name
    with pytest.raises(ValueError), returning_freed_memory():
        raise ValueError("a bad bundle")
    assert pa.default_memory_pool().backend_name == before
