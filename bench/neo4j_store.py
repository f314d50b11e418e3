"""Benchmark of the Neo4j store beside the embedded store (a report, not a test).

Starts the ArcadeDB Bolt test server (or uses NEO4J_URI), loads a generated
region, and measures: load rate, one teacher's explanation (p50/p99), and a
whole-county sweep (facts gathered by traversal, then the engine), each with
the embedded store's figure for the same question in the same run.

    python bench/neo4j_store.py --teachers 50000
    ARCADEDB_HEAP=6g python bench/neo4j_store.py --teachers 1000000 --samples 100

Writes bench/results/neo4j-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration.bolt_server import bolt_server  # noqa: E402

from talentgraph.domain.target import Target  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.services import Scope, Services  # noqa: E402
from talentgraph.store.embedded import EmbeddedStore  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.store.protocol import TalentStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"
TARGET = Target.parse("backbone@county")


def timed(fn: Any, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def explain_latency_ms(store: TalentStore, ids: list[str]) -> tuple[float, float]:
    explanation = Services.over(store, policy=load_policy("reference")).questions.explanation
    everything = Scope.everything()
    for tid in ids[:20]:  # warm up: the server compiles its plans, the JIT its hot paths
        explanation(everything, tid, TARGET, AS_OF)
    gc.collect()
    gc.freeze()  # as `talentgraph serve` does once its store is open
    try:
        times = sorted(timed(explanation, everything, tid, TARGET, AS_OF)[1] for tid in ids)
    finally:
        gc.unfreeze()
    return statistics.median(times) * 1000, times[max(0, int(len(times) * 0.99) - 1)] * 1000


def county_sweep_s(store: TalentStore, county: str) -> float:
    questions = Services.over(store, policy=load_policy("reference")).questions

    def sweep() -> int:
        return len(questions.eligibility(Scope.everything(), TARGET, AS_OF, org_id=county))

    return min(timed(sweep)[1] for _ in range(3))


def measure(teachers: int, samples: int) -> dict[str, Any]:
    roster = generate_region(teachers, seed=2026, as_of=AS_OF)
    rows = sum(roster.summary().values())
    orgs = roster["orgs"]
    county = next(i for i, k in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if k == "county")
    ids = random.Random(7).sample(roster["teachers"]["id"].to_pylist(), samples)
    embedded = EmbeddedStore(roster)
    out: dict[str, Any] = {"teachers": teachers, "rows": rows, "county": county,
                           "load_average_at_start": os.getloadavg()}
    out["embedded_explain_p50_ms"], out["embedded_explain_p99_ms"] = explain_latency_ms(embedded, ids)
    out["embedded_county_sweep_s"] = county_sweep_s(embedded, county)
    with bolt_server() as target:
        store = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
        try:
            per_file: dict[str, float] = {}
            clock = [time.perf_counter()]

            def lap(file: str, _rows: int) -> None:
                now = time.perf_counter()
                per_file[file] = per_file.get(file, 0.0) + now - clock[0]
                clock[0] = now
                print(f"  {file}: {_rows:,} rows, {per_file[file]:.0f} s", file=sys.stderr, flush=True)

            clock[0] = time.perf_counter()
            _, out["bolt_load_s"] = timed(lambda: store.load(roster, progress=lap))
            out["bolt_load_s_per_file"] = per_file
            out["bolt_load_rows_per_s"] = rows / out["bolt_load_s"]
            out["bolt_explain_p50_ms"], out["bolt_explain_p99_ms"] = explain_latency_ms(store, ids)
            out["bolt_county_sweep_s"] = county_sweep_s(store, county)
        finally:
            store.close()
    out["load_average_at_end"] = os.getloadavg()  # other work on the machine skews the figures
    return out


def table(r: dict[str, Any]) -> str:
    return "\n".join([
        f"| {r['teachers']:,} teachers ({r['rows']:,} rows) | embedded | Bolt (ArcadeDB test server) |",
        "|---|---|---|",
        f"| load | (see bench/core.py) | {r['bolt_load_s']:.0f} s, {r['bolt_load_rows_per_s']:,.0f} rows/s |",
        f"| explain one teacher p50 / p99 | {r['embedded_explain_p50_ms']:.1f} / "
        f"{r['embedded_explain_p99_ms']:.1f} ms | {r['bolt_explain_p50_ms']:.1f} / "
        f"{r['bolt_explain_p99_ms']:.1f} ms |",
        f"| sweep of county {r['county']} (backbone@county) | {r['embedded_county_sweep_s']:.3f} s | "
        f"{r['bolt_county_sweep_s']:.2f} s |",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=200, help="explanations to time")
    args = parser.parse_args()
    result = measure(args.teachers, args.samples)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"neo4j-{args.teachers}.json").write_text(json.dumps(result, indent=2))
    print(table(result))


if __name__ == "__main__":
    main()
