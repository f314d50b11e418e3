"""Benchmark of the HTTP API (a report, not a test): one teacher's explanation over HTTP.

Generates a city of N teachers, serves it with `talentgraph serve` (uvicorn; one process, and
with each ``--workers`` count asked for, that many processes sharing the mapped snapshot) on a
loopback port over the embedded store (a snapshot) and over the Bolt store (the test suite's server:
a real Neo4j 5.26 when Java and Maven are here, else ArcadeDB; or NEO4J_URI), and measures
GET /teachers/{id}/explanation (random teachers):

- one client, requests one after another (httpx): p50 and p99 latency;
- 50 concurrent clients, one connection each, for ``--seconds``: requests per second, p50 and p99
  latency, and the server's own CPU seconds per request (user + system of the server's processes,
  read from /proc before and after). The load comes from `wrk` (C, one thread) when it is
  installed, else from httpx on asyncio, which costs about as much CPU as the server it measures;
  each result names its client. CPU per request moves less than requests/s when other work shares
  the machine's cores; both are reported.

``--serve LABEL=PYTHON`` (repeatable) serves with another interpreter, e.g. a virtualenv with
another checkout installed, so two versions are measured in one run; ``--rounds`` repeats every
version and worker count, alternating, so that each sees the machine's changing load.

    python bench/api.py --teachers 50000 [--workers 1 2] [--no-bolt] [--rounds 2] \
        [--serve main=/path/to/main/venv/bin/python --serve branch=.venv/bin/python]

Writes bench/results/api-<N>-<server>.json (or --out) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from common import latency_ms, load_average, machine  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.integration.bolt_server

from tests.integration.bolt_server import bolt_server  # noqa: E402

from talentgraph.access import Role, TokenRegistry  # noqa: E402
from talentgraph.store.embedded import EmbeddedStore  # noqa: E402
from talentgraph.store.neo4j_store import Neo4jStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"
QUESTION = {"target": "backbone@city", "as_of": AS_OF.isoformat()}
CLIENTS = 50
TICKS = os.sysconf("SC_CLK_TCK")

# wrk's script: a random teacher per request from the file $IDS; prints its figures as JSON.
WRK_SCRIPT = """
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local auth = "Bearer " .. os.getenv("TOKEN")
local query = os.getenv("QUERY")
math.randomseed(7)
request = function()
  return wrk.format("GET", "/teachers/" .. ids[math.random(#ids)] .. "/explanation?" .. query,
                    {["Authorization"] = auth})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@dataclass(frozen=True)
class Load:
    """What the concurrent clients need: the teachers to pick from and the token."""
    token: str
    ids_file: Path
    wrk_script: Path | None  # None: httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(python: str, store: str, home: Path, env: dict[str, str], workers: int = 1) -> Iterator[Server]:
    port = _free_port()
    command = [python, "-m", "talentgraph", "serve", "--store", store, "--port", str(port),
               "--workers", str(workers)]
    server = subprocess.Popen(command, env={**os.environ, **env, "TALENTGRAPH_HOME": str(home)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{url}/openapi.json")
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("talentgraph serve did not start") from None
                time.sleep(0.2)
        yield Server(url, server.pid)
    finally:
        server.terminate()
        server.wait(30)


def _process_tree(root: int) -> list[int]:
    """``root`` and every process under it (uvicorn's workers are children of its supervisor)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def server_cpu_s(root: int) -> float:
    """User + system CPU seconds of the server's processes so far (from /proc)."""
    total = 0
    for pid in _process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICKS


def sequential(url: str, token: str, ids: list[str]) -> dict[str, float]:
    times = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        for teacher in ids:
            start = time.perf_counter()
            answer = client.get(f"/teachers/{teacher}/explanation", params=QUESTION)
            times.append(time.perf_counter() - start)
            answer.raise_for_status()
    return latency_ms(times)


async def _httpx_clients(url: str, token: str, ids: list[str], seconds: float) -> dict[str, Any]:
    times: list[float] = []
    rng = random.Random(7)

    async def client_loop(client: httpx.AsyncClient, deadline: float) -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            answer = await client.get(f"/teachers/{rng.choice(ids)}/explanation", params=QUESTION)
            times.append(time.perf_counter() - start)
            answer.raise_for_status()

    # One client with a connection per task: 50 clients would each build an SSL context first.
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120,
                                 limits=httpx.Limits(max_connections=CLIENTS)) as client:
        start = time.perf_counter()
        await asyncio.gather(*(client_loop(client, start + seconds) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - start
    latency = latency_ms(times)
    return {"client": "httpx", "requests": len(times), "seconds": round(elapsed, 2), "errors": 0,
            "p50_ms": latency["p50_ms"], "p99_ms": latency["p99_ms"], "max_ms": latency["max_ms"]}


def _wrk_clients(url: str, load: Load, seconds: int) -> dict[str, Any]:
    assert load.wrk_script is not None
    command = ["wrk", "-t1", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout", "30s", "-s",
               str(load.wrk_script), url]
    env = {**os.environ, "IDS": str(load.ids_file), "TOKEN": load.token,
           "QUERY": str(httpx.QueryParams(QUESTION))}
    wrk = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert wrk.stdout is not None
    with wrk.stdout:
        out = wrk.stdout.read()
    _, status, usage = os.wait4(wrk.pid, 0)  # wait4: wrk's own CPU, the client's cost
    wrk.returncode = os.waitstatus_to_exitcode(status)
    if wrk.returncode != 0:
        raise RuntimeError(f"wrk failed: {out}")
    figures = json.loads(out.strip().splitlines()[-1])
    errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    result = {"client": "wrk", "requests": figures["requests"], "seconds": round(figures["us"] / 1e6, 2),
              "errors": errors, "p50_ms": figures["p50_us"] / 1000, "p99_ms": figures["p99_us"] / 1000,
              "max_ms": figures["max_us"] / 1000, "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 2)}
    return result


def concurrent(server: Server, load: Load, ids: list[str], seconds: int) -> dict[str, Any]:
    """50 clients for ``seconds``: requests/s, latency, and the server's CPU per request."""
    before = server_cpu_s(server.pid)
    if load.wrk_script is not None:
        result = _wrk_clients(server.url, load, seconds)
    else:
        result = asyncio.run(_httpx_clients(server.url, load.token, ids, seconds))
    cpu = server_cpu_s(server.pid) - before
    return result | {"requests_per_s": round(result["requests"] / result["seconds"], 1),
                     "server_cpu_s": round(cpu, 2),
                     "server_cpu_ms_per_request": round(1000 * cpu / max(1, result["requests"]), 3)}


def measure(server: Server, load: Load, teacher_ids: list[str], single: int,
            seconds: int) -> dict[str, Any]:
    rng = random.Random(7)
    sequential(server.url, load.token, rng.sample(teacher_ids, 50))  # warm up
    concurrent(server, load, teacher_ids, 2)  # every worker warm (one client reaches one worker)
    return {"one_client": sequential(server.url, load.token, rng.sample(teacher_ids, single)),
            f"{CLIENTS}_clients": concurrent(server, load, teacher_ids, seconds)}


def _pythons(given: list[str]) -> dict[str, str]:
    pythons = {}
    for item in given or [f"this={sys.executable}"]:
        label, _, python = item.partition("=")
        if not python:
            raise SystemExit(f"--serve wants LABEL=PYTHON, got {item!r}")
        pythons[label] = python
    return pythons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--single", type=int, default=2000, help="sequential requests per server")
    parser.add_argument("--seconds", type=int, default=20, help="how long 50 clients ask (each server)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="server processes over the snapshot, one run each (embedded store)")
    parser.add_argument("--serve", action="append", default=[], metavar="LABEL=PYTHON",
                        help="serve with this interpreter (repeat to compare versions; default: this one)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every version and worker count this often, alternating")
    parser.add_argument("--client", choices=["wrk", "httpx"],
                        help="the 50 clients' load generator (default: wrk when installed)")
    parser.add_argument("--no-bolt", action="store_true")
    parser.add_argument("--out", type=Path, help="results file (default bench/results/api-<N>-<server>.json)")
    args = parser.parse_args()
    pythons = _pythons(args.serve)
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")

    roster = generate_region(args.teachers, seed=2026, as_of=AS_OF)
    teacher_ids = roster["teachers"]["id"].to_pylist()
    results: dict[str, Any] = {"teachers": args.teachers, "question": QUESTION, "clients": CLIENTS,
                               "client": client, "seconds": args.seconds, "machine": machine(),
                               "date": dt.date.today().isoformat(), "load_average_at_start": load_average(),
                               "servers": pythons, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        token = TokenRegistry(home).create(Role.ADMIN)[0]
        ids_file = Path(tmp) / "ids.txt"
        ids_file.write_text("\n".join(teacher_ids) + "\n")
        script = Path(tmp) / "explanation.lua" if client == "wrk" else None
        if script is not None:
            script.write_text(WRK_SCRIPT)
        load = Load(token, ids_file, script)
        snapshot = EmbeddedStore(roster).save(Path(tmp) / "city.snapshot")
        for round_ in range(1, args.rounds + 1):
            for label, python in pythons.items():
                for workers in args.workers:
                    run: dict[str, Any] = {"server": label, "store": "embedded", "workers": workers,
                                           "round": round_, "load_average_before": load_average()}
                    with serving(python, str(snapshot), home, {}, workers) as server:
                        run |= measure(server, load, teacher_ids, args.single, args.seconds)
                    results["runs"].append(run)
                    print(json.dumps(run), flush=True)
        if not args.no_bolt:
            with bolt_server() as target:
                results["bolt_server"], results["bolt_server_kind"] = target.server or "external", target.kind
                bolt = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
                start = time.perf_counter()
                bolt.clear()
                bolt.load(roster)
                results["bolt_load_s"] = round(time.perf_counter() - start, 1)
                bolt.close()
                env = {"NEO4J_USER": target.user, "NEO4J_PASSWORD": target.password,
                       "NEO4J_DATABASE": target.database}
                label, python = next(iter(pythons.items()))
                run = {"server": label, "store": "bolt", "workers": 1, "round": 1,
                       "load_average_before": load_average()}
                with serving(python, target.uri, home, env) as server:
                    run |= measure(server, load, teacher_ids, args.single // 4, args.seconds)
                results["runs"].append(run)
                print(json.dumps(run), flush=True)
    results["load_average_at_end"] = load_average()
    RESULTS.mkdir(exist_ok=True)
    out = args.out or RESULTS / f"api-{args.teachers}-{results.get('bolt_server_kind', 'embedded')}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print(f"wrote {out}")


def table(r: dict[str, Any]) -> str:
    """One column per run, in the order measured."""
    runs = r["runs"]
    many = f"{CLIENTS}_clients"
    several = len(r["servers"]) > 1 or r.get("bolt_server")

    def name(run: dict[str, Any]) -> str:
        store = f"Bolt ({r.get('bolt_server', '?')})" if run["store"] == "bolt" else "embedded"
        workers = "1 process" if run["workers"] == 1 else f"{run['workers']} workers"
        return (f"{run['server']}, " if several else "") + f"{store}, {workers}, round {run['round']}"

    rows = [
        ("load average (1 min) before", [str(run["load_average_before"][0]) for run in runs]),
        ("one client: p50 / p99 (ms)", [f"{run['one_client']['p50_ms']} / {run['one_client']['p99_ms']}"
                                        for run in runs]),
        (f"{CLIENTS} clients ({r['client']}): requests/s",
         [str(run[many]["requests_per_s"]) for run in runs]),
        (f"{CLIENTS} clients: p50 / p99 (ms)",
         [f"{run[many]['p50_ms']} / {run[many]['p99_ms']}" for run in runs]),
        (f"{CLIENTS} clients: server CPU per request (ms)",
         [str(run[many]["server_cpu_ms_per_request"]) for run in runs]),
        (f"{CLIENTS} clients: errors", [str(run[many]["errors"]) for run in runs]),
    ]
    head = (f"| {r['teachers']:,} teachers, explanation | " + " | ".join(name(run) for run in runs)
            + " |\n|---|" + "---|" * len(runs))
    return head + "\n" + "\n".join(f"| {label} | " + " | ".join(vals) + " |" for label, vals in rows)


if __name__ == "__main__":
    main()
