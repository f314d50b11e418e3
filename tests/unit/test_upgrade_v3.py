"""Data written at schema version 2 opens at version 3: titles gain their source (import) and
the round tables read as empty, from the bundle and the snapshot of tests/fixtures/v2 (written
by main before version 3)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

from talentgraph.bundle.load import load_bundle
from talentgraph.domain.tables import ROUND_TABLES, SCHEMA_VERSION, SPECS
from talentgraph.roster import arrow_schema
from talentgraph.store.snapshot import load_snapshot, migrate_snapshot, snapshot_version

V2 = Path(__file__).parents[1] / "fixtures" / "v2"
V1 = Path(__file__).parents[1] / "fixtures" / "v1"
WRITTEN = dt.date(2026, 9, 1)


def test_the_fixture_was_written_at_version_2() -> None:
    assert SCHEMA_VERSION == 3
    assert snapshot_version(V2 / "region.snapshot") == 2
    with zipfile.ZipFile(V2 / "region.snapshot") as zf:
        assert "rounds.arrow" not in zf.namelist()
    assert "source" not in (V2 / "bundle" / "titles.csv").read_text(encoding="utf-8").splitlines()[0]


def test_a_version_2_snapshot_opens_as_its_bundle_reads_with_imported_titles() -> None:
    roster = load_snapshot(V2 / "region.snapshot")
    bundle = load_bundle(V2 / "bundle", today=WRITTEN)
    assert roster.equals(bundle) and roster.present == bundle.present
    for name in SPECS:
        assert roster[name].schema.equals(arrow_schema(SPECS[name])), name
    titles = roster["titles"].to_pylist()
    assert titles and {t["source"] for t in titles} == {"import"}
    assert {t["nomination_id"] for t in titles} == {None}
    assert all(roster.count(name) == 0 for name in ROUND_TABLES)
    (notice,) = roster.notices
    assert notice.reason.startswith("schema version 2, read as version 3")


def test_version_1_and_2_snapshots_migrate_to_version_3(tmp_path: Path) -> None:
    for folder, version in ((V1, 1), (V2, 2)):
        copy = tmp_path / f"v{version}.snapshot"
        shutil.copy2(folder / "region.snapshot", copy)
        before = load_snapshot(copy)
        assert migrate_snapshot(copy) == (version, 3)
        assert (tmp_path / f"v{version}.snapshot.v{version}").read_bytes() == (
            folder / "region.snapshot").read_bytes()
        after = load_snapshot(copy)
        assert after.equals(before) and not after.notices
        with zipfile.ZipFile(copy) as zf:
            assert json.loads(zf.read("manifest.json"))["version"] == 3
            assert {f"{name}.arrow" for name in ROUND_TABLES} <= set(zf.namelist())
        assert {t["source"] for t in after["titles"].to_pylist()} == {"import"}
