"""The pipeline counted in the database against facts-in-Python, on the same Neo4j in the same run.

A report, not a test. On a generated region in Neo4j (``bench/cypher_sweep.py``'s: the same
seed, the same ``--home`` imported offline and kept), for some policies:

- ``fetch``: every fact of the subtree read into Python (``Neo4jStore.facts_in``), then
  ``eligibility.pipeline.pipeline``: the path before aggregate Cypher;
- ``in_db``: ``Neo4jStore.pipeline_counts``: every figure by aggregate Cypher in one read
  transaction, only counts cross the wire;

for one county and for the whole region, best of ``--repeats`` after one warm-up run. Both paths
must give the same pipeline, field for field; the run stops if they do not. The machine's load
average is recorded beside the figures (the machine is shared).

    python bench/cypher_pipeline.py --teachers 50000 --home /tmp/neo4j-50k --heap 2g --pagecache 1g

Writes bench/results/cypher-pipeline-<N>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration (cypher_sweep)

from cypher_sweep import AS_OF, server  # noqa: E402

from talentgraph.eligibility.pipeline import Pipeline, pipeline  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.policy.schema import Policy  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

RESULTS = Path(__file__).parent / "results"
POLICIES = ("jiangmen", "tongxin", "wenzhou")  # a ladder; TX-RATIO's shares; WZ's obligations


def best(fn: Callable[[], Pipeline], repeats: int) -> tuple[float, float, Pipeline]:
    """(best wall seconds, this process's CPU seconds of that run, the result), after a warm-up."""
    found = fn()
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        found = fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    wall_s, cpu_s = min(runs)
    return wall_s, cpu_s, found


def fetched(store: Neo4jStore, policy: Policy, org: str | None) -> Pipeline:
    facts, inside = store.facts_in(org)
    return pipeline(facts, inside, policy, AS_OF)


def measure(store: Neo4jStore, county: str, repeats: int, policies: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in policies:
        policy = load_policy(name)
        for scope, org in (("county", county), ("region", None)):
            key = f"{name}:{scope}"
            row: dict[str, Any] = {"load_average": os.getloadavg(), "steps": len(policy.covers()),
                                   "obligations": len(policy.obligations)}
            in_db_s, in_db_cpu, counted = best(partial(store.pipeline_counts, policy, AS_OF, org), repeats)
            fetch_s, fetch_cpu, reference = best(partial(fetched, store, policy, org), repeats)
            if counted != reference:
                raise SystemExit(f"{key}: the two paths disagree")
            row |= {"in_db_s": in_db_s, "in_db_client_cpu_s": in_db_cpu, "fetch_s": fetch_s,
                    "fetch_client_cpu_s": fetch_cpu, "speedup": fetch_s / in_db_s,
                    "teachers_in_post": counted.teachers,
                    "candidates": sum(s.eligible + s.review + s.ineligible for s in counted.steps)}
            out[key] = row
            print(key, json.dumps(row), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="use the graph already loaded (same --teachers)")
    parser.add_argument("--home", type=Path, metavar="DIR",
                        help="a Neo4j home kept between runs (cypher_sweep.py's): imported offline if empty")
    parser.add_argument("--heap", default=os.environ.get("NEO4J_TEST_HEAP", "2g"))
    parser.add_argument("--pagecache", default=os.environ.get("NEO4J_TEST_PAGECACHE", "1g"))
    parser.add_argument("--policy", action="append", help="these policies (repeatable; default: POLICIES)")
    args = parser.parse_args()
    roster = generate_region(args.teachers, seed=2026, as_of=AS_OF)
    orgs = roster["orgs"]
    county = next(i for i, k in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if k == "county")
    out: dict[str, Any] = {"teachers": args.teachers, "rows": sum(roster.summary().values()),
                           "county": county, "as_of": AS_OF.isoformat(), "date": dt.date.today().isoformat(),
                           "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}
    with server(args, roster, out) as target:
        out["server"] = target.server or "external"
        store = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
        try:
            if not args.keep and args.home is None:
                store.clear()
                store.load(roster)
            out["policies"] = measure(store, county, args.repeats, args.policy or list(POLICIES))
        finally:
            store.close()
    out["load_average_at_end"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"cypher-pipeline-{args.teachers}.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
