"""Verdict counts per policy and target on a generated region (a report, not a test).

How many candidates each step has and how they split into eligible, review and
ineligible, for every target of every built-in policy; and the obligations owed
and met. Run it before and after a change of reading to see which verdicts move:

    python bench/verdict_counts.py --teachers 50000 --seed 2026 [--compare OLD.json]

Writes bench/results/verdicts-<N>.json and prints a Markdown table (with the
difference from ``--compare``, a file this script wrote earlier).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import numpy as np

from talentgraph.eligibility.engine import sweep
from talentgraph.eligibility.obligations import duties
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.synth import generate_region

AS_OF = dt.date(2026, 9, 1)
RESULTS = Path(__file__).parent / "results"


def counts(teachers: int, seed: int) -> dict[str, dict[str, int]]:
    facts = facts_from_roster(generate_region(teachers, seed=seed, as_of=AS_OF))
    out: dict[str, dict[str, int]] = {}
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers():
            tally = sweep(facts, policy, target, AS_OF).counts()
            out[f"{name} {target}"] = {k.value: v for k, v in tally.items()}
        for duty in duties(facts, policy, AS_OF, np.ones(facts.n, bool)):
            out[f"{name} obligation {duty.obligation.rule}: {duty.obligation.duty[:40]}"] = duty.counts()
    return out


def table(now: dict[str, dict[str, int]], before: dict[str, dict[str, int]] | None) -> str:
    lines = ["| policy target | now | before |", "|---|---|---|"]
    for key, value in now.items():
        old = (before or {}).get(key)
        shown = " / ".join(f"{v:,}" for v in value.values())
        was = "-" if old is None else ("same" if old == value else " / ".join(f"{v:,}" for v in old.values()))
        lines.append(f"| {key} | {shown} | {was} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--compare", type=Path, help="an earlier verdicts-<N>.json")
    args = parser.parse_args()
    before = json.loads(args.compare.read_text(encoding="utf-8"))["counts"] if args.compare else None
    now = counts(args.teachers, args.seed)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"verdicts-{args.teachers}.json"
    path.write_text(json.dumps({"as_of": AS_OF.isoformat(), "seed": args.seed, "counts": now},
                               ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("columns: eligible / review / ineligible (targets); owed / met / unknown / unmet (obligations)")
    print(table(now, before))


if __name__ == "__main__":
    main()
