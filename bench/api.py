"""Benchmark of the HTTP API (a report, not a test): one teacher's explanation over HTTP.

Generates a city of N teachers, serves it with `talentgraph serve` (uvicorn; one process, and
with each ``--workers`` count asked for, that many processes sharing the mapped snapshot) on a
loopback port over the embedded store (a snapshot) and over the Bolt store (the test suite's server:
a real Neo4j 5.26 when Java and Maven are here, else ArcadeDB; or NEO4J_URI), and measures
GET /teachers/{id}/explanation:

- one client, requests one after another: p50 and p99 latency;
- 50 concurrent clients (httpx, asyncio, one connection each): p50, p99 and requests per second.

Client and server share this machine's cores, so the figures include the client's own cost.

    python bench/api.py --teachers 50000 [--workers 1 2] [--no-bolt]

Writes bench/results/api-<N>-<server>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from common import latency_ms  # noqa: E402

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: str, home: Path, env: dict[str, str], workers: int = 1) -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "talentgraph", "serve", "--store", store, "--port", str(port),
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
        yield url
    finally:
        server.terminate()
        server.wait(30)


def percentiles(times: list[float]) -> dict[str, float]:
    return latency_ms(times)


def sequential(url: str, token: str, ids: list[str]) -> dict[str, float]:
    times = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
        for teacher in ids:
            start = time.perf_counter()
            answer = client.get(f"/teachers/{teacher}/explanation", params=QUESTION)
            times.append(time.perf_counter() - start)
            answer.raise_for_status()
    return percentiles(times)


async def _concurrent(url: str, token: str, ids: list[str], clients: int) -> dict[str, float]:
    times: list[float] = []
    queue = iter(ids)

    async def client_loop() -> None:
        async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"},
                                     timeout=120) as client:
            for teacher in queue:
                start = time.perf_counter()
                answer = await client.get(f"/teachers/{teacher}/explanation", params=QUESTION)
                times.append(time.perf_counter() - start)
                answer.raise_for_status()

    start = time.perf_counter()
    await asyncio.gather(*(client_loop() for _ in range(clients)))
    elapsed = time.perf_counter() - start
    return {**percentiles(times), "requests": len(times), "seconds": round(elapsed, 2),
            "requests_per_s": round(len(times) / elapsed, 1)}


def measure(url: str, token: str, teacher_ids: list[str], single: int, many: int) -> dict[str, Any]:
    rng = random.Random(7)
    sequential(url, token, rng.sample(teacher_ids, 50))  # warm up
    return {"one_client": sequential(url, token, rng.sample(teacher_ids, single)),
            f"{CLIENTS}_clients": asyncio.run(
                _concurrent(url, token, rng.choices(teacher_ids, k=many), CLIENTS))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--single", type=int, default=2000, help="sequential requests per store")
    parser.add_argument("--many", type=int, default=10_000, help="concurrent requests (embedded store)")
    parser.add_argument("--many-bolt", type=int, default=2000, help="concurrent requests (Bolt store)")
    parser.add_argument("--no-bolt", action="store_true")
    parser.add_argument("--workers", type=int, nargs="+", default=[1],
                        help="server processes over the snapshot, one run each (embedded store)")
    args = parser.parse_args()

    roster = generate_region(args.teachers, seed=2026, as_of=AS_OF)
    teacher_ids = roster["teachers"]["id"].to_pylist()
    results: dict[str, Any] = {"teachers": args.teachers, "question": QUESTION, "clients": CLIENTS,
                               "cpus": os.cpu_count(), "date": dt.date.today().isoformat(),
                               "load_average_at_start": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        token = TokenRegistry(home).create(Role.ADMIN)[0]
        snapshot = EmbeddedStore(roster).save(Path(tmp) / "city.snapshot")
        for workers in args.workers:
            key = "embedded" if workers == 1 else f"embedded, {workers} workers"
            results[f"load_average_before_{key}"] = os.getloadavg()
            with serving(str(snapshot), home, {}, workers) as url:
                results[key] = measure(url, token, teacher_ids, args.single, args.many)
            print(key, json.dumps(results[key]), flush=True)
        if not args.no_bolt:
            with bolt_server() as target:
                results["server"], results["server_kind"] = target.server or "external", target.kind
                bolt = Neo4jStore.connect(target.uri, target.user, target.password, target.database)
                start = time.perf_counter()
                bolt.clear()
                bolt.load(roster)
                results["bolt_load_s"] = round(time.perf_counter() - start, 1)
                bolt.close()
                env = {"NEO4J_USER": target.user, "NEO4J_PASSWORD": target.password,
                       "NEO4J_DATABASE": target.database}
                with serving(target.uri, home, env) as url:
                    results["bolt"] = measure(url, token, teacher_ids, args.single // 4, args.many_bolt)
                print(json.dumps(results["bolt"]), flush=True)
    results["load_average_at_end"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"api-{args.teachers}-{results.get('server_kind', 'embedded')}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(table(results))
    print(f"wrote {out}")


def table(r: dict[str, Any]) -> str:
    stores = [s for s in r if s.startswith("embedded") and isinstance(r[s], dict)]
    stores += ["bolt"] if "bolt" in r else []
    many = f"{CLIENTS}_clients"
    rows = [
        ("explanation, one client: p50 / p99 (ms)",
         [f"{r[s]['one_client']['p50_ms']} / {r[s]['one_client']['p99_ms']}" for s in stores]),
        (f"explanation, {CLIENTS} concurrent clients: p50 / p99 (ms)",
         [f"{r[s][many]['p50_ms']} / {r[s][many]['p99_ms']}" for s in stores]),
        (f"throughput, {CLIENTS} concurrent clients (requests/s)",
         [str(r[s][many]["requests_per_s"]) for s in stores]),
    ]
    names = [f"Bolt ({r.get('server', '?')})" if s == "bolt" else s for s in stores]
    head = f"| {r['teachers']:,} teachers | " + " | ".join(names) + " |\n|---|" + "---|" * len(stores)
    return head + "\n" + "\n".join(f"| {name} | " + " | ".join(vals) + " |" for name, vals in rows)


if __name__ == "__main__":
    main()
