"""Does the driver's Rust extension (``neo4j-rust-ext``, the ``rust`` extra) make the Neo4j store
faster? A report, not a test: run it once in an environment with the extension and once without,
against the same server, and compare.

    python bench/driver_rust_ext.py --teachers 20000            # starts the test suite's server
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python bench/driver_rust_ext.py

Measures, on a generated region: the driver load (wall time and this process's CPU time: the
extension packs the rows), one teacher's facts and explanation (p50/p99), and a county's facts
(unpacking: the rows come back). Writes bench/results/driver-<N>-<rust|python>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from common import latency_ms, timed  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration.bolt_server import bolt_server  # noqa: E402

from talentgraph.domain.target import Target  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.services import Scope, Services  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"


def percentiles(times: list[float]) -> tuple[float, float]:
    ms = latency_ms(times)
    return ms["p50_ms"], ms["p99_ms"]


def measure(teachers: int, samples: int) -> dict[str, Any]:
    roster = generate_region(teachers, seed=2026, as_of=AS_OF)
    rows = sum(roster.summary().values())
    ids = random.Random(7).sample(roster["teachers"]["id"].to_pylist(), samples)
    county = next(o["id"] for o in roster["orgs"].to_pylist() if o["kind"] == "county")
    rust = importlib.util.find_spec("neo4j._rust") is not None
    out: dict[str, Any] = {"teachers": teachers, "rows": rows, "rust_ext": rust,
                           "load_average_at_start": os.getloadavg()}
    target = Target.parse("backbone@county")
    with bolt_server() as server:
        out["server"] = server.server or "external"
        store = Neo4jStore.connect(server.uri, server.user, server.password, server.database)
        explanation = Services.over(store, policy=load_policy("reference")).questions.explanation
        everything = Scope.everything()
        try:
            store.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            store.load(roster)
            out["load_s"], out["load_client_cpu_s"] = time.perf_counter() - wall, time.process_time() - cpu
            out["load_rows_per_s"] = rows / out["load_s"]
            for tid in ids[:20]:  # warm up
                explanation(everything, tid, target, AS_OF)
            facts = [_timed(store.facts_of, tid) for tid in ids]
            out["facts_of_p50_ms"], out["facts_of_p99_ms"] = percentiles(facts)
            explained = [_timed(explanation, everything, tid, target, AS_OF) for tid in ids]
            out["explain_p50_ms"], out["explain_p99_ms"] = percentiles(explained)
            cpu = time.process_time()
            county_reads = [_timed(store.facts_in, county) for _ in range(5)]
            out["county_facts_s"] = min(county_reads)
            out["county_facts_client_cpu_s_per_read"] = (time.process_time() - cpu) / 5
        finally:
            store.clear()
            store.close()
    out["load_average_at_end"] = os.getloadavg()
    return out


def _timed(fn: Any, *args: Any) -> float:
    return timed(fn, *args)[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    result = measure(args.teachers, args.samples)
    RESULTS.mkdir(exist_ok=True)
    name = f"driver-{args.teachers}-{'rust' if result['rust_ext'] else 'python'}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
