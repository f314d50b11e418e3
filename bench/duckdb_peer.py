"""talentgraph beside an independent DuckDB implementation of the same verdicts (a report, not a test).

The peer computes the reference policy's backbone@county verdicts for every candidate of the region
(as of 2026-09-01) from the bundle's CSV files in SQL, written from the rules (docs/rules.md,
shared/domain.md) rather than from talentgraph's code: the candidate pool (in post, not holding
backbone@county or above, not past it with a famous or educator title) and the five checks
JM-EMERGING-BACKBONE, JM-LEVEL (in principle: soft), TX-TRAINING-BAN, JM-HOURS and XD-ETHICS-VETO.
Before anything is timed, every verdict, school and failed rule of the two is checked equal; a
difference stops the run.

Then each step runs in a fresh process (so its peak memory is its own), talentgraph's and DuckDB's
side by side, and the ratios are of the same run:

- CSV -> stored file: ``talentgraph load`` (validated, indexed, snapshot saved) / DuckDB
  ``CREATE TABLE ... AS read_csv`` of every file into a database file;
- CSV -> memory: read, validate and index / the same tables in an in-memory database;
- reopen + first sweep: open the snapshot and sweep backbone@county / open the database file and
  run the verdict query;
- sweep once loaded (best of three);
- a whole-process ``talentgraph explain ID --store S`` (interpreter start included);
- all backbone@county verdicts as JSON, the same document: ``talentgraph eligible --format json`` /
  DuckDB ``COPY`` of records built in SQL (``document_sql``), parsed and compared at city scale.

Given ``--core-python PATH`` (an interpreter with talentgraph installed without extras) or
``--core-venv`` (a throwaway venv with this checkout so installed, ``pip install .``), every
talentgraph step runs with that interpreter, as a planner's install would, and the whole-process
explain also with this one, beside it: in a dev venv pyarrow imports pandas at its first
conversion (opening a snapshot makes one), 0.2-0.5 s no core install pays. The results name each
step's interpreter (``python``) and what it has (``interpreters``).

    pip install -e '.[bench]'
    python bench/duckdb_peer.py --teachers 50000            # or --bundle DIR
    python bench/duckdb_peer.py --teachers 50000 --core-venv  # talentgraph from a core install

Writes bench/results/duckdb-<N>.json (with the machine's load average at the start and the end)
and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import best_of, cpu_s, latency_ms, load_average, machine, peak_rss_gb, timed

AS_OF = dt.date(2026, 9, 1)
TARGET = "backbone@county"
RESULTS = Path(__file__).parent / "results"
EXPLANATIONS = 1000  # random teachers explained, each for one of the reference policy's targets
RULES = ("JM-EMERGING-BACKBONE", "JM-LEVEL", "TX-TRAINING-BAN", "JM-HOURS", "XD-ETHICS-VETO")

# Column types DuckDB is told (the rest it detects): a column that is empty in every row would
# otherwise be read as text. Defaults are the bundle format's (docs/bundle-format.md).
TYPES: dict[str, dict[str, str]] = {
    "orgs": {"id": "VARCHAR", "parent_id": "VARCHAR", "rural": "BOOLEAN"},
    "teachers": {"id": "VARCHAR", "school_id": "VARCHAR", "entry_date": "DATE", "left_on": "DATE",
                 "principal_since": "DATE", "status": "VARCHAR", "head_teacher": "BOOLEAN",
                 "roles": "VARCHAR", "subject": "VARCHAR", "stage": "VARCHAR", "name": "VARCHAR"},
    "titles": {"teacher_id": "VARCHAR", "tier": "VARCHAR", "level": "VARCHAR", "org_id": "VARCHAR",
               "awarded_on": "DATE", "valid_until": "DATE", "track": "VARCHAR"},
    "programmes": {"teacher_id": "VARCHAR", "tier": "VARCHAR", "level": "VARCHAR", "org_id": "VARCHAR",
                   "enrolled_on": "DATE", "completed_on": "DATE", "result": "VARCHAR", "type": "VARCHAR"},
    "training": {"teacher_id": "VARCHAR", "date": "DATE", "hours": "DOUBLE", "kind": "VARCHAR",
                 "content": "VARCHAR", "programme": "VARCHAR", "level": "VARCHAR",
                 "probation": "BOOLEAN", "passed": "BOOLEAN"},
    "mentorships": {"mentor_id": "VARCHAR", "mentee_id": "VARCHAR", "start_date": "DATE", "end_date": "DATE"},
    "studios": {"id": "VARCHAR", "lead_id": "VARCHAR", "host_org_id": "VARCHAR", "founded_on": "DATE",
                "rural": "BOOLEAN"},
    "studio_members": {"studio_id": "VARCHAR", "teacher_id": "VARCHAR", "joined_on": "DATE",
                       "left_on": "DATE"},
    "studio_links": {"studio_id": "VARCHAR", "school_id": "VARCHAR", "since": "DATE"},
    "reviews": {"teacher_id": "VARCHAR", "year": "BIGINT", "kind": "VARCHAR", "result": "VARCHAR"},
    "postings": {"teacher_id": "VARCHAR", "school_id": "VARCHAR", "start_date": "DATE", "end_date": "DATE",
                 "kind": "VARCHAR"},
}
NEEDED = ("teachers", "titles", "programmes", "training", "reviews", "postings")


def duck_load(con: Any, bundle: Path) -> set[str]:
    """Every CSV of the bundle as a table; returns the files present (an absent one is an empty table,
    and makes the checks that read it unknown, as in talentgraph)."""
    present = set()
    for name, types in TYPES.items():
        path = bundle / f"{name}.csv"
        if path.is_file():
            present.add(name)
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = {c.strip() for c in next(csv.reader(handle), [])}
            # Postings keep their file order: a teacher with two regular postings covering the date
            # is at the later one's school (the last row wins, as in talentgraph).
            number = ", row_number() OVER () AS rn" if name == "postings" else ""
            given = {c: t for c, t in types.items() if c in header}
            con.execute(f"CREATE TABLE {name} AS SELECT *{number} FROM read_csv(?, header = true, "
                        f"types = {_struct(given)})", [str(path)])
            for column in types.keys() - header:  # an optional column the file leaves out: empty
                con.execute(f"ALTER TABLE {name} ADD COLUMN {column} {types[column]}")
        else:
            cols = ", ".join(f"{c} {t}" for c, t in types.items())
            con.execute(f"CREATE TABLE {name} ({cols}{', rn BIGINT' if name == 'postings' else ''})")
    return present


def _struct(types: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"


def verdict_sql(present: set[str], as_of: dt.date = AS_OF) -> str:
    """The backbone@county verdict of every candidate: teacher_id, school_id, verdict, failed_rules."""
    return _checks_sql(present, as_of) + f"""
