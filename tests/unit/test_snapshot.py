"""Snapshots: lossless, atomic, and a crash while saving leaves the previous one intact."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from talentgraph.errors import StoreUnavailable
from talentgraph.i18n import CHINESE, ENGLISH, Words
from talentgraph.store import snapshot
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.synth import generate_region


def test_snapshot_round_trip_is_lossless(tmp_path: Path) -> None:
    roster = generate_region(400, seed=3)
    path = tmp_path / "city.snapshot"
    EmbeddedStore(roster).save(path)
    reopened = EmbeddedStore.open(path)
    assert reopened.roster().equals(roster)
    assert reopened.roster().present == roster.present


def test_crash_while_saving_leaves_previous_snapshot_intact(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "city.snapshot"
    old = generate_region(200, seed=1)
    snapshot.save_snapshot(old, path)
    before = path.read_bytes()
    calls = {"n": 0}
    real = snapshot._write_table

    def dies_on_third_table(zf, name, table):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("power cut")  # not an Exception: the harshest interruption
        return real(zf, name, table)

    monkeypatch.setattr(snapshot, "_write_table", dies_on_third_table)
    with pytest.raises(KeyboardInterrupt):
        snapshot.save_snapshot(generate_region(300, seed=2), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["city.snapshot"]  # no temp file left
    assert snapshot.load_snapshot(path).equals(old)


def test_not_a_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "x.snapshot"
    bogus.write_text("hello")
    with pytest.raises(StoreUnavailable, match="not a readable talentgraph snapshot"):
        snapshot.load_snapshot(bogus)
    with pytest.raises(StoreUnavailable, match="no snapshot at"):
        snapshot.load_snapshot(tmp_path / "missing.snapshot")


def test_a_snapshot_refused_is_said_in_chinese_and_english(tmp_path: Path) -> None:
    """What a planner sees when a snapshot cannot be opened: a message, worded in their language."""
    bogus, missing, future = tmp_path / "x.snapshot", tmp_path / "missing.snapshot", tmp_path / "f.snapshot"
    bogus.write_text("hello")
    with zipfile.ZipFile(future, "w") as zf:
        zf.writestr("manifest.json", '{"format": "talentgraph-snapshot", "version": 99}')
    said = {}
    for path in (bogus, missing, future):
        with pytest.raises(StoreUnavailable) as refused:
            snapshot.load_snapshot(path)
        said[path] = (Words.of(CHINESE).error(refused.value), Words.of(ENGLISH).error(refused.value))
    assert said[bogus][0].startswith(f"{bogus} 不是可读的 talentgraph 快照：")
    assert said[bogus][1].startswith(f"{bogus} is not a readable talentgraph snapshot: ")
    assert said[missing] == (f"{missing} 处没有快照", f"no snapshot at {missing}")
    assert said[future][0].startswith(f"快照 {future} 的数据是第 99 版格式，由更新的 talentgraph 写入")
    assert said[future][1].startswith(f"snapshot {future} holds schema version 99, written by a newer")


def test_snapshot_of_another_format_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.snapshot"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", '{"format": "talentgraph-snapshot", "version": 99}')
    with pytest.raises(StoreUnavailable, match="schema version 99, written by a newer talentgraph"):
        snapshot.load_snapshot(path)


def test_snapshot_keeps_the_usual_file_mode_and_clears_abandoned_temps(tmp_path: Path) -> None:
    path = tmp_path / "city.snapshot"
    abandoned = tmp_path / ".city.snapshot.killed.tmp"
    abandoned.write_bytes(b"half a snapshot")
    two_hours_ago = time.time() - 7200
    os.utime(abandoned, (two_hours_ago, two_hours_ago))
    umask = os.umask(0o022)
    try:
        snapshot.save_snapshot(generate_region(50, seed=1), path)
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
    assert not abandoned.exists()
