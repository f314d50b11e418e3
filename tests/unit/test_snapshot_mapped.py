"""Snapshots of layout 2: the fact index is stored and read back in place (memory-mapped), equal to
the index built from the tables; snapshots of layout 1 (tests/fixtures/v2, written before the index
was stored) and of schema version 1 (tests/fixtures/v1) still open and answer as their bundles."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from talentgraph.bootstrap import services_for
from talentgraph.bundle.load import load_bundle
from talentgraph.domain.tables import FILE_ORDER
from talentgraph.eligibility.facts import Facts
from talentgraph.errors import StoreUnavailable
from talentgraph.policy.load import builtin_policy_names, load_policy
from talentgraph.roster import Roster
from talentgraph.services import Scope
from talentgraph.store import fact_index, snapshot
from talentgraph.store.embedded import EmbeddedStore
from talentgraph.store.roster_facts import facts_from_roster
from talentgraph.synth import generate_region

FIXTURES = Path(__file__).parents[1] / "fixtures"
WRITTEN = dt.date(2026, 9, 1)


def assert_same_facts(one: Facts, other: Facts) -> None:
    a, b = fact_index.flatten(one), fact_index.flatten(other)
    assert a.keys() == b.keys()
    for key in a:
        assert a[key].dtype == b[key].dtype and a[key].shape == b[key].shape, key
        assert np.array_equal(a[key], b[key]), key
    assert one.ids.equals(other.ids) and one.name_column.equals(other.name_column)
    assert one.present == other.present


def test_the_stored_index_is_read_in_place_and_equals_the_built_one(tmp_path: Path) -> None:
    roster = generate_region(300, seed=5)
    path = tmp_path / "city.snapshot"
    snapshot.save_snapshot(roster, path)
    reopened, facts = snapshot.open_snapshot(path)
    assert facts is not None and reopened.equals(roster)
    assert_same_facts(facts, facts_from_roster(roster))
    assert not facts.training["hours"].flags.writeable  # mapped from the file, not a copy
    assert facts.training["hours"].ctypes.data % snapshot.ALIGN == 0
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert all(info.compress_type == zipfile.ZIP_STORED for info in zf.infolist())
        assert zf.testzip() is None  # a plain zip: any zip tool reads and checks it
    assert manifest["layout"] == snapshot.LAYOUT and manifest["index"]["signature"] == fact_index.signature()
    assert {f"{name}.arrow" for name in FILE_ORDER} <= set(manifest_names(path))


def manifest_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        return zf.namelist()


def test_teachers_are_found_by_id_without_a_dictionary(tmp_path: Path) -> None:
    roster = generate_region(200, seed=2)
    path = tmp_path / "city.snapshot"
    snapshot.save_snapshot(roster, path)
    facts = EmbeddedStore.open(path).facts
    ids = roster["teachers"]["id"].to_pylist()
    assert [facts.index_of(t) for t in ids] == list(range(len(ids)))
    assert facts.index_of("no such teacher") is None and facts.index_of("") is None
    assert facts.index_of(ids[0] + "x") is None and facts.index_of(ids[-1][:-1]) is None
    assert "teacher_ids" not in vars(facts)  # an explanation never built every id
    assert facts.teacher_id(7) == ids[7] and facts.teacher_ids.tolist() == ids


def test_an_index_written_by_other_code_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roster = generate_region(150, seed=4)
    path = tmp_path / "city.snapshot"
    snapshot.save_snapshot(roster, path)
    monkeypatch.setattr(fact_index, "signature", lambda: "built-otherwise")
    reopened, facts = snapshot.open_snapshot(path)
    assert facts is None and reopened.equals(roster)
    assert_same_facts(EmbeddedStore.open(path).facts, facts_from_roster(roster))


def test_writes_keep_the_index_in_step(tmp_path: Path) -> None:
    path = tmp_path / "city.snapshot"
    store = EmbeddedStore(generate_region(120, seed=6))
    store.save(path)
    old = store.roster()
    store.replace(Roster({**old.tables, "training": old["training"].slice(0, 10)}, old.present))
    reopened, facts = snapshot.open_snapshot(path)
    assert facts is not None and facts.training.size == 10
    assert_same_facts(facts, facts_from_roster(reopened))


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_snapshots_of_earlier_layouts_open_and_answer_as_their_bundles(version: str, tmp_path: Path) -> None:
    copy = tmp_path / "region.snapshot"
    shutil.copy2(FIXTURES / version / "region.snapshot", copy)
    with zipfile.ZipFile(copy) as zf:
        assert "layout" not in json.loads(zf.read("manifest.json"))  # written before layout 2
    bundle = load_bundle(FIXTURES / version / "bundle", today=WRITTEN)
    from_snapshot, from_bundle = EmbeddedStore.open(copy), EmbeddedStore(bundle)
    assert from_snapshot.roster().equals(bundle)
    assert_same_facts(from_snapshot.facts, from_bundle.facts)
    for name in builtin_policy_names():
        policy = load_policy(name)
        for target in policy.covers():
            one, other = (services_for(store, policy=policy).questions.eligibility(
                Scope.everything(), target, WRITTEN).window() for store in (from_snapshot, from_bundle))
            assert one == other, (name, target)
    assert copy.read_bytes() == (FIXTURES / version / "region.snapshot").read_bytes()  # left alone


def test_a_snapshot_of_layout_2_opens_with_plain_strings_and_answers_as_its_bundle(tmp_path: Path) -> None:
    """Layout 2 (main at df66627) held every text column as plain strings; layout 3 holds the
    repeated ones dictionary-encoded. The old file opens as it is, reads both ways alike, and is
    written in layout 3 at its next save."""
    copy = tmp_path / "region.snapshot"
    shutil.copy2(FIXTURES / "v3-layout2" / "region.snapshot", copy)
    with zipfile.ZipFile(copy) as zf:
        assert json.loads(zf.read("manifest.json"))["layout"] == 2
    bundle = load_bundle(FIXTURES / "v3-layout2" / "bundle", today=WRITTEN)
    assert pa.types.is_dictionary(bundle["training"].schema.field("programme").type)
    old, facts = snapshot.open_snapshot(copy)
    assert facts is not None  # its stored index is still this code's
    assert not any(pa.types.is_dictionary(f.type) for name in FILE_ORDER for f in old[name].schema)
    assert old.equals(bundle) and bundle.equals(old)
    assert_same_facts(facts, facts_from_roster(bundle))
    from_snapshot, from_bundle = EmbeddedStore.open(copy), EmbeddedStore(bundle)
    policy = load_policy("reference")
    for target in policy.covers():
        one, other = (services_for(store, policy=policy).questions.eligibility(
            Scope.everything(), target, WRITTEN).window() for store in (from_snapshot, from_bundle))
        assert one == other, target
    assert copy.read_bytes() == (FIXTURES / "v3-layout2" / "region.snapshot").read_bytes()  # left alone
    from_snapshot.save(copy)
    rewritten, _ = snapshot.open_snapshot(copy)
    with zipfile.ZipFile(copy) as zf:
        assert json.loads(zf.read("manifest.json"))["layout"] == snapshot.LAYOUT == 3
    assert rewritten.equals(bundle)


def test_a_saved_roster_keeps_its_encoded_columns(tmp_path: Path) -> None:
    bundle = load_bundle(FIXTURES / "v3-layout2" / "bundle", today=WRITTEN)
    path = tmp_path / "region.snapshot"
    snapshot.save_snapshot(bundle, path)
    reopened, _ = snapshot.open_snapshot(path)
    for name in FILE_ORDER:
        assert reopened[name].schema == bundle[name].schema, name
    assert reopened.equals(bundle)


def test_a_snapshot_of_a_later_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "region.snapshot"
    snapshot.save_snapshot(generate_region(30, seed=3), path)
    with zipfile.ZipFile(path) as zf:
        members = {info.filename: zf.read(info) for info in zf.infolist()}
    manifest = json.loads(members["manifest.json"])
    manifest["layout"] = snapshot.LAYOUT + 1
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, json.dumps(manifest) if name == "manifest.json" else data)
    with pytest.raises(StoreUnavailable, match="layout"):
        snapshot.open_snapshot(path)
