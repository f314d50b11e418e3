"""Snapshot files: a roster persisted as one file, replaced atomically.

Format: a zip of Arrow IPC files (one per bundle table, zstd-compressed) and
``manifest.json``. Saving writes a temporary file beside the target, fsyncs it
and renames it over the old one, so a crash at any moment leaves either the
old snapshot or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import time
import zipfile
from pathlib import Path

import pyarrow as pa

from talentgraph import __version__
from talentgraph.domain.tables import FILE_ORDER
from talentgraph.errors import StoreUnavailable
from talentgraph.roster import Roster

FORMAT = "talentgraph-snapshot"
FORMAT_VERSION = 1


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
        "version": FORMAT_VERSION,
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
    path = Path(path)
    if not path.is_file():
        raise StoreUnavailable(f"no snapshot at {path}")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
            _check_manifest(path, manifest)
            tables = {name: _read_ipc(zf.read(f"{name}.arrow")) for name in FILE_ORDER}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, pa.ArrowInvalid) as exc:
        raise StoreUnavailable(f"{path} is not a readable talentgraph snapshot: {exc}") from exc
    return Roster(tables, frozenset(manifest["present"]))


def _check_manifest(path: Path, manifest: dict[str, object]) -> None:
    if manifest.get("format") != FORMAT:
        raise StoreUnavailable(f"{path} is not a talentgraph snapshot")
    if manifest.get("version") != FORMAT_VERSION:
        raise StoreUnavailable(
            f"{path} is snapshot format {manifest.get('version')}; this talentgraph reads {FORMAT_VERSION}"
        )


def _read_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_file(pa.BufferReader(data)).read_all()
