"""Sweeps decided in the database against fetch-then-decide, on the same Neo4j in the same run.

A report, not a test. On a generated region loaded into Neo4j, for some targets:

- ``fetch``: today's Bolt path before issue 14: every fact of the subtree read into Python
  (``Neo4jStore.facts_in``), then the engine's sweep;
- ``in_db``: the generated Cypher statement decides each candidate in the database and only the
  candidates' outcomes cross the wire (``Neo4jStore.sweep``), Python composes the verdicts;

for one county and for the whole region (its root: a city at 50,000 teachers, a province at
1,000,000). Both paths must give the same candidates and verdicts; the run stops if they do not.

Warming up: a server just started runs its first statements before the JVM's JIT has compiled
its code and with its page cache cold, so whichever question is timed first looks slow (the
50,000-teacher run of 2026-11-28 01:25 had reference backbone@county's county sweep, timed first,
at 2.4x the jiangmen one, though the two cost the same once warm). So before anything is timed,
every question's county sweep runs once on both paths (``warm_up``, its times recorded); then each
figure is the best of ``--repeats`` after ``--warmup`` runs of that statement (the first plans it:
the query cache is keyed by the text, and the org, the date and the check settings are
parameters, so one plan serves every county). Recorded beside the best wall time: the median,
the client's CPU, and, when the bench started the server, **the server's CPU per run** (from
/proc: the JVM's user + system time over the timed runs, divided by their number), which the
machine's load disturbs far less than wall time. The machine's load average is recorded beside
every figure (the machine is shared).

    python bench/cypher_sweep.py --teachers 50000            # starts the test suite's Neo4j
    python bench/cypher_sweep.py --teachers 50000 --home /tmp/neo4j-50k   # imported once, kept
    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... python bench/cypher_sweep.py --keep

With ``--home``, the region goes in through Neo4j's offline import (``export --neo4j-import``'s
files, then ``neo4j-admin database import full``: minutes where the driver load takes most of an
hour at 50,000 teachers) into that Neo4j home, which is kept: a later run with the same
``--home`` opens the database already there. ``--heap`` and ``--pagecache`` size the server
(and the import tool).

Writes bench/results/cypher-sweep-<N>.json (or ``--output``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration import neo4j_launcher  # noqa: E402
from tests.integration.bolt_server import BoltTarget, bolt_server  # noqa: E402

from talentgraph.domain.target import Target  # noqa: E402
from talentgraph.eligibility.engine import VERDICTS, Sweep, sweep  # noqa: E402
from talentgraph.policy.load import load_policy  # noqa: E402
from talentgraph.policy.schema import Policy  # noqa: E402
from talentgraph.roster import Roster  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.store.neo4j_store.offline_import import write_import  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"
MARKER = "talentgraph-imported.json"  # in a --home: the import finished; the rows it holds
QUESTIONS = (("reference", "backbone@county"), ("jiangmen", "backbone@city"), ("xd", "famous@city"))


def answers(found: Sweep) -> dict[str, str]:
    ids = found.facts.teacher_ids[found.rows]
    return {str(t): VERDICTS[v].value for t, v in zip(ids, found.verdict, strict=True)}


def server_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system, every thread) the server process has used; None when the bench
    did not start it or the system has no /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(fn: Callable[[], Sweep], repeats: int, warmup: int,
          pid: int | None) -> tuple[dict[str, Any], Sweep]:
    """Run ``fn`` ``warmup`` times, then ``repeats`` timed times: the best wall seconds, the
    client's CPU seconds of that run, the median wall seconds, the server's CPU seconds per timed
    run (None if unknown) and the first warm-up run's wall seconds; and the result."""
    first = None
    for _ in range(warmup):
        started = time.perf_counter()
        found = fn()
        first = first if first is not None else time.perf_counter() - started
    runs = []
    server_before = server_cpu(pid)
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        found = fn()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    server_after = server_cpu(pid)
    wall_s, cpu_s = min(runs)
    server_s = (None if server_before is None or server_after is None
                else (server_after - server_before) / repeats)
    return {"s": wall_s, "client_cpu_s": cpu_s, "median_s": statistics.median(w for w, _ in runs),
            "server_cpu_s": server_s, "first_warmup_s": first}, found


