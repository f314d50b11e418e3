"""The API's input and output schemas carry exactly the columns of the table schema.

Inputs name the columns a request body gives (the path gives the owner's id); a column added
to ``domain/models.py`` and missing from a body fails here, as does a type that differs.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from talentgraph.domain.columns import ColType, column_of
from talentgraph.domain.tables import SPECS
from talentgraph_api.schemas import entities as e

# input schema: (its table, the columns it does not carry, and why)
INPUTS: dict[type[BaseModel], tuple[str, frozenset[str]]] = {
    e.OrgIn: ("orgs", frozenset()),
    e.TeacherIn: ("teachers", frozenset()),
    e.TeacherPatch: ("teachers", frozenset({"id"})),  # the path names the teacher
    # A title written through the API is manual; the round columns are written by a round only.
    e.TitleIn: ("titles", frozenset({"teacher_id", "source", "nomination_id", "policy", "policy_hash",
                                     "verdict"})),
    e.ProgrammeIn: ("programmes", frozenset({"teacher_id"})),
    e.TrainingIn: ("training", frozenset({"teacher_id"})),
    e.ReviewIn: ("reviews", frozenset({"teacher_id"})),
    e.PostingIn: ("postings", frozenset({"teacher_id"})),
    e.MentorshipIn: ("mentorships", frozenset()),
    e.StudioIn: ("studios", frozenset()),
    e.MemberIn: ("studio_members", frozenset({"studio_id", "left_on"})),  # left_on: Leaving
    e.LinkIn: ("studio_links", frozenset({"studio_id"})),
    e.Leaving: ("studio_members", frozenset({"studio_id", "teacher_id", "joined_on"})),
}
OUTPUTS: dict[type[BaseModel], str] = {
    e.OrgOut: "orgs", e.TeacherOut: "teachers", e.TitleOut: "titles", e.ProgrammeOut: "programmes",
    e.TrainingOut: "training", e.ReviewOut: "reviews", e.PostingOut: "postings",
    e.MentorshipOut: "mentorships", e.StudioOut: "studios", e.MemberOut: "studio_members",
    e.LinkOut: "studio_links",
}


def text(column_type: ColType) -> ColType:
    """An id is text in a request body (a body may name it ``str``)."""
    return ColType.TEXT if column_type is ColType.ID else column_type


@pytest.mark.parametrize("schema", INPUTS, ids=lambda s: s.__name__)
def test_an_input_carries_its_tables_columns_with_their_types(schema: type[BaseModel]) -> None:
    table, left_out = INPUTS[schema]
    spec = SPECS[table]
    assert set(schema.model_fields) == set(spec.column_names) - left_out
    for name, field in schema.model_fields.items():
        given, column = column_of(name, field), spec.column(name)
        assert (text(given.type), given.enum) == (text(column.type), column.enum), name
        if column.default is not None and not field.is_required() and field.default is not None:
            assert given.default == column.default, name


@pytest.mark.parametrize("schema", OUTPUTS, ids=lambda s: s.__name__)
def test_an_output_carries_every_column_of_its_table(schema: type[BaseModel]) -> None:
    assert set(SPECS[OUTPUTS[schema]].column_names) <= set(schema.model_fields)