SELECT id AS teacher_id, school_id, {_VERDICT} AS verdict, {_FAILED_RULES} AS failed_rules
FROM failed
"""


_VERDICT = """CASE WHEN f1 OR f3 OR f4 OR f5 THEN 'ineligible'        -- JM-LEVEL is in principle: never bars
       WHEN NOT (route_ok AND level_ok AND ban_ok AND hours_ok AND ethics_ok) THEN 'review'
       ELSE 'eligible' END"""
_FAILED_RULES = f"""list_filter([CASE WHEN f1 THEN '{RULES[0]}' END, CASE WHEN f2 THEN '{RULES[1]}' END,
               CASE WHEN f3 THEN '{RULES[2]}' END, CASE WHEN f4 THEN '{RULES[3]}' END,
               CASE WHEN f5 THEN '{RULES[4]}' END], lambda x: x IS NOT NULL)"""


def _checks_sql(present: set[str], as_of: dt.date) -> str:
    """The candidates and each check's outcome (the CTEs both queries share, ending in ``failed``)."""
    day = f"DATE '{as_of.isoformat()}'"
    last_year = as_of.year - 1
    no = {name: "true" if name not in present else "false" for name in NEEDED}
    return f"""
WITH
valid_titles AS (   -- titles valid on the day, with the format's default track
  SELECT teacher_id, tier, level, coalesce(track, 'teacher') AS track, org_id FROM titles
  WHERE awarded_on <= {day} AND (valid_until IS NULL OR valid_until >= {day})),
tier_rank(tier, r) AS (VALUES ('new', 0), ('emerging', 1), ('backbone', 2), ('famous', 3), ('educator', 4)),
level_rank(level, r) AS (VALUES ('school', 0), ('county', 1), ('city', 2), ('province', 3), ('national', 4)),
held AS (           -- backbone or higher at county or higher, teacher track: holds the target
  SELECT DISTINCT v.teacher_id FROM valid_titles v
  JOIN tier_rank t USING (tier) JOIN level_rank l USING (level)
  WHERE t.r >= 2 AND l.r >= 1 AND v.track = 'teacher'),
beyond AS (         -- a higher tier on the teaching ladder, any level: past this step
  SELECT DISTINCT v.teacher_id FROM valid_titles v JOIN tier_rank t USING (tier)
  WHERE t.r > 2 AND v.track IN ('teacher', 'head_teacher')),
pool AS (
  SELECT t.id, t.school_id, t.entry_date FROM teachers t
  WHERE (t.entry_date IS NULL OR t.entry_date <= {day})
    AND CASE WHEN t.left_on IS NOT NULL THEN {day} < t.left_on
             ELSE coalesce(t.status, 'active') = 'active' END
    AND t.id NOT IN (SELECT teacher_id FROM held)
    AND t.id NOT IN (SELECT teacher_id FROM beyond)),
posted AS (         -- the school of a regular posting covering the day (the last such row)
  SELECT teacher_id, arg_max(school_id, rn) AS school_id FROM postings
  WHERE coalesce(kind, 'regular') = 'regular' AND start_date <= {day}
    AND (end_date IS NULL OR end_date >= {day}) AND school_id IS NOT NULL
  GROUP BY teacher_id),
cand AS (
  SELECT p.id, coalesce(s.school_id, p.school_id) AS school_id, p.entry_date
  FROM pool p LEFT JOIN posted s ON s.teacher_id = p.id),
emerging_done AS (  -- passed (or excellent in) an emerging programme by the day
  SELECT DISTINCT teacher_id FROM programmes
  WHERE tier = 'emerging' AND coalesce(result, 'in_progress') IN ('pass', 'excellent')
    AND completed_on IS NOT NULL AND completed_on <= {day}),
emerging_title AS (
  SELECT DISTINCT teacher_id FROM valid_titles WHERE tier = 'emerging' AND track = 'teacher'),
school_backbone AS (  -- backbone titles at school level: JM-LEVEL wants one of the teacher's own school
  SELECT teacher_id, org_id FROM valid_titles
  WHERE tier = 'backbone' AND level = 'school' AND track = 'teacher'),
own_level AS (
  SELECT c.id,
         bool_or(b.org_id = c.school_id) AS on_chain,
         bool_or(b.org_id IS NULL) AS unclear
  FROM cand c JOIN school_backbone b ON b.teacher_id = c.id GROUP BY c.id),
banned AS (         -- a failed backbone certification training in the five years to the day
  SELECT teacher_id, max(completed_on) AS last_fail FROM programmes
  WHERE tier = 'backbone' AND coalesce(type, 'cultivation') = 'certification' AND result = 'fail'
    AND completed_on IS NOT NULL AND completed_on > CAST({day} - INTERVAL 5 YEAR AS DATE)
    AND completed_on <= {day}
  GROUP BY teacher_id),
hours AS (          -- credited hours of the last complete calendar year
  SELECT teacher_id, sum(hours) AS h FROM training
  WHERE date BETWEEN DATE '{last_year}-01-01' AND DATE '{last_year}-12-31' AND coalesce(passed, true)
  GROUP BY teacher_id),
vetoed AS (
  SELECT teacher_id, max(year) AS last_year FROM reviews
  WHERE kind = 'ethics' AND result = 'fail' AND year BETWEEN {as_of.year - 2} AND {as_of.year}
  GROUP BY teacher_id),
checks AS (
  SELECT c.id, c.school_id,
    -- each check: passed, unknown (passed and unknown never both)
    (d.teacher_id IS NOT NULL OR e.teacher_id IS NOT NULL OR sb.id IS NOT NULL) AS route_ok,
    ({no['programmes']} OR {no['titles']}) AS route_unknown,
    coalesce(o.on_chain, false) AS level_ok,
    ({no['titles']} OR coalesce(o.unclear, false)) AS level_unknown,
    (x.teacher_id IS NULL AND NOT {no['programmes']}) AS ban_ok,
    (x.teacher_id IS NULL AND {no['programmes']}) AS ban_unknown,
    (c.entry_date IS NOT NULL AND c.entry_date > DATE '{last_year}-01-01'
      OR coalesce(h.h, 0) >= 90) AS hours_ok,
    ({no['training']} OR c.entry_date IS NULL) AS hours_unknown,
    (v.teacher_id IS NULL AND NOT {no['reviews']}) AS ethics_ok,
    (v.teacher_id IS NULL AND {no['reviews']}) AS ethics_unknown,
    -- what the reasons name
    d.teacher_id IS NOT NULL AS by_programme, e.teacher_id IS NOT NULL AS by_title, x.last_fail,
    coalesce(h.h, 0) AS hours, c.entry_date > DATE '{last_year}-01-01' AS not_due, v.last_year AS vetoed_year
  FROM cand c
  LEFT JOIN emerging_done d ON d.teacher_id = c.id
  LEFT JOIN emerging_title e ON e.teacher_id = c.id
  LEFT JOIN (SELECT DISTINCT teacher_id AS id FROM school_backbone) sb ON sb.id = c.id
  LEFT JOIN own_level o ON o.id = c.id
  LEFT JOIN banned x ON x.teacher_id = c.id
  LEFT JOIN hours h ON h.teacher_id = c.id
  LEFT JOIN vetoed v ON v.teacher_id = c.id),
failed AS (         -- known failures (not passed, not unknown) per rule
  SELECT *,
    NOT route_ok AND NOT route_unknown AS f1, NOT level_ok AND NOT level_unknown AS f2,
    NOT ban_ok AND NOT ban_unknown AS f3, NOT hours_ok AND NOT hours_unknown AS f4,
    NOT ethics_ok AND NOT ethics_unknown AS f5
  FROM checks)"""


