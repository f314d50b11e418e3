"""Bulk: replace the graph with an uploaded roster bundle (a zip of CSVs, or an .xlsx workbook).

The bundle is read and validated whole first; any problem answers 422 with every problem (file,
row, column, reason) and nothing changes. Otherwise the store is swapped for the bundle in one go.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel

from talentgraph_api.deps import Admin, UseCases

router = APIRouter(tags=["bulk"])


class Loaded(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"rows": {"orgs": 472, "teachers": 20000}}]}}

    rows: dict[str, int]


@router.post("/bundle", response_model=Loaded, summary="Replace the graph with a roster bundle (admin)")
def upload(uc: UseCases, caller: Admin,
           file: Annotated[UploadFile, File(
               description="A .zip of the bundle's CSV files, or an .xlsx workbook")],
           ) -> Loaded:
    roster = uc.bundles.upload(caller, file.file, file.filename or "")
    return Loaded(rows={name: roster.count(name) for name in roster.present})
