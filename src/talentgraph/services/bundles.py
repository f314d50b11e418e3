"""Bulk: replace the whole graph with a roster bundle (admin only).

An upload is a .zip of the bundle's CSV files (at the top, or in one folder) or an .xlsx
workbook. It is read and validated whole first: any problem raises ``BundleError`` with every
problem (file, row, column, reason) and nothing changes. Otherwise the store is swapped for the
bundle in one go.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from talentgraph.bundle.load import load_bundle
from talentgraph.domain.tables import SPECS
from talentgraph.errors import BundleError, Problem, ReadOnly
from talentgraph.roster import Roster
from talentgraph.services.scope import Scope
from talentgraph.services.writes import READ_ONLY, WRITE_LOCK
from talentgraph.store.protocol import AdminStore

MAX_UNPACKED = 4 << 30  # refuse zips that unpack to more than 4 GB
CHUNK = 1 << 20


class Bundles:
    def __init__(self, store: AdminStore, writable: bool) -> None:
        self.store = store
        self.writable = writable

    def allowed(self, scope: Scope) -> None:
        scope.require_admin()
        if not self.writable:
            raise ReadOnly(READ_ONLY)

    def replace(self, scope: Scope, bundle: Path, today: dt.date | None = None) -> Roster:
        """Validate a whole bundle (a folder or workbook), then swap the store for it."""
        self.allowed(scope)
        roster = load_bundle(bundle, today=today or dt.date.today())
        with WRITE_LOCK:  # not while a record write is between its checks and its commit
            self.store.replace_atomic(roster)
        return roster

    def upload(self, scope: Scope, stream: BinaryIO, filename: str) -> Roster:
        """``replace`` with an uploaded .zip of CSVs or .xlsx workbook."""
        self.allowed(scope)
        with _received(stream, filename) as bundle:
            return self.replace(scope, bundle)

    def check(self, scope: Scope, stream: BinaryIO, filename: str, today: dt.date | None = None) -> Roster:
        """Read and validate an uploaded bundle as ``upload`` would, and store nothing: the roster
        it holds, or ``BundleError`` with every problem (file, row, column, reason). Any caller
        may check a file; it reads nothing from the store."""
        with _received(stream, filename) as bundle:
            return load_bundle(bundle, today=today or dt.date.today())


@contextmanager
def _received(stream: BinaryIO, filename: str) -> Iterator[Path]:
    """The uploaded file as a bundle path (a workbook, or the zip's CSV folder), removed after."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-upload-") as tmp:
        folder = Path(tmp)
        received = folder / "upload"
        with received.open("wb") as out:
            shutil.copyfileobj(stream, out, CHUNK)
        yield _bundle_path(received, folder, filename)


def _bundle_path(received: Path, folder: Path, filename: str) -> Path:
    if not zipfile.is_zipfile(received):
        raise _refused(filename, "not a .zip of CSV files or an .xlsx workbook")
    with zipfile.ZipFile(received) as archive:
        if "[Content_Types].xml" in archive.namelist():  # an Office workbook
            workbook = folder / "bundle.xlsx"
            received.rename(workbook)
            return workbook
        return _unpack(archive, folder / "bundle", filename)


def _unpack(archive: zipfile.ZipFile, target: Path, filename: str) -> Path:
    """The CSV files of the bundle (at the top of the zip, or in one folder), flattened."""
    wanted = {spec.filename for spec in SPECS.values()}
    members = [m for m in archive.infolist() if not m.is_dir() and Path(m.filename).name in wanted
               and not Path(m.filename).name.startswith(".")]
    folders = {str(Path(m.filename).parent) for m in members}
    if not members or len(folders) > 1:
        raise _refused(filename, "no bundle CSV files (orgs.csv, teachers.csv, ...) in the zip" if not members
                       else "the zip holds bundle files in more than one folder")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise _refused(filename, "the zip unpacks to more than 4 GB")
    target.mkdir()
    for member in members:  # by base name only: nothing lands outside the folder
        try:
            with archive.open(member) as source, (target / Path(member.filename).name).open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
            # damaged data (bad CRC, truncated), an unsupported compression, or a password
            raise _refused(filename, f"cannot unpack {member.filename}: {e}") from None
    return target


def _refused(filename: str, reason: str) -> BundleError:
    return BundleError([Problem(filename or "upload", None, None, reason)])
