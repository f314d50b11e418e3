"""Snapshot files: a roster and its fact index persisted as one file, replaced atomically.

Format: a zip (stored, not compressed) of one Arrow IPC file per roster table, the fact index as
flat arrays (``index/<name>.bin``, raw little-endian; text arrays as Arrow IPC), and
``manifest.json``, whose ``version`` is the schema version of the tables (``domain/tables.py``;
talentgraph 0.1 wrote version 1) and whose ``layout`` says how the file is laid out. Every member
starts on a 64-byte boundary (padding in the zip's extra field), so opening memory-maps the file and
reads tables and index in place: nothing is parsed, decompressed or rebuilt, and only the pages a
question touches are read. Saving writes a temporary file beside the target, fsyncs it and renames
it over the old one, so a crash at any moment leaves either the old snapshot or the new one, never
half of either (and a process still reading the old file keeps its mapping of it).

Layouts: 1 (talentgraph up to this one) zstd-compressed tables and no index: read into memory and
indexed at open. 2: as above, every text column a plain string column. 3: as 2, with the text
columns ``roster.ENCODED`` names dictionary-encoded (each distinct text once): a snapshot of layout
2 opens as it is, its columns plain (readers take either), and is written in layout 3 at its next
save. One of a later layout is refused. Tables are persisted by their names in ``FILE_ORDER``, whatever they
are. A fact index written by code that built other arrays (``fact_index.signature``) is rebuilt
from the tables at open, as is that of an earlier schema version.

A snapshot of an earlier version opens as it is: its tables are upgraded in
memory (``roster/upgrade.py``) and the file is left alone until the store
saves (a write) or ``migrate_snapshot`` rewrites it. One of a later version
is refused.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import struct
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from talentgraph import __version__
from talentgraph.domain.message import N_, message
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION
from talentgraph.eligibility.facts import Array, Facts
from talentgraph.errors import StoreUnavailable, problem
from talentgraph.roster import Roster, unified
from talentgraph.roster.upgrade import UpgradeError, upgrade
from talentgraph.store import fact_index
from talentgraph.store.roster_facts import EVENT_TABLES, facts_from_roster
from talentgraph.store.versions import written_by_newer

FORMAT = "talentgraph-snapshot"


def save_snapshot(roster: Roster, path: Path, facts: Facts | None = None) -> None:
    """Save ``roster`` and its fact index (``facts``, built from the roster if not given)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temps(path)
    index = fact_index.flatten(facts if facts is not None else facts_from_roster(roster))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; keep the old file's or umask's mode
        with os.fdopen(fd, "wb") as raw:
            _write_zip(roster, index, raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
        _fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _remove_abandoned_temps(path: Path, older_than_s: float = 3600) -> None:
    """Temp files of saves killed mid-write (SIGKILL, power loss) would pile up."""
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > older_than_s:
                stale.unlink()


LAYOUT = 3  # see the module's docstring
ALIGN = 64  # Arrow's and numpy's alignment for reading in place
_PADDING_ID = 0xD935  # the extra-field id zipalign uses for padding (readers skip unknown ids)
_ZIP64_FROM = 1 << 30  # members that may exceed the zip's 2 GiB fields get zip64 headers


def _write_zip(roster: Roster, index: dict[str, Array], raw: io.BufferedIOBase) -> None:
    arrays: dict[str, dict[str, Any]] = {}
    with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in FILE_ORDER:
            _write_table(zf, f"{name}.arrow", roster[name])
        for key, array in index.items():
            if array.dtype == object:
                _write_table(zf, f"index/{key}.arrow", fact_index.strings_table(array))
                arrays[key] = {"text": True}
            else:
                data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
                with _member(zf, f"index/{key}.bin", data.nbytes) as out:
                    out.write(data.reshape(-1).view(np.uint8).data)
                arrays[key] = {"dtype": data.dtype.str, "shape": list(data.shape)}
        manifest = {
            "format": FORMAT,
            "version": SCHEMA_VERSION,
            "layout": LAYOUT,
            "written_by": f"talentgraph {__version__}",
            "present": sorted(roster.present),
            "rows": roster.summary(),
            "index": {"signature": fact_index.signature(), "arrays": arrays},
        }
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))