def fetched(store: Neo4jStore, policy: Policy, target: Target, org: str | None) -> Sweep:
    """The path before issue 14: every fact of the subtree into Python, then the engine."""
    facts, inside = store.facts_in(org)
    return sweep(facts, policy, target, AS_OF, inside)


def warm_up(store: Neo4jStore, county: str, questions: list[tuple[str, str]]) -> dict[str, Any]:
    """Every question's county sweep once on each path, before anything is timed: the JVM's JIT
    compiles the server's code paths, the page cache fills, each statement is planned. Its wall
    seconds are recorded (the first is a cold server's)."""
    out: dict[str, Any] = {}
    for policy_name, target_text in questions:
        policy, target = load_policy(policy_name), Target.parse(target_text)
        for path, fn in (("in_db", partial(store.sweep, policy, target, AS_OF, county)),
                         ("fetch", partial(fetched, store, policy, target, county))):
            started = time.perf_counter()
            fn()
            out[f"{policy_name}:{target_text}:county:{path}"] = time.perf_counter() - started
    return out


def measure(store: Neo4jStore, county: str, repeats: int, warmup: int, whole_fetch: bool,
            questions: list[tuple[str, str]], pid: int | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for policy_name, target_text in questions:
        policy, target = load_policy(policy_name), Target.parse(target_text)
        for scope, org in (("county", county), ("region", None)):
            key = f"{policy_name}:{target_text}:{scope}"
            row: dict[str, Any] = {"load_average": os.getloadavg()}
            figures, decided = timed(partial(store.sweep, policy, target, AS_OF, org), repeats, warmup, pid)
            row |= {f"in_db_{k}": v for k, v in figures.items()}
            row |= {"candidates": len(decided.rows),
                    "counts": {k.value: v for k, v in decided.counts().items()}}
            if scope == "county" or whole_fetch:
                figures, reference = timed(partial(fetched, store, policy, target, org), repeats, warmup, pid)
                if answers(reference) != answers(decided):
                    raise SystemExit(f"{key}: the two paths disagree")
                row |= {f"fetch_{k}": v for k, v in figures.items()}
                row["speedup"] = row["fetch_s"] / row["in_db_s"]
                if row["in_db_server_cpu_s"] and row["fetch_server_cpu_s"] is not None:
                    row["server_cpu_ratio"] = row["fetch_server_cpu_s"] / row["in_db_server_cpu_s"]
            row["load_average_after"] = os.getloadavg()
            out[key] = row
            print(key, json.dumps(row), flush=True)
    return out


# What an imported store takes on disk per bundle row, with the import's own working files (the
# 50,000-teacher store is 570 MB for 1.09 M rows; a 1,000,000-teacher import had passed 14 GB when
# it filled this machine's disk), and what to leave free for others on a shared machine.
DISK_PER_ROW = 700
DISK_MARGIN = 4 << 30


def imported(roster: Roster, home: Path, heap: str, pagecache: str) -> dict[str, Any]:
    """The region into ``home`` through the offline import, unless it was imported there already
    (``MARKER``, written once the import tool succeeded)."""
    marker = home / MARKER
    rows = sum(roster.summary().values())
    if marker.is_file():
        kept = json.loads(marker.read_text())
        if kept["rows"] != rows:
            raise SystemExit(f"{home} holds a region of {kept['rows']:,} rows, not this one's {rows:,}")
        return {"import": "kept"}
    home.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(home).free
    if free < rows * DISK_PER_ROW + DISK_MARGIN:
        raise SystemExit(f"{free / 2**30:.1f} GB free where {home} is: importing {rows:,} rows takes about "
                         f"{rows * DISK_PER_ROW / 2**30:.1f} GB, and the disk is shared")
    files_dir = home.with_name(home.name + "-import-files")
    started = time.perf_counter()
    files = write_import(roster, files_dir)
    files_s = time.perf_counter() - started
    off_heap = pagecache.upper().removesuffix("B")
    args = [*files.command[1:-1], f"--max-off-heap-memory={off_heap}", "--overwrite-destination",
            files.command[-1]]
    started = time.perf_counter()
    try:
        ran = neo4j_launcher.admin(home, args, cwd=files_dir, heap=heap)
    finally:
        shutil.rmtree(files_dir, ignore_errors=True)
    tool_s = time.perf_counter() - started
    if ran.returncode != 0:
        raise SystemExit(f"the import failed:\n{ran.stdout[-3000:]}{ran.stderr[-3000:]}")
    marker.write_text(json.dumps({"rows": rows}) + "\n")
    return {"import": "offline", "import_files_s": files_s, "import_tool_s": tool_s,
            "load_average_after_import": os.getloadavg()}


@contextmanager
def server(args: argparse.Namespace, roster: Roster, out: dict[str, Any]) -> Iterator[BoltTarget]:
    """The test suite's server (loaded through the driver unless ``--keep``), or one opening the
    imported database kept in ``--home``."""
    if args.home is None:
        with bolt_server() as target:
            yield target
        return
    out |= imported(roster, args.home, args.heap, args.pagecache)
    out |= {"heap": args.heap, "pagecache": args.pagecache}
    with neo4j_launcher.neo4j_server(home=args.home, heap=args.heap, pagecache=args.pagecache) as running:
        yield BoltTarget(running.uri, running.user, running.password, "neo4j", running.pid, "neo4j",
                         f"Neo4j {running.version} {running.edition}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each figure (best kept)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs before them (the first plans)")
    parser.add_argument("--keep", action="store_true",
                        help="use the graph already loaded (same --teachers)")
    parser.add_argument("--home", type=Path, metavar="DIR",
                        help="a Neo4j home kept between runs: imported offline if it has no database")
    parser.add_argument("--import-only", action="store_true",
                        help="with --home: import the region there, then stop")
    parser.add_argument("--heap", default=os.environ.get("NEO4J_TEST_HEAP", "2g"))
    parser.add_argument("--pagecache", default=os.environ.get("NEO4J_TEST_PAGECACHE", "1g"))
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="write the results here (default: bench/results/cypher-sweep-<N>.json)")
    parser.add_argument("--no-region-fetch", action="store_true",
                        help="skip fetch-then-decide for the whole region (a province's facts)")
    parser.add_argument("--question", action="append", metavar="POLICY:TARGET",
                        help="ask these (repeatable; default: the three in QUESTIONS)")
    args = parser.parse_args()
    if args.import_only and args.home is None:
        parser.error("--import-only needs --home")
    questions = ([(q.partition(":")[0], q.partition(":")[2]) for q in args.question] if args.question
                 else list(QUESTIONS))
    roster = generate_region(args.teachers, seed=2026, as_of=AS_OF)
    orgs = roster["orgs"]
    county = next(i for i, k in zip(orgs["id"].to_pylist(), orgs["kind"].to_pylist(), strict=True)
                  if k == "county")
    out: dict[str, Any] = {"teachers": args.teachers, "rows": sum(roster.summary().values()),
                           "county": county,
                           "date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
                           "rust_ext": importlib.util.find_spec("neo4j._rust") is not None,
                           "load_average_at_start": os.getloadavg()}
    if args.import_only:
        print(json.dumps(imported(roster, args.home, args.heap, args.pagecache)))
        return
    with server(args, roster, out) as target:
        out["server"] = target.server or "external"
        started = time.perf_counter()
        store = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
        out["connect_s"] = time.perf_counter() - started  # an imported graph: creates the constraints
        try:
            if not args.keep and args.home is None:
                store.clear()
                start = time.perf_counter()
                store.load(roster)
                out["load_s"] = time.perf_counter() - start
            out["warm_up"] = warm_up(store, county, questions)
            out["repeats"], out["warmup"] = args.repeats, args.warmup
            out["questions"] = measure(store, county, args.repeats, args.warmup, not args.no_region_fetch,
                                       questions, target.server_pid)
        finally:
            store.close()
    out["load_average_at_end"] = os.getloadavg()
    output = args.output or RESULTS / f"cypher-sweep-{args.teachers}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
