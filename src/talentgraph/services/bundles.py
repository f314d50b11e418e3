"""Bulk: replace the whole graph with a roster bundle (admin only).

An upload is a .zip of the bundle's CSV files (at the top, or in one folder) or a workbook
(.xlsx, or Excel 97-2003 .xls). It is read and validated whole first: any problem raises
``BundleError`` with every problem (file, row, column, reason) and nothing changes. Otherwise the
store is swapped for the bundle in one go.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.read import CSV_SUFFIX, UPLOAD_LIMITS
from talentgraph.domain.headers import normalized, table_names
from talentgraph.domain.message import N_, Message, message
from talentgraph.domain.tables import TABLES
from talentgraph.errors import BundleError, Problem, ReadOnly, problem
from talentgraph.roster import Roster
from talentgraph.services.scope import Scope
from talentgraph.services.writes import READ_ONLY, WRITE_LOCK
from talentgraph.store.protocol import AdminStore

LIMITS = UPLOAD_LIMITS  # an upload is anyone's file: memory stays within a fixed budget
CHUNK = 1 << 20
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how an .xls file (a compound document) starts


class Bundles:
    def __init__(self, store: AdminStore, writable: bool) -> None:
        self.store = store
        self.writable = writable

    def allowed(self, scope: Scope) -> None:
        scope.require_admin()
        if not self.writable:
            raise ReadOnly(READ_ONLY)

    def replace(self, scope: Scope, bundle: Path, today: dt.date | None = None, *,
                strict: bool = False) -> Roster:
        """Validate a whole bundle (a folder or workbook), then swap the store for it."""
        self.allowed(scope)
        roster = load_bundle(bundle, today=today or dt.date.today(), strict=strict)
        with WRITE_LOCK:  # not while a record write is between its checks and its commit
            self.store.replace_atomic(roster)
        return roster

    def upload(self, scope: Scope, stream: BinaryIO, filename: str, *, strict: bool = False) -> Roster:
        """``replace`` with an uploaded .zip of CSVs or .xlsx workbook; the roster's warnings say
        what was not read (``strict``: they refuse it)."""
        self.allowed(scope)
        with _received(stream, filename) as (bundle, warnings):
            roster = _load(bundle, warnings, dt.date.today(), strict)
            with WRITE_LOCK:
                self.store.replace_atomic(roster)
            return roster

    def check(self, scope: Scope, stream: BinaryIO, filename: str, today: dt.date | None = None, *,
              strict: bool = False) -> Roster:
        """Read and validate an uploaded bundle as ``upload`` would, and store nothing: the roster
        it holds (with its warnings), or ``BundleError`` with every problem (file, row, column,
        reason). Any caller may check a file; it reads nothing from the store."""
        with _received(stream, filename) as (bundle, warnings):
            return _load(bundle, warnings, today or dt.date.today(), strict)


def _load(bundle: Path, warnings: list[Problem], today: dt.date, strict: bool) -> Roster:
    """The bundle within the upload limits; the zip's own warnings first (strict: problems)."""
    try:
        roster = load_bundle(bundle, today=today, strict=strict, limits=LIMITS)
    except BundleError as exc:
        if strict:
            raise BundleError(warnings + exc.problems, warnings=exc.warnings, notices=exc.notices) from None
        raise BundleError(exc.problems, warnings=(*warnings, *exc.warnings), notices=exc.notices) from None
    if strict and warnings:
        raise BundleError(warnings, notices=roster.notices)
    return dataclasses.replace(roster, warnings=(*warnings, *roster.warnings))


@contextmanager
def _received(stream: BinaryIO, filename: str) -> Iterator[tuple[Path, list[Problem]]]:
    """The uploaded file as a bundle path (a workbook, or the zip's CSV folder) and what the zip
    held beside the bundle (warnings), removed after."""
    with tempfile.TemporaryDirectory(prefix="talentgraph-upload-") as tmp:
        folder = Path(tmp)
        received = folder / "upload"
        with received.open("wb") as out:
            _copy(stream, out, LIMITS.max_total_bytes, filename, message(N_("the upload holds")))
        yield _bundle_path(received, folder, filename)


def _bundle_path(received: Path, folder: Path, filename: str) -> tuple[Path, list[Problem]]:
    with received.open("rb") as head:
        if head.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE:  # an Excel 97-2003 workbook
            workbook = folder / "bundle.xls"
            received.rename(workbook)
            return workbook, []
    if not zipfile.is_zipfile(received):
        raise _refused(filename, message(N_("not a .zip of CSV files or a workbook (.xlsx or .xls)")))
    with zipfile.ZipFile(received) as archive:
        if "[Content_Types].xml" in archive.namelist():  # an Office workbook
            workbook = folder / "bundle.xlsx"
            received.rename(workbook)
            return workbook, []
        return _unpack(archive, folder / "bundle", filename)