def document_sql(present: set[str], as_of: dt.date = AS_OF) -> str:
    """Every candidate's verdict as the record ``talentgraph eligible --format json`` writes: the
    same fields, the check records with the same English reasons (worded here, in SQL, from the
    outcomes) and the rules' sources, in the same order (eligible, review, ineligible; then by id).
    A reason this peer does not word (data unknown: no generated region has such) reads
    ``not worded by the peer``, so a document with one is never equal to talentgraph's."""
    day, year, last = as_of.isoformat(), as_of.year, as_of.year - 1
    unworded = "'not worded by the peer'"
    route = {part: (f"{yes} by {day}" if part == "programme" else f"{yes} valid on {day}",
                    f"{no} by {day}" if part == "programme" else f"{no} valid on {day}")
             for part, yes, no in (
                 ("programme", "completed an emerging programme at any level with result pass/excellent",
                  "no emerging programme at any level completed with result pass/excellent"),
                 ("title", "holds an emerging title at any level (teacher track)",
                  "holds no emerging title at any level (teacher track)"),
                 ("school", "holds a backbone title at school level (teacher track)",
                  "holds no backbone title at school level (teacher track)"))}
    own = "backbone title from the teacher's own school (teacher track)"
    need = f"needs >= 90 h in {last}"
    clear = ("CASE WHEN month(last_fail) = 2 AND day(last_fail) = 29 "  # 29 February: 1 March
             "THEN make_date(year(last_fail) + 5, 3, 1) ELSE CAST(last_fail + INTERVAL 5 YEAR AS DATE) END")
    reasons = {
        RULES[0]: f"""CASE WHEN route_ok THEN 'route met: ' || CASE
                  WHEN by_programme THEN {_text(route['programme'][0])}
                  WHEN by_title THEN {_text(route['title'][0])} ELSE {_text(route['school'][0])} END
             WHEN route_unknown THEN {unworded}
             ELSE {_text('no route met: ' + '; '.join(no for _, no in route.values()))} END""",
        RULES[1]: f"""CASE WHEN level_ok THEN {_text(f'holds a {own} valid on {day}')}
             WHEN level_unknown THEN {unworded}
             ELSE {_text(f'holds no {own} valid on {day}')} END""",
        RULES[2]: f"""CASE WHEN ban_ok THEN
               {_text(f'no failed backbone certification training assessment in the 5 years to {day}')}
             WHEN ban_unknown THEN {unworded}
             ELSE 'failed a backbone certification training assessment on ' || strftime(last_fail, '%Y-%m-%d')
               || ': barred from applying for backbone certification training for 5 years, until '
               || strftime({clear}, '%Y-%m-%d') END""",
        RULES[3]: f"""CASE WHEN not_due THEN {_text(f'not in post for the whole of {last}: not due ({need})')}
             WHEN NOT hours_ok AND hours_unknown THEN {unworded}
             ELSE format('{{:g}} h in {last}, {need}', hours) END""",
        RULES[4]: f"""CASE WHEN ethics_ok THEN {_text(f'no failed ethics review in {year - 2}-{year}')}
             WHEN ethics_unknown THEN {unworded}
             ELSE 'failed the ethics review of ' || vetoed_year || ': vetoed until the end of '
               || (vetoed_year + 2) END""",
    }
    kinds = (("route", "any_of", "true"), ("level", "holds_title", "false"),  # (outcome, check kind, hard)
             ("ban", "no_failed_training", "true"), ("hours", "annual_hours", "true"),
             ("ethics", "ethics_clear", "true"))
    checks = ", ".join(
        f"{{'rule': '{rule}', 'check': '{check}', 'passed': {flag}_ok, 'hard': {hard}, "
        f"'unknown': NOT {flag}_ok AND {flag}_unknown, 'reason': {reasons[rule]}, 'effect': 'gate', "
        f"'rules': ['{rule}'], 'sources': {_text(json.dumps([_source(rule)], ensure_ascii=False))}::JSON}}"
        for rule, (flag, check, hard) in zip(RULES, kinds, strict=True))
    unknown_rules = ", ".join(f"CASE WHEN NOT {flag}_ok AND {flag}_unknown THEN '{rule}' END"
                              for rule, (flag, _, _) in zip(RULES, kinds, strict=True))
    return _checks_sql(present, as_of) + f"""
SELECT f.id AS teacher_id, t.name, f.school_id, '{TARGET}' AS target, '{day}' AS as_of, 'reference' AS policy,
  {_VERDICT} AS verdict, true AS candidate, {_FAILED_RULES} AS failed_rules,
  list_filter([{unknown_rules}], lambda x: x IS NOT NULL) AS unknown_rules,
  [{checks}] AS checks
FROM failed f JOIN teachers t ON t.id = f.id
ORDER BY CASE verdict WHEN 'eligible' THEN 0 WHEN 'review' THEN 1 ELSE 2 END, f.id
"""


