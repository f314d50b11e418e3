"""Neo4j's own Cypher analyser (npm ``@neo4j-cypher/language-support``, ``lintCypherQuery``), run
from Python on the store's statements, with a database schema built from the graph schema.

``install()`` puts the package (pinned by package.json and package-lock.json beside this file)
into a cache folder with ``npm ci``, once per version; nothing is installed into the repository.
``lint()`` runs ``lint.mjs`` once over many queries and returns each one's diagnostics.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talentgraph.domain.graph_schema import SHAPES, Label, Rel
from talentgraph.domain.tables import SPECS
from talentgraph.eligibility.engine import rules_for
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.store.neo4j_store import CALLS, LOAD_PLANS, ORDINAL
from talentgraph.store.neo4j_store.sweep_statement import duty_count_statement, verdict_count_statement
from talentgraph.store.neo4j_store.sweeps import statement_for
from tests.integration.neo4j_launcher import cache_root

HERE = Path(__file__).resolve().parent
FILES = ("package.json", "package-lock.json", "lint.mjs")
VERSIONS = ("CYPHER 5", "CYPHER 25")
INSTALL_TIMEOUT_S = 900.0

# Properties the store writes besides the bundle's columns, per label (neo4j_store, cypher/).
STORE_PROPERTIES = {
    Label.TIER: ("id", "rank"),
    Label.LEVEL: ("id", "rank"),
    Label.META: ("id", "present", "extras", "schema_version", "layout_version"),
    Label.PROGRAMME: ("id", "tier", "level", "org_id"),
    Label.TITLE: ("id", "tier", "level", "org_id"),
}

# A value of the type each call site passes, per parameter name: the analyser infers types from
# them (``row`` in ``UNWIND $rows AS row`` is a map, not a node). JSON has no dates: ``as_of``
# goes as its ISO text.
AS_OF = dt.date(2026, 9, 1)
SAMPLE_PARAMETERS: dict[str, Any] = {
    "rows": [{"id": "T1", "key": "T1:0:0", "props": {}}],
    "present": ["orgs"], "extras": ["teachers.note"], "keys": ["T1:0:0"],
    "org_ids": ["C01"], "ids": ["T1"], "studio_ids": ["S1"],
    "teacher_id": "T1", "studio_id": "S1", "owner_id": "T1", "id": "T1", "from_id": "T1", "to_id": "T2",
    "as_of": "2026-09-01", "batch_size": 10_000,
    # the schema version (the Meta node) and the steps of a migration
    "schema_version": 2, "layout_version": 2, "version": 2, "columns": ["teachers.left_on"],
    "legacy": ["professional"],
    "type": "cultivation",
    # nomination rounds (schema version 3)
    "source": "import", "round_ids": ["R0001"],
    # the pipeline's counts (pipeline_counts.py)
    "root_id": "C01", "active": "active", "teacher_track": "teacher", "tier": "backbone", "level": "county",
    "track": "teacher", "ladder": ["teacher", "head_teacher"], "admitted": [], "tracks": ["teacher"],
    "stages": ["primary"], "programmes": False,
}


def available() -> bool:
    return shutil.which("node") is not None and shutil.which("npm") is not None


def install() -> Path:
    """The folder holding lint.mjs and its node_modules, installed unless cached."""
    digest = hashlib.sha256(b"".join((HERE / name).read_bytes() for name in FILES)).hexdigest()[:16]
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    done = root / f"cypher-lint-{digest}"
    with (root / "cypher-lint.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (done / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
            return done
        work = Path(tempfile.mkdtemp(prefix=done.name + ".", dir=root))
        try:
            for name in FILES:
                shutil.copy(HERE / name, work / name)
            command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
            ran = subprocess.run(command, cwd=work, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                 timeout=INSTALL_TIMEOUT_S, check=False)
            if ran.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} failed:\n{ran.stdout}\n{ran.stderr}")
            shutil.rmtree(done, ignore_errors=True)
            work.rename(done)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return done


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error", "warning", ...
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column} {self.severity}: {self.message}"


Report = dict[str, dict[str, list[Diagnostic]]]  # statement -> Cypher version -> diagnostics


def lint(folder: Path, queries: Mapping[str, str], schema: Mapping[str, Any],
         versions: Iterable[str] = VERSIONS) -> Report:
    payload = json.dumps({"schema": schema, "versions": list(versions), "queries": dict(queries)})
    ran = subprocess.run(["node", str(folder / "lint.mjs")], input=payload, capture_output=True, text=True,
                         timeout=600, check=False)
    if ran.returncode != 0:
        raise RuntimeError(f"lint.mjs failed:\n{ran.stderr}")
    found = json.loads(ran.stdout)
    return {name: {version: [Diagnostic(**d) for d in diagnostics] for version, diagnostics in by.items()}
            for name, by in found.items()}


def generated() -> dict[str, tuple[str, dict[str, Any]]]:
    """The sweep statements generated for every target of every shipped policy, for the whole
    region and for one org, as a sweep runs them and with evidence, with their parameters
    (``store/neo4j_store/sweep_statement.py``); and the pipeline's generated counts (verdicts
    per target, each obligation's owed and met)."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for policy_name in builtin_policy_names():
        policy = load_policy(policy_name)
        for target in policy.covers():
            for org in (None, "C01"):
                # the statement a sweep runs (compact rows), and the one ``cypher --evidence`` prints
                for evidence in (False, True):
                    made = statement_for(policy, target, AS_OF, org, evidence=evidence)
                    out[f"sweep:{policy_name}:{target}{':evidence' * evidence}:{org or 'all'}"] = (
                        made.text, made.parameters)
                # the pipeline's verdict counts: the sweep's statement with an aggregating tail
                made = verdict_count_statement(rules_for(policy, target), target, AS_OF, org,
                                               policy=policy_name)
                out[f"count:{policy_name}:{target}:{org or 'all'}"] = (made.text, made.parameters)
        for duty in policy.obligations:  # the pipeline's obligations, in the sweep's check forms
            for org in (None, "C01"):
                made = duty_count_statement(duty, AS_OF, org, hours_per_day=policy.hours_per_day,
                                            policy=policy_name)
                out[f"duty:{policy_name}:{duty.rule}:{duty.duty[:30]}:{org or 'all'}"] = (
                    made.text, made.parameters)
    return out


def db_schema(functions: Mapping[str, Any] | None = None,
              procedures: Mapping[str, Any] | None = None,
              parameters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the analyser checks names against: the labels, relationship types and which labels
    each type joins (``graph_schema``), every property the store writes (the bundle's columns,
    by the load plans, plus its own), the parameters the call sites pass (``CALLS``), and, when
    given, the server's functions and procedures per Cypher version."""
    schema: dict[str, Any] = {
        "labels": [label.value for label in Label],
        "relationshipTypes": [rel.value for rel in Rel],
        "graphSchema": [{"from": s.start.value, "to": s.end.value, "relType": s.rel.value} for s in SHAPES],
        "propertyKeys": sorted(property_keys()),
        "parameters": {name: SAMPLE_PARAMETERS[name] for params in CALLS.values() for name in params}
        | dict(parameters or {}),
    }
    if functions is not None:
        schema["functions"] = functions
    if procedures is not None:
        schema["procedures"] = procedures
    return schema


def property_keys() -> set[str]:
    keys = {ORDINAL, "key"}
    for name, plan in LOAD_PLANS.items():
        keys.update(c for c in SPECS[name].column_names if plan.node or c not in plan.ends)
    for props in STORE_PROPERTIES.values():
        keys.update(props)
    return keys
