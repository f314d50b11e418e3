"""Upload a roster workbook (or a zip of the bundle's CSVs): first the validation report, every
problem with its file, row, column and reason, with nothing stored; then, for an admin on a
writable server, storing the very file that was checked (it replaces the graph)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from talentgraph.errors import BundleError, Forbidden, ReadOnly
from talentgraph.web.deps import Page, Posted, SignedIn
from talentgraph.web.render import render

router = APIRouter()


def _may_store(p: Page) -> str:
    """"yes", or why not: "role" (only an admin replaces the graph) or "read_only" (serve --data)."""
    try:
        p.uc.bundles.allowed(p.scope)
    except Forbidden:
        return "role"
    except ReadOnly:
        return "read_only"
    return "yes"


@router.get("/upload", summary="Upload a roster workbook: check it first")
def upload_form(p: SignedIn) -> Response:
    return render(p, "upload.html", may_store=_may_store(p), report=None)


@router.post("/upload", summary="Check an uploaded workbook (nothing is stored)")
def check(p: Posted, file: Annotated[UploadFile, File()]) -> Response:
    name = Path(file.filename or "upload").name
    may_store = _may_store(p)
    try:
        roster = p.uc.bundles.check(p.scope, file.file, name)
    except BundleError as e:
        return render(p, "upload.html", 422, may_store=may_store, report="problems", filename=name,
                      problems=e.problems, total=e.total, warnings=e.warnings, notices=e.notices)
    pending = p.state.uploads.keep(p.session.id, file.file, name) if may_store == "yes" else None
    rows = {table: roster.count(table) for table in roster.present}
    return render(p, "upload.html", may_store=may_store, report="clean", filename=name, rows=rows,
                  warnings=roster.warnings, notices=roster.notices, pending=pending)


@router.post("/upload/store", summary="Store the workbook that was checked (admin)")
def store(p: Posted, upload_id: Annotated[str, Form()] = "") -> Response:
    p.uc.bundles.allowed(p.scope)  # Forbidden / ReadOnly: their pages
    pending = p.state.uploads.take(p.session.id, upload_id)
    if pending is None:
        return render(p, "upload.html", 410, may_store=_may_store(p), report="expired")
    try:
        with pending.path.open("rb") as stream:
            roster = p.uc.bundles.upload(p.scope, stream, pending.filename)
    except BundleError as e:  # the store changed its mind (a rule of today's date): nothing stored
        return render(p, "upload.html", 422, may_store=_may_store(p), report="problems",
                      filename=pending.filename, problems=e.problems, total=e.total, warnings=e.warnings,
                      notices=e.notices)
    finally:
        pending.path.unlink(missing_ok=True)
    rows = {table: roster.count(table) for table in roster.present}
    return render(p, "upload.html", may_store="yes", report="stored", filename=pending.filename, rows=rows,
                  warnings=roster.warnings, notices=roster.notices)