def _text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _source(rule: str) -> dict[str, Any]:
    """A rule's source record: the seed's sentence and gloss (catalogue data, the same for both)."""
    from talentgraph.domain.rules import source_record

    return source_record(rule)


# --- talentgraph's side -------------------------------------------------------------------------


def ours_verdicts(store: Any) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """teacher id -> (school id, verdict, failed rules) of talentgraph's sweep."""
    from talentgraph.domain.target import Target
    from talentgraph.eligibility.engine import VERDICTS, sweep
    from talentgraph.policy.load import load_policy

    facts = store.facts
    s = sweep(facts, load_policy("reference"), Target.parse(TARGET), AS_OF)
    ids = facts.teacher_ids[s.rows].tolist()
    schools = facts.orgs.ids[s.schools].tolist()
    return {tid: (school, VERDICTS[int(v)].value, s.failed_rules(k))
            for k, (tid, school, v) in enumerate(zip(ids, schools, s.verdict, strict=True))}


def compare(bundle: Path) -> dict[str, Any]:
    """Both verdict sets, checked equal (every candidate, verdict, school, failed rule)."""
    import duckdb

    from talentgraph.bundle.load import load_bundle
    from talentgraph.store.embedded import EmbeddedStore

    ours = ours_verdicts(EmbeddedStore(load_bundle(bundle, today=AS_OF)))
    con = duckdb.connect()
    present = duck_load(con, bundle)
    theirs = {tid: (school, verdict, tuple(rules))
              for tid, school, verdict, rules in con.execute(verdict_sql(present)).fetchall()}
    missing, extra = sorted(set(theirs) - set(ours)), sorted(set(ours) - set(theirs))
    differ = sorted(t for t in set(ours) & set(theirs) if ours[t] != theirs[t])
    tally: dict[str, int] = {}
    for _, verdict, _ in ours.values():
        tally[verdict] = tally.get(verdict, 0) + 1
    return {"candidates": len(ours), "verdicts": tally, "only_duckdb": missing[:20],
            "only_talentgraph": extra[:20], "different": [(t, ours[t], theirs[t]) for t in differ[:20]],
            "equal": not (missing or extra or differ)}


