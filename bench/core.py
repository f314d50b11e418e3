"""Benchmark of the core on generated regions (a report, not a test).

For each size: generate a region, write it as a CSV bundle, then in a fresh
process (so peak memory is the load's own) load the bundle, build the fact
index, sweep every target of the reference policy, explain random teachers,
save and reopen a snapshot, and build the networkx graph.

    python bench/core.py --teachers 50000 1000000

Writes bench/results/core-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import latency_ms, load_average, peak_rss_gb, timed  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"


def prepare(teachers: int, folder: Path) -> dict[str, float]:
    from talentgraph.bundle.write import write_bundle
    from talentgraph.synth import generate_region

    roster, gen_s = timed(generate_region, teachers, seed=2026, as_of=AS_OF)
    _, write_s = timed(write_bundle, roster, folder)
    rows = sum(roster.summary().values())
    return {"generate_s": gen_s, "write_csv_s": write_s, "rows": rows, **{
        f"rows_{k}": v for k, v in roster.summary().items()}}


def measure(folder: Path, explain_samples: int) -> dict[str, object]:
    """Runs in its own process: load, sweep, explain, snapshot, graph."""
    from talentgraph.bundle.load import load_bundle
    from talentgraph.eligibility.engine import explain, sweep
    from talentgraph.policy.load import load_policy
    from talentgraph.store.embedded import EmbeddedStore

    out: dict[str, object] = {}
    roster, out["read_validate_s"] = timed(load_bundle, folder, today=AS_OF)
    store, out["index_facts_s"] = timed(EmbeddedStore, roster)
    out["load_total_s"] = out["read_validate_s"] + out["index_facts_s"]  # type: ignore[operator]
    out["peak_rss_after_load_gb"] = peak_rss_gb()
    facts, policy = store.facts, load_policy("reference")

    sweeps = {}
    for target in policy.covers():
        sweep(facts, policy, target, AS_OF)  # warm the evaluators once
        runs = [timed(sweep, facts, policy, target, AS_OF)[1] for _ in range(3)]
        sweeps[str(target)] = min(runs)
    out["sweep_s"] = sweeps
    out["sweep_all_targets_s"] = sum(sweeps.values())

    rng = random.Random(7)
    ids = [str(t) for t in rng.sample(list(facts.teacher_ids), explain_samples)]
    targets = policy.covers()
    latencies = []
    for i, tid in enumerate(ids):
        target = targets[i % len(targets)]
        latencies.append(timed(explain, facts, policy, target, AS_OF, tid)[1])
    ms = latency_ms(latencies)
    out["explain_p50_ms"], out["explain_p99_ms"] = ms["p50_ms"], ms["p99_ms"]

    with tempfile.TemporaryDirectory() as tmp:
        snap = Path(tmp) / "region.snapshot"
        _, out["snapshot_save_s"] = timed(store.save, snap)
        out["snapshot_mb"] = snap.stat().st_size / 1e6
        reopened, out["snapshot_open_s"] = timed(EmbeddedStore.open, snap)
        del reopened
    graph, out["graph_build_s"] = timed(lambda: store.graph)
    out["graph_nodes"], out["graph_edges"] = graph.number_of_nodes(), graph.number_of_edges()
    out["peak_rss_gb"] = peak_rss_gb()
    return out


def run_size(teachers: int, explain_samples: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "region"
        result: dict[str, object] = {"teachers": teachers, "load_average_at_start": load_average(),
                                     **prepare(teachers, folder)}
        proc = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder), "--samples", str(explain_samples)],
            capture_output=True, text=True, check=True)
        result.update(json.loads(proc.stdout))
    result["machine"] = f"{platform.machine()}, {platform.python_version()}, {_cores()} cores"
    result["load_average_at_end"] = load_average()
    return result


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0))


def table(results: list[dict[str, object]]) -> str:
    rows = [
        ("teachers", "{:,}", "teachers"),
        ("bundle rows (all files)", "{:,}", "rows"),
        ("load: read + validate CSV", "{:.1f} s", "read_validate_s"),
        ("load: build fact index", "{:.1f} s", "index_facts_s"),
        ("load total", "{:.1f} s", "load_total_s"),
        ("peak memory after load", "{:.2f} GB", "peak_rss_after_load_gb"),
        ("sweep, one target (median of targets)", "{:.3f} s", "sweep_median_s"),
        ("sweep, slowest target", "{:.3f} s", "sweep_max_s"),
        ("sweep, all 13 reference targets", "{:.2f} s", "sweep_all_targets_s"),
        ("explain one teacher p50", "{:.2f} ms", "explain_p50_ms"),
        ("explain one teacher p99", "{:.2f} ms", "explain_p99_ms"),
        ("snapshot save / open", "{}", "snapshot"),
        ("networkx graph build (on first use)", "{:.1f} s", "graph_build_s"),
        ("peak memory incl. graph", "{:.2f} GB", "peak_rss_gb"),
    ]
    for r in results:
        sweeps = sorted(r["sweep_s"].values())  # type: ignore[union-attr]
        r["sweep_median_s"] = statistics.median(sweeps)
        r["sweep_max_s"] = sweeps[-1]
        r["snapshot"] = (f"{r['snapshot_save_s']:.1f} s / {r['snapshot_open_s']:.1f} s "
                         f"({r['snapshot_mb']:.0f} MB)")
    lines = ["| measure | " + " | ".join(f"{r['teachers']:,} teachers" for r in results) + " |",
             "|---|" + "---|" * len(results)]
    for label, fmt, key in rows[1:]:
        lines.append(f"| {label} | " + " | ".join(fmt.format(r[key]) for r in results) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, nargs="+", default=[50_000])
    parser.add_argument("--samples", type=int, default=1000, help="explanations to time")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.samples)))
        return
    RESULTS.mkdir(exist_ok=True)
    results = []
    for n in args.teachers:
        print(f"benchmarking {n:,} teachers ...", file=sys.stderr)
        result = run_size(n, args.samples)
        (RESULTS / f"core-{n}.json").write_text(json.dumps(result, indent=2))
        results.append(result)
    print(table(results))


if __name__ == "__main__":
    main()
