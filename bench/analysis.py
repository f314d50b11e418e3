"""Benchmark of the mentorship-network answers on a generated region (a report, not a test).

Generates a region, opens it in the embedded store, and times what the store
does for lineage and studio reach: building its mentorship-and-studio graph
(on first use), one teacher's lineage (random teachers, p50 / p99), and the
reach of every studio. Also times ``graph_of`` for one county.

    nice python bench/analysis.py --teachers 1000000

Writes bench/results/analysis-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"


def timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    return {"p50_ms": statistics.median(ms), "p99_ms": ms[int(len(ms) * 0.99) - 1], "max_ms": ms[-1]}


def measure(teachers: int, samples: int) -> dict[str, object]:
    from talentgraph.analysis import graph_of, studio_reaches
    from talentgraph.store.embedded import EmbeddedStore
    from talentgraph.synth import generate_region

    out: dict[str, object] = {"teachers": teachers, "as_of": str(AS_OF)}
    roster, out["generate_s"] = timed(generate_region, teachers, seed=2026, as_of=AS_OF)
    out["mentorships"], out["studios"] = roster.count("mentorships"), roster.count("studios")
    store, out["store_open_s"] = timed(EmbeddedStore, roster)
    network, out["network_graph_build_s"] = timed(lambda: store.network)
    out["network_nodes"], out["network_edges"] = network.number_of_nodes(), network.number_of_edges()
    out["peak_rss_after_network_gb"] = peak_rss_gb()

    ids = random.Random(7).sample(roster["teachers"]["id"].to_pylist(), samples)
    for depth in (3, 10):
        runs, sizes = [], []
        for tid in ids:
            lin, seconds = timed(store.lineage, tid, AS_OF, depth)
            runs.append(seconds)
            sizes.append(len(lin.ancestors) + len(lin.descendants))
        out[f"lineage_depth{depth}"] = {**percentiles(runs), "samples": samples,
                                        "mean_relatives": statistics.mean(sizes), "max_relatives": max(sizes)}

    # The widest lineages: studio leads are famous teachers with the most mentees.
    leads = roster["studios"]["lead_id"].to_pylist()
    leads = random.Random(7).sample(leads, min(samples, len(leads)))
    runs, sizes = [], []
    for tid in leads:
        lin, seconds = timed(store.lineage, tid, AS_OF, 10)
        runs.append(seconds)
        sizes.append(len(lin.ancestors) + len(lin.descendants))
    out["lineage_studio_leads_depth10"] = {**percentiles(runs), "samples": len(leads),
                                           "mean_relatives": statistics.mean(sizes),
                                           "max_relatives": max(sizes)}

    reaches, out["studio_reach_all_s"] = timed(studio_reaches, store.network, AS_OF)
    out["studio_reach_count"] = len(reaches)
    out["studio_reach_mean_schools"] = statistics.mean(len(r.schools) for r in reaches)
    county = next(r["id"] for r in roster["orgs"].to_pylist() if r["kind"] == "county")
    g, out["graph_of_county_s"] = timed(graph_of, store, county, AS_OF)
    out["graph_of_county"] = {"org_id": county, "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    out["peak_rss_gb"] = peak_rss_gb()
    out["machine"] = f"{platform.machine()}, {platform.python_version()}, {len(_affinity())} cores"
    return out


def _affinity() -> set[int]:
    import os

    return os.sched_getaffinity(0)


def table(r: dict[str, object]) -> str:
    d3, d10, lead = r["lineage_depth3"], r["lineage_depth10"], r["lineage_studio_leads_depth10"]
    rows = [
        ("mentorships / studios", f"{r['mentorships']:,} / {r['studios']:,}"),
        ("mentorship-and-studio graph build (first use)",
         f"{r['network_graph_build_s']:.1f} s ({r['network_nodes']:,} nodes, {r['network_edges']:,} edges)"),
        ("lineage, one teacher, depth 3: p50 / p99",
         f"{d3['p50_ms']:.2f} / {d3['p99_ms']:.2f} ms"),  # type: ignore[index]
        ("lineage, one teacher, depth 10: p50 / p99",
         f"{d10['p50_ms']:.2f} / {d10['p99_ms']:.2f} ms"),  # type: ignore[index]
        ("lineage of a studio lead (famous teacher), depth 10: p50 / p99",
         f"{lead['p50_ms']:.2f} / {lead['p99_ms']:.2f} ms"),  # type: ignore[index]
        ("studio reach, every studio",
         f"{r['studio_reach_all_s']:.2f} s for {r['studio_reach_count']:,} studios"),
        ("graph_of one county (full schema)", f"{r['graph_of_county_s']:.1f} s"),
        ("peak memory (region + store + graph)", f"{r['peak_rss_gb']:.1f} GB"),
    ]
    lines = [f"| {r['teachers']:,} teachers | |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000, help="lineages to time per depth")
    args = parser.parse_args()
    print(f"benchmarking {args.teachers:,} teachers ...", file=sys.stderr)
    result = measure(args.teachers, args.samples)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"analysis-{args.teachers}.json").write_text(json.dumps(result, indent=2))
    print(table(result))


if __name__ == "__main__":
    main()
