"""Benchmark of the Neo4j store beside the embedded store (a report, not a test).

Starts the test suite's Bolt server (tests/integration/bolt_server.py: a real Neo4j 5.26 when
Java and Maven are here, else ArcadeDB; or the server at NEO4J_URI), loads a generated region
through the driver, and measures: load rate (per file), one teacher's explanation (p50/p99), a
county sweep and a sweep of the whole region (a city at 50,000 teachers, a province at
1,000,000), each with the embedded store's figure in the same run. On Neo4j it also PROFILEs the
heavy statements (one batch of the largest load, one teacher's facts, a county's reads) and
times the offline import of the same region (``export --neo4j-import`` files, then Neo4j's own
import tool).

    python bench/neo4j_store.py --teachers 50000
    NEO4J_TEST_HEAP=4g NEO4J_TEST_PAGECACHE=4g nice python bench/neo4j_store.py \\
        --teachers 1000000 --samples 100

Writes bench/results/neo4j-<N>-<server>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import latency_ms, timed  # noqa: E402
from neo4j import GraphDatabase

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration import neo4j_launcher  # noqa: E402
from tests.integration.bolt_server import BoltTarget, bolt_server  # noqa: E402

from talentgraph.domain.target import Target  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.services import Scope, Services  # noqa: E402
from talentgraph.store.cypher import query  # noqa: E402
from talentgraph.store.embedded import EmbeddedStore  # noqa: E402
from talentgraph.store.neo4j_store import LOAD_PLANS, READS, Neo4jStore  # noqa: E402
from talentgraph.store.neo4j_store.loads import shape  # noqa: E402
from talentgraph.store.neo4j_store.offline_import import write_import  # noqa: E402
from talentgraph.store.protocol import TalentStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"
TARGET = Target.parse("backbone@county")


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
    ms = latency_ms(times)
    return ms["p50_ms"], ms["p99_ms"]


def sweep_s(store: TalentStore, org_id: str | None, repeats: int = 3) -> float:
    questions = Services.over(store, policy=load_policy("reference")).questions

    def sweep() -> int:
        return len(questions.eligibility(Scope.everything(), TARGET, AS_OF, org_id=org_id))

    return min(timed(sweep)[1] for _ in range(repeats))


def measure(teachers: int, samples: int, whole_region_bolt: bool, load_minutes: float,
            save: Any = lambda out: None) -> dict[str, Any]:
    roster = generate_region(teachers, seed=2026, as_of=AS_OF)
    rows = sum(roster.summary().values())
    orgs = roster["orgs"]
    county = next(i for i, k in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if k == "county")
    root_kind = next(k for k, p in zip(orgs["kind"].to_pylist(), orgs["parent_id"].to_pylist(), strict=True)
                     if p is None)
    ids = random.Random(7).sample(roster["teachers"]["id"].to_pylist(), samples)
    embedded = EmbeddedStore(roster)
    out: dict[str, Any] = {"teachers": teachers, "rows": rows, "county": county, "region_root": root_kind,
                           "date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
                           "load_average_at_start": os.getloadavg(),
                           "heap": os.environ.get("NEO4J_TEST_HEAP", "1g"),
                           "pagecache": os.environ.get("NEO4J_TEST_PAGECACHE", "256m")}
    out["embedded_explain_p50_ms"], out["embedded_explain_p99_ms"] = explain_latency_ms(embedded, ids)
    out["embedded_county_sweep_s"] = sweep_s(embedded, county)
    out["embedded_region_sweep_s"] = sweep_s(embedded, None)
    del embedded
    with bolt_server() as target:
        out["server"], out["server_kind"] = target.server or "external", target.kind
        store = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
        try:
            out |= driver_load(store, roster, load_minutes * 60)
            save(out)
            if target.kind != "neo4j" and out["bolt_load_complete"]:  # else: on the imported graph
                out |= questions(store, ids, county, whole_region_bolt)
        finally:
            store.close()
    if out["server_kind"] == "neo4j":
        # The same graph through Neo4j's offline import (tests/integration/test_neo4j_import.py
        # shows the two graphs equal): the questions are asked of it, whatever the driver load did.
        root = Path(tempfile.mkdtemp(prefix="neo4j-import-bench-"))
        try:
            out |= offline_import(roster, rows, root)
            save(out)
            batches = {table: shape(table, roster[table].slice(0, 20_000)).to_pylist()
                       for table in ("training", "reviews", "teachers")}  # the largest loads
            del roster
            with neo4j_launcher.neo4j_server(home=root / "home") as running:
                started = time.perf_counter()
                store = Neo4jStore.connect(running.uri, running.user, running.password)
                out["imported_first_connect_s"] = time.perf_counter() - started  # creates the constraints
                target = BoltTarget(running.uri, running.user, running.password, "neo4j")
                try:
                    out["profiles"] = profiles(target, batches, county, ids[0])
                    save(out)
                    out |= questions(store, ids, county, False)
                    save(out)
                    if whole_region_bolt:
                        out["bolt_region_sweep_s"] = sweep_s(store, None, repeats=1)
                finally:
                    store.close()
        finally:
            shutil.rmtree(root, ignore_errors=True)
    out["load_average_at_end"] = os.getloadavg()  # other work on the machine skews the figures
    return out


class _Deadline(Exception):
    pass


def driver_load(store: Neo4jStore, roster: Any, seconds: float) -> dict[str, Any]:
    """The driver load, stopped after ``seconds`` (between two committed batches) if it runs longer."""
    store.clear()
    per_file: dict[str, float] = {}
    done: dict[str, int] = {}
    started = time.perf_counter()
    clock = [started]

    def lap(file: str, rows_so_far: int) -> None:
        now = time.perf_counter()
        per_file[file] = per_file.get(file, 0.0) + now - clock[0]
        done[file] = rows_so_far
        clock[0] = now
        print(f"  {file}: {rows_so_far:,} rows, {per_file[file]:.0f} s", file=sys.stderr, flush=True)
        if now - started > seconds:
            raise _Deadline

    try:
        store.load(roster, progress=lap)
        complete = True
    except _Deadline:
        complete = False
    elapsed = time.perf_counter() - started
    loaded = sum(done.values())
    return {"bolt_load_complete": complete, "bolt_load_s": elapsed, "bolt_load_rows": loaded,
            "bolt_load_rows_per_s": loaded / elapsed, "bolt_load_s_per_file": per_file,
            "bolt_load_rows_per_s_per_file": {f: done[f] / s for f, s in per_file.items() if s},
            "load_average_after_load": os.getloadavg()}


def questions(store: Neo4jStore, ids: list[str], county: str, whole_region: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["bolt_explain_p50_ms"], out["bolt_explain_p99_ms"] = explain_latency_ms(store, ids)
    out["bolt_county_sweep_s"] = sweep_s(store, county)
    if whole_region:
        out["bolt_region_sweep_s"] = sweep_s(store, None, repeats=1)
    return out


def profiles(target: BoltTarget, load_batches: dict[str, list[dict[str, Any]]], county: str,
             teacher_id: str) -> dict[str, Any]:
    """PROFILE of the heavy statements: db hits and rows per operator, and the server's time."""
    found: dict[str, Any] = {}
    with GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                              notifications_min_severity="OFF") as driver:
        def profile(name: str, params: dict[str, Any]) -> None:
            with driver.session(database=target.database) as session:
                tx = session.begin_transaction()
                try:
                    result = tx.run("PROFILE " + query(name), params)
                    summary = result.consume()
                finally:
                    tx.rollback()  # a write's profile changes nothing
            assert summary.profile is not None
            server_ms = (summary.result_available_after or 0) + (summary.result_consumed_after or 0)
            found[name] = {"server_ms": server_ms,
                           "db_hits": _total(summary.profile, "dbHits"),
                           "operators": list(_operators(summary.profile))}
        for table, batch in load_batches.items():  # one batch of new rows each, rolled back
            profile(LOAD_PLANS[table].statement, {"rows": [_new(row) for row in batch]})
        profile("match_teacher_facts", {"teacher_id": teacher_id})
        for table in ("training", "reviews", "teachers"):
            profile(READS[table], {"org_ids": [county], "teacher_id": None, "extras": []})
    return found


