"""Bulk: replace the graph with an uploaded roster bundle (a zip of CSVs, or an .xlsx workbook).

The bundle is read and validated whole first; any problem answers 422 with every problem (file,
row, column, reason) and nothing changes. Otherwise the store is swapped for the bundle in one go,
and the answer counts the rows and lists the notices (what was read without being refused).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from pydantic import BaseModel, Field

from talentgraph_api.deps import Admin, UseCases
from talentgraph_api.schemas.common import ProblemOut

router = APIRouter(tags=["bulk"])


class Loaded(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"rows": {"orgs": 472, "teachers": 20000}, "notices": [
        {"file": "teachers.csv", "row": None, "column": "left_on", "field": "left_on",
         "reason": "status left or retired but no left_on: as-of questions treat these teachers as gone "
                   "on every date (1 row: 48)"}]}]}}

    rows: dict[str, int]
    notices: list[ProblemOut] = Field(default=[], description=(
        "What was read without refusing it (an older layout read as the current one, a leaver "
        "without a leaving day), as `talentgraph load` reports it"))


@router.post("/bundle", response_model=Loaded, summary="Replace the graph with a roster bundle (admin)")
def upload(uc: UseCases, caller: Admin,
           file: Annotated[UploadFile, File(
               description="A .zip of the bundle's CSV files, or an .xlsx workbook")],
           ) -> Loaded:
    roster = uc.bundles.upload(caller, file.file, file.filename or "")
    return Loaded(rows={name: roster.count(name) for name in roster.present},
                  notices=[ProblemOut(file=n.file, row=n.row, column=n.column, field=n.column,
                                      reason=n.reason) for n in roster.notices])
