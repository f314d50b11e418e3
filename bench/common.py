"""Timing helpers every benchmark shares: one clock, one percentile rule, one record of the machine.

The benchmarks run as scripts (``python bench/x.py``), so this module is imported as ``common``.
Percentiles are nearest-rank: p99 of n samples is the ceil(0.99 n)-th smallest (of 100 samples the
99th, of 1,000 the 990th), so p99 is a sample that was measured, never an interpolation.
"""

from __future__ import annotations

import math
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    """``fn(*args, **kwargs)`` and the seconds it took (wall clock)."""
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def best_of(runs: int, fn: Callable[..., Any], *args: Any) -> float:
    """The fastest of ``runs`` calls, in seconds (the machine is shared: the best is the least disturbed)."""
    return min(timed(fn, *args)[1] for _ in range(runs))


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile ``q`` (0-100) of ``samples``."""
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def latency_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50 (median), p99 and max of latencies given in seconds, in milliseconds."""
    return {"p50_ms": round(statistics.median(seconds) * 1000, 3),
            "p99_ms": round(percentile(seconds, 99) * 1000, 3),
            "max_ms": round(max(seconds) * 1000, 3),
            "samples": len(seconds)}


def peak_rss_gb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def cpu_s() -> float:
    """CPU seconds this process has used (user + system): less moved by other work on the machine
    than wall time, which waits for a core."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_peak_rss_gb() -> float:
    """Peak resident memory of the largest child process waited for so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages: other engineers' work shares this machine."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> str:
    return f"{platform.machine()}, Python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores"