def _new(row: dict[str, Any]) -> dict[str, Any]:
    """The row under another key (or id), so MERGE creates it rather than finds it."""
    if "key" in row:
        return row | {"key": row["key"] + ":profile"}
    return row | {"id": "profile-" + row["id"], "props": row["props"] | {"id": "profile-" + row["id"]}}


def _total(plan: dict[str, Any], key: str) -> int:
    return int(plan.get(key, 0)) + sum(_total(child, key) for child in plan.get("children", []))


def _operators(plan: dict[str, Any], depth: int = 0) -> Any:
    yield {"depth": depth, "operator": plan["operatorType"].split("@")[0], "rows": plan.get("rows"),
           "db_hits": plan.get("dbHits"), "details": plan.get("args", {}).get("Details", "")[:120]}
    for child in plan.get("children", []):
        yield from _operators(child, depth + 1)


def offline_import(roster: Any, rows: int, root: Path) -> dict[str, Any]:
    """The region through ``export --neo4j-import``'s files and Neo4j's import tool, into
    ``root/home``. Memory for the tool: the heap and page cache the server gets."""
    files, write_s = timed(write_import, roster, root / "files")
    off_heap = os.environ.get("NEO4J_TEST_PAGECACHE", "256m").upper().removesuffix("B")
    args = [*files.command[1:-1], f"--max-off-heap-memory={off_heap}", files.command[-1]]
    ran, import_s = timed(lambda: neo4j_launcher.admin(root / "home", args, cwd=root / "files",
                                                       heap=os.environ.get("NEO4J_TEST_HEAP", "1g")))
    if ran.returncode != 0:
        raise RuntimeError(ran.stdout[-3000:] + ran.stderr[-3000:])
    shutil.rmtree(root / "files", ignore_errors=True)
    return {"import_files_s": write_s, "import_tool_s": import_s, "import_rows_per_s": rows / import_s,
            "import_rows_per_s_with_files": rows / (write_s + import_s),
            "import_tool_summary": ran.stdout[ran.stdout.find("IMPORT DONE"):].strip()[:400]}