# --- the steps, each in its own process ---------------------------------------------------------


def step(name: str, bundle: Path, work: Path) -> dict[str, Any]:
    """One measured step; returns its seconds and this process's peak memory."""
    snapshot, database = work / "region.snapshot", work / "region.duckdb"
    out: dict[str, Any] = {}
    if name == "compare":
        return compare(bundle)
    if name.startswith("generate="):
        from talentgraph.bundle.write import write_bundle
        from talentgraph.synth import generate_region

        write_bundle(generate_region(int(name.split("=")[1]), seed=2026, as_of=AS_OF), bundle)
        return {}
    if name == "ours_load_file":
        from talentgraph.bootstrap import load_into

        _, out["s"] = timed(load_into, bundle, str(snapshot), today=AS_OF)
    elif name == "ours_load_memory":
        from talentgraph.bundle.load import load_bundle
        from talentgraph.store.embedded import EmbeddedStore

        _, out["s"] = timed(lambda: EmbeddedStore(load_bundle(bundle, today=AS_OF)))
    elif name in ("ours_reopen_sweep", "ours_sweep"):
        from talentgraph.domain.target import Target
        from talentgraph.eligibility.engine import sweep
        from talentgraph.policy.load import load_policy
        from talentgraph.store.embedded import EmbeddedStore

        policy, target = load_policy("reference"), Target.parse(TARGET)

        def reopen_sweep() -> Any:
            store = EmbeddedStore.open(snapshot)
            return store, sweep(store.facts, policy, target, AS_OF)

        (store, _), out["s"] = timed(reopen_sweep)
        if name == "ours_sweep":
            out["s"] = best_of(3, sweep, store.facts, policy, target, AS_OF)
    elif name == "ours_explain":  # explanations in a process with the snapshot open (goal: p50 < 0.5 ms)
        import random

        from talentgraph.domain.target import Target
        from talentgraph.eligibility.engine import explain
        from talentgraph.policy.load import load_policy
        from talentgraph.store.embedded import EmbeddedStore

        facts, policy = EmbeddedStore.open(snapshot).facts, load_policy("reference")
        targets, rng = policy.covers(), random.Random(7)
        rows = rng.sample(range(facts.n), EXPLANATIONS)
        explain(facts, policy, Target.parse(TARGET), AS_OF, facts.teacher_id(rows[0]))  # not timed: warm-up
        wall, cpu = [], []  # CPU time too: on a shared machine a wall time waits for a core
        for i, r in enumerate(rows):
            start = time.thread_time()
            target = targets[i % len(targets)]
            wall.append(timed(explain, facts, policy, target, AS_OF, facts.teacher_id(r))[1])
            cpu.append(time.thread_time() - start)
        out |= latency_ms(wall) | {f"cpu_{k}": v for k, v in latency_ms(cpu).items() if k != "samples"}
    elif name == "duck_load_file":
        import duckdb

        database.unlink(missing_ok=True)
        _, out["s"] = timed(lambda: duck_load(duckdb.connect(str(database)), bundle))
    elif name == "duck_load_memory":
        import duckdb

        _, out["s"] = timed(lambda: duck_load(duckdb.connect(), bundle))
    elif name in ("duck_reopen_sweep", "duck_sweep"):
        import duckdb

        present = {n for n in TYPES if (bundle / f"{n}.csv").is_file()}

        def reopen_query() -> Any:
            con = duckdb.connect(str(database), read_only=True)
            return con, con.execute(verdict_sql(present)).fetchall()

        (con, _), out["s"] = timed(reopen_query)
        if name == "duck_sweep":
            out["s"] = best_of(3, lambda: con.execute(verdict_sql(present)).fetchall())
    elif name == "duck_json":
        import duckdb

        present = {n for n in TYPES if (bundle / f"{n}.csv").is_file()}
        con = duckdb.connect(str(database), read_only=True)
        document = work / "duck-verdicts.json"
        copy = f"COPY ({document_sql(present)}) TO '{document}' (FORMAT JSON, ARRAY true)"
        _, out["s"] = timed(con.execute, copy)
        out["bytes"] = document.stat().st_size
    else:
        raise SystemExit(f"unknown step {name}")
    out["peak_rss_gb"] = peak_rss_gb()
    out["process_cpu_s"] = cpu_s()  # the whole process's, imports included: wall time on a shared machine
    return out


