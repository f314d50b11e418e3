"""Snapshot files: a roster persisted as one file, replaced atomically.

Format: a zip of Arrow IPC files (one per table, zstd-compressed) and
``manifest.json``, whose ``version`` is the schema version of the tables
(``domain/tables.py``; talentgraph 0.1 wrote version 1). Saving writes a
temporary file beside the target, fsyncs it and renames it over the old one,
so a crash at any moment leaves either the old snapshot or the new one, never
half of either.

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
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa

from talentgraph import __version__
from talentgraph.domain.tables import FILE_ORDER, SCHEMA_VERSION
from talentgraph.errors import Problem, StoreUnavailable
from talentgraph.roster import Roster
from talentgraph.roster.upgrade import UpgradeError, upgrade
from talentgraph.store.versions import written_by_newer

FORMAT = "talentgraph-snapshot"


def save_snapshot(roster: Roster, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_temps(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, _mode_for(path))  # mkstemp makes 0600; keep the old file's or umask's mode
        with os.fdopen(fd, "wb") as raw:
            _write_zip(roster, raw)
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


def _write_zip(roster: Roster, raw: io.BufferedIOBase) -> None:
    manifest = {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "written_by": f"talentgraph {__version__}",
        "present": sorted(roster.present),
        "rows": roster.summary(),
    }
    with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name in FILE_ORDER:
            zf.writestr(f"{name}.arrow", _ipc_bytes(roster[name]))


def _ipc_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()  # type: ignore[no-any-return]


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
    path = Path(path)
    version, tables, present = _read(path)
    if version == SCHEMA_VERSION:
        return Roster(tables, present)
    try:
        upgraded = upgrade(tables, version)
    except UpgradeError as exc:
        raise StoreUnavailable(f"{path}: cannot read schema version {version}: {exc}") from None
    notice = Problem(path.name, None, None, f"schema version {version}, read as version {SCHEMA_VERSION}; "
                     f"talentgraph migrate --store {path} rewrites the file")
    return Roster(upgraded, present, notices=(notice,))


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
        raise StoreUnavailable(f"no snapshot at {path}")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest: dict[str, Any] = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError) as exc:
        raise StoreUnavailable(f"{path} is not a readable talentgraph snapshot: {exc}") from exc
    return manifest


def _read(path: Path) -> tuple[int, dict[str, pa.Table], frozenset[str]]:
    """The snapshot's version, tables and files present, as written."""
    if not path.is_file():
        raise StoreUnavailable(f"no snapshot at {path}")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            version = _manifest_version(path, manifest)
            stored = set(zf.namelist())  # a table later versions added is absent from older files
            tables = {name: _read_ipc(zf.read(f"{name}.arrow")) for name in FILE_ORDER
                      if version == SCHEMA_VERSION or f"{name}.arrow" in stored}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, pa.ArrowInvalid) as exc:
        raise StoreUnavailable(f"{path} is not a readable talentgraph snapshot: {exc}") from exc
    return version, tables, frozenset(manifest["present"])


def _manifest_version(path: Path, manifest: dict[str, Any]) -> int:
    if manifest.get("format") != FORMAT:
        raise StoreUnavailable(f"{path} is not a talentgraph snapshot")
    version = manifest.get("version")
    if not isinstance(version, int) or version < 1:
        raise StoreUnavailable(f"{path} is not a readable talentgraph snapshot: version {version!r}")
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(written_by_newer(f"snapshot {path}", version))
    return version


def _read_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_file(pa.BufferReader(data)).read_all()
