"""Benchmark of the research path on a generated region (a report, not a test).

Generates a region, opens it in the embedded store and times, on the store's
cached graph (built once, on first use), what a researcher runs: the network
answers the API also gives (one teacher's lineage, p50 / p99; every studio's
reach) and the research layer (mentorship graph, exact betweenness,
PageRank, components and Louvain, assortativity with bootstrap intervals,
famous teachers' descendants counted once, tier times, Kaplan-Meier, log-rank
and the Cox model, tidy tables, reach over 13 years, a county cut and its
GraphML/GEXF export). Records the machine's load average at the start and
the end: the machine is shared.

    nice python bench/analysis.py --teachers 1000000

Writes bench/results/analysis-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import latency_ms, peak_rss_gb, timed  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"


def percentiles(seconds: list[float]) -> dict[str, float]:
    return latency_ms(seconds)


def lineages(store: Any, ids: list[str], depth: int) -> dict[str, float]:
    runs, sizes = [], []
    for tid in ids:
        lin, seconds = timed(store.lineage, tid, AS_OF, depth)
        runs.append(seconds)
        sizes.append(len(lin.ancestors) + len(lin.descendants))
    return {**percentiles(runs), "samples": len(ids), "mean_relatives": statistics.mean(sizes),
            "max_relatives": max(sizes)}


def measure(teachers: int, samples: int) -> dict[str, Any]:
    from talentgraph import analysis
    from talentgraph.analysis import survival
    from talentgraph.analysis.homophily import ATTRIBUTES
    from talentgraph.analysis.tables import region_tables, tier_table
    from talentgraph.domain.enums import Tier
    from talentgraph.store.embedded import EmbeddedStore
    from talentgraph.synth import generate_region

    out: dict[str, Any] = {"teachers": teachers, "as_of": str(AS_OF), "load_average_start": os.getloadavg()}
    roster, out["generate_s"] = timed(generate_region, teachers, seed=2026, as_of=AS_OF)
    out["mentorships"], out["studios"] = roster.count("mentorships"), roster.count("studios")
    store, out["store_open_s"] = timed(EmbeddedStore, roster)
    g, out["graph_build_s"] = timed(lambda: store.graph)
    out["graph_nodes"], out["graph_edges"] = g.number_of_nodes(), g.number_of_edges()
    out["peak_rss_after_graph_gb"] = peak_rss_gb()

    # The API's network answers, on the same cached graph.
    ids = random.Random(7).sample(roster["teachers"]["id"].to_pylist(), samples)
    out["lineage_depth3"] = lineages(store, ids, 3)
    out["lineage_depth10"] = lineages(store, ids, 10)
    leads = roster["studios"]["lead_id"].to_pylist()
    leads = random.Random(7).sample(leads, min(samples, len(leads)))
    out["lineage_studio_leads_depth10"] = lineages(store, leads, 10)
    reaches, out["studio_reach_all_s"] = timed(analysis.studio_reaches, g, AS_OF)
    out["studio_reach_count"] = len(reaches)

    # The research layer.
    m, out["mentorship_graph_s"] = timed(analysis.mentorship_graph, g, AS_OF, analysis.MENTORING_KINDS)
    out["mentorship_graph"] = {"teachers": m.number_of_nodes(), "edges": m.number_of_edges()}
    bc, out["betweenness_s"] = timed(analysis.betweenness, g, AS_OF, m=m)
    out["betweenness"] = {"method": bc.method, "sources": bc.pivots,
                          "reachable_pairs_estimate": bc.reachable_pairs,
                          "nonzero": sum(v > 0 for v in bc.scores.values()), "top3": bc.top(3)}
    _, out["pagerank_s"] = timed(analysis.pagerank, g, AS_OF, m=m)
    shape, out["components_s"] = timed(analysis.components, g, AS_OF, m=m)
    out["components"] = {"count": shape["components"], "largest": shape["sizes"][:5]}
    groups, out["communities_s"] = timed(analysis.communities, g, AS_OF, m=m)
    out["communities"] = len(groups)
    rows, out["teacher_rows_s"] = timed(analysis.teacher_rows, g, AS_OF)
    start = time.perf_counter()
    out["assortativity"] = {a: round(analysis.assortativity(g, AS_OF, a, m=m, rows=rows).r, 4)
                            for a in ATTRIBUTES}
    out["assortativity_all_s"] = time.perf_counter() - start
    held = analysis.tiers_held(g, AS_OF)
    famous = [t for t, tier in held.items() if tier >= Tier.FAMOUS]
    overlap, out["descendant_overlap_s"] = timed(analysis.descendant_overlap, g, AS_OF, famous)
    out["descendant_overlap"] = {"famous": len(famous), "counted": overlap.counted,
                                 "distinct": overlap.distinct}
    times, out["tier_times_backbone_s"] = timed(analysis.tier_times, g, Tier.BACKBONE, AS_OF)
    table, out["tier_table_s"] = timed(tier_table, times)
    start = time.perf_counter()
    split = survival.groups(table, "mentored")
    survival.medians(survival.kaplan_meier(split))
    out["logrank_mentored_p"] = survival.logrank(split)["p"]
    out["kaplan_meier_logrank_s"] = time.perf_counter() - start
    (fit, notes), out["cox_backbone_s"] = timed(survival.cox, table)
    ratios = survival.hazard_ratios(fit)
    out["cox_backbone"] = {"teachers": notes["teachers"], "events": notes["events"],
                           "hazard_ratio_mentored": float(ratios.loc["mentored", "hazard_ratio"])}
    tables, out["region_tables_s"] = timed(region_tables, g, AS_OF)
    out["region_tables_rows"] = {n: len(getattr(tables, n)) for n in ("teachers", "titles", "mentorships",
                                                                       "studios", "studio_members")}
    del tables
    days = [dt.date(year, 9, 1) for year in range(2014, 2027)]
    _, out["reach_over_13_years_s"] = timed(analysis.reach_over_time, g, days)
    county = next(r["id"] for r in roster["orgs"].to_pylist() if r["kind"] == "county")
    view, out["within_county_s"] = timed(analysis.within, g, county)
    out["within_county"] = {"org_id": county, "nodes": view.number_of_nodes()}
    with tempfile.TemporaryDirectory() as folder:
        paths, out["export_county_s"] = timed(analysis.write_networks, view, AS_OF, Path(folder))
        out["export_county_mb"] = round(sum(p.stat().st_size for p in paths) / 1e6, 1)
    out["peak_rss_gb"] = peak_rss_gb()
    out["load_average_end"] = os.getloadavg()
    cores = len(os.sched_getaffinity(0))
    out["machine"] = f"{platform.machine()}, {platform.python_version()}, {cores} cores"
    return out


RESEARCH = (("graph_build_s", "store graph build (first use, cached after)"),
            ("mentorship_graph_s", "mentorship graph (subject + studio)"),
            ("betweenness_s", "betweenness, exact"), ("pagerank_s", "PageRank"),
            ("components_s", "connected components"), ("communities_s", "Louvain communities"),
            ("teacher_rows_s", "teacher rows (attributes)"),
            ("assortativity_all_s", "assortativity x5, 1,000 bootstrap resamples each"),
            ("descendant_overlap_s", "famous teachers' descendants, counted once"),
            ("tier_times_backbone_s", "tier times to backbone"), ("tier_table_s", "tier table (pandas)"),
            ("kaplan_meier_logrank_s", "Kaplan-Meier + log-rank (landmark mentoring)"),
            ("cox_backbone_s", "Cox model, time-varying mentoring"),
            ("region_tables_s", "tidy tables of the region (pandas)"),
            ("reach_over_13_years_s", "studio reach on 13 dates"),
            ("within_county_s", "within(county) view"), ("export_county_s", "GraphML + GEXF of one county"))


def table(r: dict[str, Any]) -> str:
    d3, d10, lead = r["lineage_depth3"], r["lineage_depth10"], r["lineage_studio_leads_depth10"]
    rows = [
        ("mentorships / studios", f"{r['mentorships']:,} / {r['studios']:,}"),
        ("lineage, one teacher, depth 3 / 10: p50 / p99",
         f"{d3['p50_ms']:.2f} / {d3['p99_ms']:.2f} ms; {d10['p50_ms']:.2f} / {d10['p99_ms']:.2f} ms"),
        ("lineage of a studio lead, depth 10: p50 / p99", f"{lead['p50_ms']:.2f} / {lead['p99_ms']:.2f} ms"),
        ("studio reach, every studio",
         f"{r['studio_reach_all_s']:.1f} s ({r['studio_reach_count']:,} studios)"),
    ]
    rows += [(label, f"{r[key]:.1f} s") for key, label in RESEARCH]
    total = sum(r[key] for key, _ in RESEARCH)
    rows += [("research path in all", f"{total:.0f} s"), ("peak memory", f"{r['peak_rss_gb']:.1f} GB"),
             ("load average (1, 5, 15 min) start / end",
              f"{', '.join(f'{x:.1f}' for x in r['load_average_start'])} / "
              f"{', '.join(f'{x:.1f}' for x in r['load_average_end'])}")]
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