def in_process(name: str, bundle: Path, work: Path, python: str = sys.executable) -> dict[str, Any]:
    """``step(name)`` in a fresh interpreter (``python``) started from this small one: Linux keeps a
    process's peak memory across exec, so a child of a big parent would report the parent's."""
    cmd = [python, __file__, "--step", name, "--bundle", str(bundle), "--work", str(work)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{name} failed:\n{proc.stderr}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "python": python}


def whole_process(args: list[str], output: Path | None = None,
                  python: str = sys.executable) -> dict[str, Any]:
    """Wall time and peak memory of a talentgraph command, interpreter start included, run by the
    ``talentgraph`` script beside ``python`` (this interpreter's, or a core install's)."""
    exe = Path(python).with_name("talentgraph")
    cmd = ["/usr/bin/time", "-f", "%M %U %S", str(exe), *args]
    sink = output.open("wb") if output else subprocess.DEVNULL
    try:
        proc: subprocess.CompletedProcess[bytes]
        proc, seconds = timed(subprocess.run, cmd, stdout=sink, stderr=subprocess.PIPE, text=False)
    finally:
        if output:
            sink.close()  # type: ignore[union-attr]
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr.decode()}")
    peak_kib, user, system = proc.stderr.decode().strip().splitlines()[-1].split()
    out = {"s": seconds, "peak_rss_gb": int(peak_kib) / 1024 / 1024,
           "process_cpu_s": float(user) + float(system), "python": python}
    if output:
        out["bytes"] = output.stat().st_size
    return out


