"""Shapes every router uses: pages of items, and the error body."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class ProblemOut(BaseModel):
    """One problem with the input: where (file/row/column for bundles, field for requests) and why."""

    file: str | None = None
    place: str | None = Field(None, description="The sheet (in a workbook) or file as the uploader named it, "
                                                "where that is not `file` (教师 for teachers.csv).")
    row: int | None = Field(None, description="Spreadsheet row (the header is row 1).")
    column: str | None = None
    field: str | None = None
    reason: str


class ErrorBody(BaseModel):
    detail: str
    problems: list[ProblemOut] = []
    warnings: list[ProblemOut] = Field(default=[], description=(
        "A refused bundle's warnings: what would not have been read (a file, sheet or column the "
        "format does not have), so the uploader mends everything in one pass"))
    notices: list[ProblemOut] = Field(default=[], description=(
        "A refused bundle's notices: what would have been read without refusing it"))

    model_config = {"json_schema_extra": {"examples": [{
        "detail": "1 problem(s); nothing was written",
        "problems": [{"file": "teachers", "row": None, "column": "school_id", "field": "school_id",
                      "reason": "'C01-K09-S0001' is not an id in orgs.csv"}]}]}}


class Page(BaseModel, Generic[T]):
    """A page of a list in a stable order; ``total`` counts every item, not only this page."""

    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(items: Sequence[T], limit: int, offset: int) -> Page[T]:
    return Page[T](items=list(items[offset:offset + limit]), total=len(items), limit=limit, offset=offset)