def _unpack(archive: zipfile.ZipFile, target: Path, filename: str) -> tuple[Path, list[Problem]]:
    """The CSV files of the bundle (at the top of the zip, or in one folder), flattened; every
    other entry is a warning. Refused: too many entries, a name twice (in any case), more bytes
    than the limits."""
    entries = [m for m in archive.infolist() if not m.is_dir()]
    if len(entries) > LIMITS.max_entries:
        raise _refused(filename, message(N_("the zip holds {n} files, more than a bundle may ({limit})"),
                                         n=f"{len(entries):,}", limit=f"{LIMITS.max_entries:,}"))
    wanted = [m for m in entries if _is_table(m)]
    folders = {str(PurePosixPath(m.filename).parent) for m in wanted}
    if not wanted or len(folders) > 1:
        raise _refused(filename, message(N_("no bundle CSV files (orgs.csv, teachers.csv, ...) in the zip"))
                       if not wanted else message(N_("the zip holds bundle files in more than one folder")))
    (inside,) = folders
    members, warnings = _sort_entries(entries, inside, filename)
    if sum(m.file_size for m in members) > LIMITS.max_total_bytes:
        raise _refused(filename, message(N_("the zip unpacks to more than {limit} MB"),
                                         limit=f"{LIMITS.max_total_bytes >> 20:,}"))
    target.mkdir()
    for member in members:  # by base name only: nothing lands outside the folder
        try:
            unpacked = target / PurePosixPath(member.filename).name
            with archive.open(member) as source, unpacked.open("wb") as out:
                _copy(source, out, min(member.file_size, LIMITS.max_file_bytes), filename,
                      message(N_("{entry} unpacks to"), entry=member.filename))
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
            # damaged data (bad CRC, truncated), an unsupported compression, or a password
            raise _refused(filename, message(N_("cannot unpack {entry}: {error}"), entry=member.filename,
                                             error=str(e))) from None
    return target, warnings


def _is_table(member: zipfile.ZipInfo) -> bool:
    """A CSV entry named after a bundle table (any case, or its Chinese name)."""
    path = PurePosixPath(member.filename)
    known = table_names(TABLES).find(path.stem) is not None
    return known and path.suffix.lower() == CSV_SUFFIX and not _is_system(path)


def _is_system(path: PurePosixPath) -> bool:
    """Entries a zip tool adds (__MACOSX, .DS_Store): never the planner's."""
    return path.name.startswith(".") or "__MACOSX" in path.parts


def _sort_entries(entries: list[zipfile.ZipInfo], inside: str,
                  filename: str) -> tuple[list[zipfile.ZipInfo], list[Problem]]:
    """The CSV entries of the bundle folder to unpack, and a warning for every other entry."""
    members: list[zipfile.ZipInfo] = []
    warnings: list[Problem] = []
    seen: dict[str, str] = {}
    for member in entries:
        path = PurePosixPath(member.filename)
        if _is_system(path):
            continue
        if str(path.parent) != inside:
            warnings.append(problem(member.filename, None, None, message(
                N_("in another folder of the zip than the bundle's ({folder}): not read"), folder=inside)))
            continue
        key = normalized(path.name)
        if key in seen:
            raise _refused(filename, message(N_("the zip holds {first!r} and {second!r}: one name twice "
                                                "(letter case does not count); keep one"),
                                             first=seen[key], second=member.filename))
        seen[key] = member.filename
        if path.suffix.lower() == CSV_SUFFIX:
            members.append(member)
        else:
            warnings.append(problem(path.name, None, None, message(
                N_("not a bundle file: ignored (the bundle is the zip's CSV files)"))))
    return members, warnings


def _copy(source: IO[bytes], out: IO[bytes], limit: int, filename: str, what: Message) -> None:
    """Copy at most ``limit`` bytes; more is refused (the sizes a zip declares are not trusted)."""
    copied = 0
    while chunk := source.read(CHUNK):
        copied += len(chunk)
        if copied > limit:
            raise _refused(filename, message(N_("{what} more than {limit} MB, more than a bundle may (or "
                                                "than its zip entry says)"),
                                             what=what, limit=f"{limit >> 20:,}"))
        out.write(chunk)


def _refused(filename: str, reason: Message) -> BundleError:
    return BundleError([problem(filename or "upload", None, None, reason)])