def table(r: dict[str, Any]) -> str:
    region = r.get("bolt_region_sweep_s")
    lines = [
        f"| {r['teachers']:,} teachers ({r['rows']:,} rows) | embedded | Bolt ({r['server']}) |",
        "|---|---|---|",
        f"| driver load | (see bench/core.py) | {r['bolt_load_s']:.0f} s, "
        f"{r['bolt_load_rows_per_s']:,.0f} rows/s"
        + ("" if r["bolt_load_complete"] else f" (stopped after {r['bolt_load_rows']:,} rows)") + " |",
        f"| explain one teacher p50 / p99 | {r['embedded_explain_p50_ms']:.1f} / "
        f"{r['embedded_explain_p99_ms']:.1f} ms | {r['bolt_explain_p50_ms']:.1f} / "
        f"{r['bolt_explain_p99_ms']:.1f} ms |",
        f"| sweep of county {r['county']} (backbone@county) | {r['embedded_county_sweep_s']:.3f} s | "
        f"{r['bolt_county_sweep_s']:.2f} s |",
        f"| sweep of the whole {r['region_root']} | {r['embedded_region_sweep_s']:.3f} s | "
        + (f"{region:.2f} s |" if region is not None else "not run |"),
    ]
    if "import_tool_s" in r:
        lines.append(f"| offline import (neo4j-admin) | | {r['import_tool_s']:.0f} s, "
                     f"{r['import_rows_per_s']:,.0f} rows/s ({r['import_rows_per_s_with_files']:,.0f} with "
                     "writing the files) |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=200, help="explanations to time")
    parser.add_argument("--no-region-sweep-bolt", action="store_true",
                        help="skip the whole-region sweep over Bolt (it ships every fact to the client)")
    parser.add_argument("--load-minutes", type=float, default=600.0,
                        help="stop the driver load after this long (its rate is over what was loaded)")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)

    def save(partial: dict[str, Any]) -> None:  # after each phase: a long run that fails keeps its figures
        name = f"neo4j-{args.teachers}-{partial.get('server_kind', 'unknown')}.json"
        (RESULTS / name).write_text(json.dumps(partial, indent=2) + "\n")

    result = measure(args.teachers, args.samples, not args.no_region_sweep_bolt, args.load_minutes, save)
    save(result)
    print(table(result))


if __name__ == "__main__":
    main()