def core_venv(home: Path) -> str:
    """A throwaway venv with this checkout installed as a planner would (``pip install .``: no
    extras), built under ``home``; returns its interpreter."""
    checkout = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    python = str(home / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", str(checkout)], check=True)
    return python


def interpreter(python: str) -> dict[str, Any]:
    """What ``python`` is: its path, version, whether pandas (which pyarrow imports at its first
    conversion when installed) and duckdb are importable there, and whether talentgraph's modules
    have compiled bytecode (without it, with PYTHONDONTWRITEBYTECODE set, every start compiles
    them: 0.3-0.5 s of CPU)."""
    probe = ("import importlib.util as u, json, os, platform; t = u.find_spec('talentgraph').origin; "
             "print(json.dumps({'version': platform.python_version(), "
             "'pandas': u.find_spec('pandas') is not None, 'duckdb': u.find_spec('duckdb') is not None, "
             "'talentgraph': t, 'bytecode': os.path.exists(u.cache_from_source(t))}))")
    proc = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True)
    return {"python": python, **json.loads(proc.stdout)}


def same_documents(ours: Path, theirs: Path) -> dict[str, Any]:
    """Both JSON files parsed and compared record by record (order included): the same document,
    whatever the whitespace (talentgraph indents, DuckDB writes a record a line)."""
    def records(path: Path) -> list[str]:
        with path.open(encoding="utf-8") as handle:
            return [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in json.load(handle)]

    a, b = records(ours), records(theirs)
    differ = [k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    first = [json.loads(a[differ[0]]), json.loads(b[differ[0]])] if differ else None
    return {"records": [len(a), len(b)], "different": len(differ), "first_different": first,
            "equal": len(a) == len(b) and not differ}


def run(bundle: Path, work: Path, json_too: bool = True, check_json: bool = True,
        core_python: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"load_average_at_start": load_average(), "machine": machine(),
                              "as_of": str(AS_OF), "target": TARGET,
                              "interpreters": {"dev": interpreter(sys.executable)}}
    if core_python:
        result["interpreters"]["core"] = interpreter(core_python)
    ours_python = core_python or sys.executable  # talentgraph's steps: a core install's when given
    print("checking the verdicts equal ...", file=sys.stderr)
    result["check"] = check = in_process("compare", bundle, work)
    if not check["equal"]:
        print(json.dumps(check, indent=2, default=str), file=sys.stderr)
        raise SystemExit("talentgraph and DuckDB disagree: nothing timed")
    for name in ("duck_load_file", "ours_load_file", "duck_load_memory", "ours_load_memory",
                 "duck_reopen_sweep", "ours_reopen_sweep", "duck_sweep", "ours_sweep",
                 *(["duck_json"] if json_too else [])):
        print(f"{name} ...", file=sys.stderr)
        python = ours_python if name.startswith("ours") else sys.executable
        result[name] = in_process(name, bundle, work, python)
    if not check_json:  # a million verdicts are gigabytes of JSON: not kept beside the next one
        (work / "duck-verdicts.json").unlink(missing_ok=True)
    print("ours_explain ...", file=sys.stderr)
    result["ours_explain"] = in_process("ours_explain", bundle, work, ours_python)
    snapshot = work / "region.snapshot"
    some_id = next(iter(sorted(check_ids(bundle))))
    explain_args = ["explain", some_id, "--target", TARGET, "--store", str(snapshot), "--as-of", str(AS_OF)]
    result["ours_explain_process"] = whole_process(explain_args)  # this (dev) interpreter's
    if core_python:
        print("ours_explain_process_core ...", file=sys.stderr)
        result["ours_explain_process_core"] = whole_process(explain_args, python=core_python)
    if json_too:
        result["ours_json"] = whole_process(
            ["eligible", "--target", TARGET, "--store", str(snapshot), "--as-of", str(AS_OF), "--format",
             "json"], work / "ours-verdicts.json", ours_python)
        if check_json:
            print("checking the two JSON documents equal ...", file=sys.stderr)
            same = same_documents(work / "ours-verdicts.json", work / "duck-verdicts.json")
            result["json_check"] = same
            if not same["equal"]:
                print(json.dumps(same, indent=2, ensure_ascii=False), file=sys.stderr)
                raise SystemExit("talentgraph's and DuckDB's JSON differ: the JSON ratio means nothing")
    result["load_average_at_end"] = load_average()
    return result


def check_ids(bundle: Path) -> list[str]:
    """A few teacher ids of the bundle (the first rows of teachers.csv)."""
    with (bundle / "teachers.csv").open(encoding="utf-8") as handle:
        next(handle)
        return [next(handle).split(",", 1)[0] for _ in range(3)]


PAIRS = (
    ("CSV -> stored file", "ours_load_file", "duck_load_file"),
    ("CSV -> memory (read, validate, index)", "ours_load_memory", "duck_load_memory"),
    ("reopen + first sweep", "ours_reopen_sweep", "duck_reopen_sweep"),
    ("sweep once loaded (best of 3)", "ours_sweep", "duck_sweep"),
    ("all verdicts as JSON (whole process for talentgraph)", "ours_json", "duck_json"),
)


def table(r: dict[str, Any]) -> str:
    install = "core install" if "core" in r.get("interpreters", {}) else "this venv"
    lines = [f"| {r['teachers']:,} teachers, {TARGET} ({r['check']['candidates']:,} candidates) "
             f"| talentgraph ({install}) | DuckDB | ratio |", "|---|---|---|---|"]
    for label, ours, theirs in PAIRS:
        if ours not in r:
            continue
        a, b = r[ours], r[theirs]
        lines.append(f"| {label} | {a['s']:.3f} s, {a['peak_rss_gb']:.2f} GB | {b['s']:.3f} s, "
                     f"{b['peak_rss_gb']:.2f} GB | {a['s'] / b['s']:.2f} |")
    if "ours_explain" in r:
        x = r["ours_explain"]
        lines.append(f"| explain one teacher, in a process with the snapshot open: p50 / p99 | "
                     f"{x['p50_ms']:.2f} / {x['p99_ms']:.2f} ms (CPU {x['cpu_p50_ms']:.2f} / "
                     f"{x['cpu_p99_ms']:.2f} ms) | — | — |")
    for key, where in (("ours_explain_process_core", "core"), ("ours_explain_process", "dev")):
        if key not in r:
            continue
        e, python = r[key], r.get("interpreters", {}).get(where, {})
        label = ("core install, no extras" if where == "core" else "this venv") + (
            ", pandas installed" if python.get("pandas") else "")
        lines.append(f"| whole-process `talentgraph explain ID --store S` ({label}) | {e['s']:.2f} s "
                     f"({e['process_cpu_s']:.2f} s CPU), {e['peak_rss_gb']:.2f} GB | — | — |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50_000)
    parser.add_argument("--bundle", type=Path, help="A CSV bundle to use instead of generating one.")
    parser.add_argument("--no-json", action="store_true", help="skip the JSON of every verdict (both sides)")
    core = parser.add_mutually_exclusive_group()
    core.add_argument("--core-python", help="run talentgraph's steps with this interpreter (one with "
                      "talentgraph installed without extras); the explain also with this one, beside")
    core.add_argument("--core-venv", action="store_true", help="the same from a throwaway venv with this "
                      "checkout installed without extras (pip install .)")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.bundle, args.work)))
        return
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        work = Path(tmp)
        bundle = args.bundle
        if bundle is None:
            print(f"generating {args.teachers:,} teachers ...", file=sys.stderr)
            bundle = work / "region"
            in_process(f"generate={args.teachers}", bundle, work)
        teachers = sum(1 for _ in (bundle / "teachers.csv").open(encoding="utf-8")) - 1
        core_python = args.core_python
        if args.core_venv:
            print("building a core-install venv ...", file=sys.stderr)
            core_python = core_venv(work / "core-venv")
        # Parsing both documents takes ~40x their size in memory: checked at city scale, where
        # the same code writes them, not at a million teachers (3.7 GB of JSON).
        result = {"teachers": teachers,
                  **run(bundle, work, not args.no_json, teachers <= 100_000, core_python)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"duckdb-{teachers}.json").write_text(json.dumps(result, indent=2, default=str))
    print(table(result))


if __name__ == "__main__":
    main()