def _member(zf: zipfile.ZipFile, name: str, size: int) -> Any:
    """A member open for writing whose data starts on an ``ALIGN``-byte boundary."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    big = size >= _ZIP64_FROM
    assert zf.fp is not None
    header = 30 + len(name.encode()) + 4 + (20 if big else 0)  # local header, padding field, zip64
    pad = -(zf.fp.tell() + header) % ALIGN
    info.extra = struct.pack("<HH", _PADDING_ID, pad) + bytes(pad)
    return zf.open(info, "w", force_zip64=big)


def _write_table(zf: zipfile.ZipFile, name: str, table: pa.Table) -> None:
    """An Arrow IPC file, uncompressed so that it can be read in place."""
    # An IPC file holds one dictionary per column.
    table = pa.Table.from_arrays([unified(c) if pa.types.is_dictionary(c.type) else c for c in table.columns],
                                 names=table.column_names)
    with _member(zf, name, table.nbytes) as out:
        sink = pa.PythonFile(out, mode="w")
        with pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform; the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_snapshot(path: Path) -> Roster:
    """The roster a snapshot holds, in the current schema (an earlier version is upgraded in
    memory, with a notice saying how to rewrite the file)."""
    return open_snapshot(path)[0]


def open_snapshot(path: Path) -> tuple[Roster, Facts | None]:
    """The roster a snapshot holds (as ``load_snapshot``), and its stored fact index when the file
    has one this code can use (None: build it from the roster)."""
    path = Path(path)
    snap = _read(path)
    if snap.version == SCHEMA_VERSION:
        roster = Roster(snap.tables, snap.present)
        return roster, _facts_of(snap, roster)
    try:
        upgraded = upgrade(snap.tables, snap.version)
    except UpgradeError as exc:
        raise StoreUnavailable(message(N_("{path}: cannot read schema version {version}: {error}"),
                                       path=str(path), version=snap.version, error=str(exc))) from None
    notice = problem(path.name, None, None, message(
        N_("schema version {old}, read as version {new}; talentgraph migrate --store {path} rewrites the "
           "file"),
        old=snap.version, new=SCHEMA_VERSION, path=str(path)))
    return Roster(upgraded, snap.present, notices=(notice,)), None


def snapshot_version(path: Path) -> int:
    """The schema version of the snapshot at ``path`` (without reading its tables)."""
    return _manifest_version(Path(path), _manifest(Path(path)))


def migrate_snapshot(path: Path) -> tuple[int, int]:
    """Rewrite the snapshot at ``path`` in the current schema version, keeping the old file as
    ``<path>.v<old version>``; returns (old version, new version). A current one is left alone."""
    path = Path(path)
    found = snapshot_version(path)
    if found == SCHEMA_VERSION:
        return found, found
    roster = load_snapshot(path)
    shutil.copy2(path, path.with_name(f"{path.name}.v{found}"))
    save_snapshot(roster, path)
    return found, SCHEMA_VERSION


def _manifest(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise StoreUnavailable(message(N_("no snapshot at {path}"), path=str(path)))
    try:
        with zipfile.ZipFile(path) as zf:
            manifest: dict[str, Any] = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise StoreUnavailable(message(N_("{path} is not a readable talentgraph snapshot: {error}"),
                                       path=str(path), error=str(exc))) from exc
    return manifest


class _Snapshot:
    """A snapshot as read: its manifest, tables and (layout 2) where its index arrays lie."""

    def __init__(self, manifest: dict[str, Any], version: int, tables: dict[str, pa.Table],
                 members: dict[str, pa.Buffer]) -> None:
        self.manifest, self.version, self.tables, self.members = manifest, version, tables, members
        self.present = frozenset(manifest["present"])


def _read(path: Path) -> _Snapshot:
    """The snapshot's manifest, version and tables, as written."""
    if not path.is_file():
        raise StoreUnavailable(message(N_("no snapshot at {path}"), path=str(path)))
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            version = _manifest_version(path, manifest)
            if manifest.get("layout", 1) > LAYOUT:
                layout = manifest["layout"]
                raise StoreUnavailable(
                    f"快照 {path} 的文件布局是第 {layout} 版，由更新的 talentgraph 写入，"
                    f"本程序只认识到第 {LAYOUT} 版：请升级 talentgraph / snapshot {path} is of layout "
                    f"{layout}, written by a newer talentgraph; this one reads layouts up to {LAYOUT}: "
                    "upgrade talentgraph")
            # An earlier version may lack tables added since: its upgrade adds them.
            wanted = [n for n in FILE_ORDER if version == SCHEMA_VERSION or f"{n}.arrow" in zf.NameToInfo]
            if manifest.get("layout", 1) == 1:
                tables = {name: _read_ipc(pa.py_buffer(zf.read(f"{name}.arrow"))) for name in wanted}
                return _Snapshot(manifest, version, tables, {})
            members = _mapped_members(path, zf)
        tables = {name: _read_ipc(members[f"{name}.arrow"]) for name in wanted}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, pa.ArrowInvalid, OSError) as exc:
        raise StoreUnavailable(message(N_("{path} is not a readable talentgraph snapshot: {error}"),
                                       path=str(path), error=str(exc))) from exc
    return _Snapshot(manifest, version, tables, members)


def _mapped_members(path: Path, zf: zipfile.ZipFile) -> dict[str, pa.Buffer]:
    """Each stored member's bytes, in place in a read-only memory map of the file."""
    whole = pa.memory_map(str(path), "r").read_buffer()
    members = {}
    for info in zf.infolist():
        if info.compress_type != zipfile.ZIP_STORED:
            continue
        local = whole.slice(info.header_offset, 30).to_pybytes()
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        start = info.header_offset + 30 + name_len + extra_len
        members[info.filename] = whole.slice(start, info.file_size)
    return members


def _facts_of(snap: _Snapshot, roster: Roster) -> Facts | None:
    """The stored fact index, read in place, if it was written as this code would write it."""
    index = snap.manifest.get("index")
    if not snap.members or not index or index.get("signature") != fact_index.signature():
        return None
    arrays: dict[str, Array] = {}
    for key, what in index["arrays"].items():
        data = snap.members[f"index/{key}.bin" if "dtype" in what else f"index/{key}.arrow"]
        if "dtype" in what:
            arrays[key] = np.frombuffer(data, dtype=np.dtype(what["dtype"])).reshape(what["shape"])
        else:
            column = _read_ipc(data).column(0)
            arrays[key] = np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)
    present = frozenset(name for name in EVENT_TABLES if name in roster.present)
    return fact_index.unflatten(arrays, roster, present)


def _manifest_version(path: Path, manifest: dict[str, Any]) -> int:
    if manifest.get("format") != FORMAT:
        raise StoreUnavailable(message(N_("{path} is not a talentgraph snapshot"), path=str(path)))
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise StoreUnavailable(message(N_("{path} is not a readable talentgraph snapshot: version {version}"),
                                       path=str(path), version=repr(version)))
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(message(N_("snapshot {path}"), path=str(path)), version))
    return version


def _read_ipc(data: pa.Buffer) -> pa.Table:
    return pa.ipc.open_file(pa.BufferReader(data)).read_all()
