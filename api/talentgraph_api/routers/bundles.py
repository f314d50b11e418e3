"""Bulk: replace the graph with an uploaded roster bundle (a zip of CSVs, or an .xlsx workbook).

The bundle is read and validated whole first; any problem answers 422 with every problem (file,
row, column, reason) and nothing changes. Otherwise the store is swapped for the bundle in one go,
and the answer counts the rows, lists the warnings (what was not read: a file, sheet or column
that is not in the format, with the nearest known name; ``strict=true`` refuses them) and the
notices (what was read without being refused).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel, Field

from talentgraph.errors import Problem
from talentgraph_api.deps import Admin, UseCases
from talentgraph_api.schemas.common import ProblemOut

router = APIRouter(tags=["bulk"])


class Loaded(BaseModel):
    model_config = {"json_schema_extra": {"examples": [{"rows": {"orgs": 472, "teachers": 20000}, "notices": [
        {"file": "teachers.csv", "row": None, "column": "left_on", "field": "left_on",
         "reason": "status left or retired but no left_on: as-of questions treat these teachers as gone "
                   "on every date (1 row: 48)"}]}]}}

    rows: dict[str, int]
    warnings: list[ProblemOut] = Field(default=[], description=(
        "What was not read: a file, sheet or column the format does not have, kept or ignored, "
        "each with the nearest known name (`did you mean 'passed'?`). `strict=true` refuses them"))
    notices: list[ProblemOut] = Field(default=[], description=(
        "What was read without refusing it (an older layout read as the current one, a leaver "
        "without a leaving day), as `talentgraph load` reports it"))


@router.post("/bundle", response_model=Loaded, summary="Replace the graph with a roster bundle (admin)")
def upload(uc: UseCases, caller: Admin,
           file: Annotated[UploadFile, File(
               description="A .zip of the bundle's CSV files, or an .xlsx workbook")],
           strict: Annotated[bool, Query(description=(
               "Refuse (422) a file, sheet or column that would not be read, instead of a warning"))] = False,
           ) -> Loaded:
    roster = uc.bundles.upload(caller, file.file, file.filename or "", strict=strict)
    return Loaded(rows={name: roster.count(name) for name in roster.present},
                  warnings=[_out(w) for w in roster.warnings], notices=[_out(n) for n in roster.notices])


def _out(problem: Problem) -> ProblemOut:
    return ProblemOut(file=problem.file, row=problem.row, column=problem.column, field=problem.column,
                      reason=problem.reason)
