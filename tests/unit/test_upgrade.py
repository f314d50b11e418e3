"""Data written by an earlier talentgraph opens: the snapshot and the bundle of tests/fixtures/v1,
written by main at schema version 1, read at every later version (docs/upgrading.md)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow as pa
import pytest

from talentgraph.bootstrap import services_for
from talentgraph.bundle.load import load_bundle
from talentgraph.domain.tables import SCHEMA_CHANGES, SCHEMA_VERSION, SPECS
from talentgraph.errors import StoreUnavailable
from talentgraph.i18n import CHINESE, Words
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.roster import arrow_schema
from talentgraph.roster import upgrade as roster_upgrade
from talentgraph.roster.upgrade import UpgradeError, upgrade
from talentgraph.services import Scope
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.neo4j_store import migrations as neo4j_migrations
from talentgraph.store.snapshot import load_snapshot, migrate_snapshot, snapshot_version

V1 = Path(__file__).parents[1] / "fixtures" / "v1"
WRITTEN = dt.date(2026, 9, 1)  # the fixtures' "today"


@pytest.fixture
def v1_snapshot(tmp_path: Path) -> Path:
    copy = tmp_path / "region.snapshot"
    shutil.copy2(V1 / "region.snapshot", copy)
    return copy


def test_the_fixture_was_written_at_version_1() -> None:
    assert snapshot_version(V1 / "region.snapshot") == 1
    with zipfile.ZipFile(V1 / "region.snapshot") as zf:
        assert "content" not in pa.ipc.open_file(pa.BufferReader(zf.read("training.arrow"))).schema.names


def test_a_version_1_snapshot_opens_as_its_bundle_reads(v1_snapshot: Path) -> None:
    roster = load_snapshot(v1_snapshot)
    bundle = load_bundle(V1 / "bundle", today=WRITTEN)
    assert roster.equals(bundle) and roster.present == bundle.present
    for name in SPECS:
        assert roster[name].schema.equals(arrow_schema(SPECS[name])), name
    (notice,) = roster.notices
    assert notice.reason == (f"schema version 1, read as version {SCHEMA_VERSION}; talentgraph migrate "
                             f"--store {v1_snapshot} rewrites the file")
    training = roster["training"].to_pylist()
    assert {r["content"] for r in training if r["kind"] is None} == {"public_need", "professional", "ethics"}
    assert {r["type"] for r in roster["programmes"].to_pylist()} == {"cultivation"}


def test_a_version_1_snapshot_answers_as_its_bundle(v1_snapshot: Path) -> None:
    from_snapshot = EmbeddedStore.open(v1_snapshot)
    from_bundle = EmbeddedStore(load_bundle(V1 / "bundle", today=WRITTEN))
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers():
            one, other = (services_for(store, policy=policy).questions.eligibility(
                Scope.everything(), target, WRITTEN).window() for store in (from_snapshot, from_bundle))
            assert one == other, (name, target)
    assert snapshot_version(v1_snapshot) == 1  # opening it left the file alone


def test_migrate_rewrites_a_version_1_snapshot_and_keeps_the_old_file(v1_snapshot: Path) -> None:
    before = load_snapshot(v1_snapshot)
    assert migrate_snapshot(v1_snapshot) == (1, SCHEMA_VERSION)
    assert snapshot_version(v1_snapshot) == SCHEMA_VERSION
    after = load_snapshot(v1_snapshot)
    assert after.equals(before) and after.notices == ()
    kept = v1_snapshot.with_name("region.snapshot.v1")
    assert kept.read_bytes() == (V1 / "region.snapshot").read_bytes()
    assert migrate_snapshot(v1_snapshot) == (SCHEMA_VERSION, SCHEMA_VERSION)  # nothing left to do


def test_the_migrate_command(v1_snapshot: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "talentgraph", "migrate", "--store", str(v1_snapshot)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"migrated {v1_snapshot} from schema version 1 to {SCHEMA_VERSION}" in proc.stdout
    assert snapshot_version(v1_snapshot) == SCHEMA_VERSION


def with_version(source: Path, target: Path, version: int) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "manifest.json":
                data = json.dumps(json.loads(data) | {"version": version}).encode()
            new.writestr(name, data)
    return target


def test_a_snapshot_of_a_later_version_is_refused_on_one_line_in_both_languages(tmp_path: Path) -> None:
    later = with_version(V1 / "region.snapshot", tmp_path / "later.snapshot", SCHEMA_VERSION + 1)
    for attempt in (load_snapshot, migrate_snapshot):
        with pytest.raises(StoreUnavailable) as refused:
            attempt(later)
        message = str(refused.value)  # English; a Chinese reader gets it from the catalogue
        assert "\n" not in message and "upgrade talentgraph" in message
        assert f"schema version {SCHEMA_VERSION + 1}" in message
        chinese = Words.of(CHINESE).error(refused.value)
        assert "\n" not in chinese and "请升级 talentgraph" in chinese
        assert chinese.startswith(f"快照 {later}") and f"第 {SCHEMA_VERSION + 1} 版" in chinese


def v1_tables() -> dict[str, pa.Table]:
    with zipfile.ZipFile(V1 / "region.snapshot") as zf:
        return {name: pa.ipc.open_file(pa.BufferReader(zf.read(f"{name}.arrow"))).read_all()
                for name in SPECS if f"{name}.arrow" in zf.namelist()}


def test_an_extra_column_of_version_1_that_is_now_a_column_is_typed() -> None:
    tables = v1_tables()
    programmes = tables["programmes"]
    types = ["improvement" if i % 2 else None for i in range(programmes.num_rows)]
    tables["programmes"] = programmes.append_column("type", pa.array(types, pa.string()))
    upgraded = upgrade(tables, 1)["programmes"]
    assert upgraded.schema.equals(arrow_schema(SPECS["programmes"]))
    assert upgraded["type"].to_pylist()[:2] == ["cultivation", "improvement"]
    tables["programmes"] = programmes.append_column("type", pa.array(["培养"] * programmes.num_rows))
    with pytest.raises(UpgradeError, match="not a type"):
        upgrade(tables, 1)


def test_unknown_versions_are_refused() -> None:
    with pytest.raises(UpgradeError, match="schema version 0"):
        upgrade(v1_tables(), 0)


def test_every_version_has_its_upgrade_steps_and_its_story() -> None:
    assert len(roster_upgrade.STEPS) == len(neo4j_migrations.STEPS) == SCHEMA_VERSION - 1
    assert sorted(SCHEMA_CHANGES) == list(range(1, SCHEMA_VERSION + 1))
    upgrading = (Path(__file__).parents[2] / "docs" / "upgrading.md").read_text(encoding="utf-8")
    for version in SCHEMA_CHANGES:
        assert f"## Version {version}" in upgrading
