"""Sweeps decided in the database against fetch-then-decide, on the same Neo4j in the same run.

A report, not a test. On a generated region loaded into Neo4j, for some targets:

- ``fetch``: today's Bolt path before issue 14: every fact of the subtree read into Python
  (``Neo4jStore.facts_in``), then the engine's sweep;
- ``in_db``: the generated Cypher statement decides each candidate in the database and only the
  candidates' outcomes cross the wire (``Neo4jStore.sweep``), Python composes the verdicts;

for one county and for the whole region (its root: a city at 50,000 teachers, a province at
1,000,000), best of ``--repeats`` after one warm-up run (the warm-up plans the statement). Both
paths must give the same candidates and verdicts; the run stops if they do not. The machine's
load average is recorded beside the figures (the machine is shared).

    python bench/cypher_sweep.py --teachers 50000            # starts the test suite's Neo4j
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python bench/cypher_sweep.py --keep

Writes bench/results/cypher-sweep-<N>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration.bolt_server import bolt_server  # noqa: E402

from talentgraph.domain.target import Target  # noqa: E402
from talentgraph.eligibility.engine import VERDICTS, Sweep, sweep  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.policy.schema import Policy  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"
QUESTIONS = (("reference", "backbone@county"), ("jiangmen", "backbone@city"), ("xd", "famous@city"))


def answers(found: Sweep) -> dict[str, str]:
    ids = found.facts.teacher_ids[found.rows]
    return {str(t): VERDICTS[v].value for t, v in zip(ids, found.verdict, strict=True)}


def best(fn: Callable[[], Sweep], repeats: int) -> tuple[float, float, Sweep]:
    """(best wall seconds, this process's CPU seconds of that run, the result), after a warm-up."""
    found = fn()
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        found = fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    wall_s, cpu_s = min(runs)
    return wall_s, cpu_s, found


def fetched(store: Neo4jStore, policy: Policy, target: Target, org: str | None) -> Sweep:
    """The path before issue 14: every fact of the subtree into Python, then the engine."""
    facts, inside = store.facts_in(org)
    return sweep(facts, policy, target, AS_OF, inside)


def measure(store: Neo4jStore, county: str, repeats: int, whole_fetch: bool,
            questions: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for policy_name, target_text in questions:
        policy, target = load_policy(policy_name), Target.parse(target_text)
        for scope, org in (("county", county), ("region", None)):
            key = f"{policy_name}:{target_text}:{scope}"
            row: dict[str, Any] = {"load_average": os.getloadavg()}
            in_db_s, in_db_cpu, decided = best(partial(store.sweep, policy, target, AS_OF, org), repeats)
            row |= {"in_db_s": in_db_s, "in_db_client_cpu_s": in_db_cpu, "candidates": len(decided.rows),
                    "counts": {k.value: v for k, v in decided.counts().items()}}
            if scope == "county" or whole_fetch:
                fetch_s, fetch_cpu, reference = best(partial(fetched, store, policy, target, org), repeats)
                if answers(reference) != answers(decided):
                    raise SystemExit(f"{key}: the two paths disagree")
                row |= {"fetch_s": fetch_s, "fetch_client_cpu_s": fetch_cpu, "speedup": fetch_s / in_db_s}
            out[key] = row
            print(key, json.dumps(row), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", action="store_true",
                        help="use the graph already loaded (same --teachers)")
    parser.add_argument("--no-region-fetch", action="store_true",
                        help="skip fetch-then-decide for the whole region (a province's facts)")
    parser.add_argument("--question", action="append", metavar="POLICY:TARGET",
                        help="ask these (repeatable; default: the three in QUESTIONS)")
    args = parser.parse_args()
    questions = [tuple(q.split(":", 1)) for q in args.question] if args.question else list(QUESTIONS)
    roster = generate_region(args.teachers, seed=2026, as_of=AS_OF)
    orgs = roster["orgs"]
    county = next(i for i, k in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if k == "county")
    out: dict[str, Any] = {"teachers": args.teachers, "rows": sum(roster.summary().values()),
                           "county": county,
                           "date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
                           "rust_ext": importlib.util.find_spec("neo4j._rust") is not None,
                           "load_average_at_start": os.getloadavg()}
    with bolt_server() as server:
        out["server"] = server.server or "external"
        store = Neo4jStore.connect(server.uri, server.user, server.password, server.database)
        try:
            if not args.keep:
                store.clear()
                start = time.perf_counter()
                store.load(roster)
                out["load_s"] = time.perf_counter() - start
            out["questions"] = measure(store, county, args.repeats, not args.no_region_fetch,
                                       questions)  # type: ignore[arg-type]
        finally:
            store.close()
    out["load_average_at_end"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"cypher-sweep-{args.teachers}.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
