"""Bulk: replace the graph with an uploaded roster bundle (a zip of CSVs, or an .xlsx workbook).

The bundle is read and validated whole first; any problem answers 422 with every problem (file,
row, column, reason) and nothing changes. Otherwise the store is swapped for the bundle in one go.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from talentgraph import writes
from talentgraph.domain.tables import SPECS
from talentgraph.errors import BundleError, Problem
from talentgraph_api.deps import Admin, Store

router = APIRouter(tags=["bulk"])
MAX_UNPACKED = 4 << 30  # refuse zips that unpack to more than 4 GB
CHUNK = 1 << 20


class Loaded(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"rows": {"orgs": 472, "teachers": 20000}}]}}

    rows: dict[str, int]


@router.post("/bundle", response_model=Loaded, summary="Replace the graph with a roster bundle (admin)")
def upload(store: Store, caller: Admin,
           file: Annotated[UploadFile, File(
               description="A .zip of the bundle's CSV files, or an .xlsx workbook")],
           ) -> Loaded:
    with tempfile.TemporaryDirectory(prefix="talentgraph-upload-") as tmp:
        folder = Path(tmp)
        received = folder / "upload"
        with received.open("wb") as out:
            shutil.copyfileobj(file.file, out, CHUNK)
        roster = writes.replace_with_bundle(store, _bundle_path(received, folder, file.filename or ""))
    return Loaded(rows={name: roster.count(name) for name in roster.present})


def _bundle_path(received: Path, folder: Path, filename: str) -> Path:
    if not zipfile.is_zipfile(received):
        reason = "not a .zip of CSV files or an .xlsx workbook"
        raise BundleError([Problem(filename or "upload", None, None, reason)])
    with zipfile.ZipFile(received) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names:  # an Office workbook
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
        reason = ("no bundle CSV files (orgs.csv, teachers.csv, ...) in the zip" if not members
                  else "the zip holds bundle files in more than one folder")
        raise BundleError([Problem(filename or "upload", None, None, reason)])
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise BundleError([Problem(filename or "upload", None, None, "the zip unpacks to more than 4 GB")])
    target.mkdir()
    for member in members:  # by base name only: nothing lands outside the folder
        try:
            with archive.open(member) as source, (target / Path(member.filename).name).open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as e:
            # damaged data (bad CRC, truncated), an unsupported compression, or a password
            reason = f"cannot unpack {member.filename}: {e}"
            raise BundleError([Problem(filename or "upload", None, None, reason)]) from None
    return target
