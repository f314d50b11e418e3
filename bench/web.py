"""Benchmark of the planners' web pages (a report, not a test): how long a page takes to answer.

Generates a region of N teachers on the embedded store, serves the app (API and pages) with
uvicorn on a loopback port, signs in as a planner of the largest org below the region's root with
about N teachers (the city of a generated region), and times, server and client together, with
one client:

- the candidate list's first page (50 rows) for backbone@county, unfiltered and filtered by
  stage and subject, and its last page;
- the overview (a pipeline over every step of the policy, and coverage by school);
- one teacher's page.

    python bench/web.py --teachers 50000

Writes bench/results/web-<N>.json (with the machine's load average) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))  # the repo, for tests.e2e

from tests.e2e.browser import serving  # noqa: E402

from talentgraph.access import Role, TokenRegistry  # noqa: E402
from talentgraph.store.embedded import EmbeddedStore  # noqa: E402
from talentgraph.synth import generate_region  # noqa: E402

AS_OF = "2026-09-01"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    roster = generate_region(args.teachers, seed=2026, as_of=dt.date.fromisoformat(AS_OF))
    orgs = roster["orgs"].to_pylist()
    city = next(o["id"] for o in orgs if o["kind"] == "city")
    in_scope = sum(1 for t in roster["teachers"].to_pylist() if t["school_id"].startswith(city))
    teacher = next(t["id"] for t in roster["teachers"].to_pylist() if t["school_id"].startswith(city))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        token = TokenRegistry(home).create(Role.PLANNER, city)[0]
        store = EmbeddedStore(roster, Path(tmp) / "region.snapshot")
        with serving(store, home) as base, httpx.Client(base_url=base, timeout=120) as client:
            form = client.get("/app/signin").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)
            assert csrf
            client.post("/app/signin", data={"csrf": csrf[1], "token": token})
            pages = {
                "candidates, first page": f"/app/candidates?target=backbone@county&as_of={AS_OF}",
                "candidates, review only": f"/app/candidates?target=backbone@county&verdict=review"
                                           f"&as_of={AS_OF}",
                "candidates, stage + subject": f"/app/candidates?target=backbone@county&stage=junior"
                                               f"&subject=math&as_of={AS_OF}",
                "candidates, last page": f"/app/candidates?target=backbone@county&page=100000&as_of={AS_OF}",
                "overview": f"/app/overview?as_of={AS_OF}",
                "teacher page": f"/app/teachers/{teacher}?as_of={AS_OF}",
            }
            rows = []
            for name, path in pages.items():
                times = []
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer = client.get(path)
                    times.append(time.perf_counter() - start)
                    assert answer.status_code == 200, (path, answer.status_code)
                rows.append({"page": name, "path": path, "median_s": statistics.median(times),
                             "max_s": max(times), "bytes": len(answer.content)})
    result = {"teachers": args.teachers, "in_scope": in_scope, "org": city, "repeat": args.repeat,
              "load_average": os.getloadavg(), "cpus": os.cpu_count(), "rows": rows}
    out = Path(__file__).parent / "results" / f"web-{args.teachers}.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"{args.teachers:,} teachers, planner of {city} ({in_scope:,} in scope); load average "
          f"{', '.join(f'{x:.2f}' for x in result['load_average'])}\n")
    print("| page | median | max | size |\n|---|---|---|---|")
    for r in rows:
        print(f"| {r['page']} | {r['median_s']:.2f} s | {r['max_s']:.2f} s | {r['bytes'] / 1024:.0f} KiB |")


if __name__ == "__main__":
    main()
