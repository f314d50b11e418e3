"""Answers about the mentorship network: lineages and studio reach.

Both stores answer these (the embedded one with networkx, Neo4j with Cypher) and
must give equal models, so the semantics are fixed here, once:

Lineage (like an academic genealogy): mentorships that started on or before the
as-of date count, ended or not, since a mentor who trained someone stays their
mentor. A relative's ``generation`` is the shortest number of mentorship steps
from the teacher (1 = direct mentor or mentee). Lists are ordered by
(generation, teacher_id).

Studio reach on a date: the lead, the members on that date, the teachers those
people mentor on that date (neither lead nor member themselves), the schools
(current ``school_id``) of all of them plus the schools the studio supports
(``studio_links`` with ``since`` empty or on or before the date), and which of
those schools are rural. "On the date" is inclusive at both ends, as eligibility
reads it (TX-COUNTY-BACKBONE's studio route): a member joined on or before it and
left on or after it, or never; a mentorship started on or before it and ends on
or after it, or never. Lists are sorted by id.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field, computed_field


class Relative(BaseModel):
    model_config = ConfigDict(frozen=True)

    teacher_id: str
    generation: int = Field(ge=1, description="Mentorship steps from the teacher (1 = direct).")


class Lineage(BaseModel):
    model_config = ConfigDict(frozen=True)

    teacher_id: str
    as_of: dt.date
    depth: int = Field(ge=1, description="How many generations up and down were followed.")
    ancestors: list[Relative] = Field(description="Mentors, their mentors, ... up to ``depth``.")
    descendants: list[Relative] = Field(description="Mentees, their mentees, ... down to ``depth``.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def descendants_per_generation(self) -> dict[int, int]:
        return dict(sorted(Counter(r.generation for r in self.descendants).items()))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ancestors_per_generation(self) -> dict[int, int]:
        return dict(sorted(Counter(r.generation for r in self.ancestors).items()))


class StudioReach(BaseModel):
    model_config = ConfigDict(frozen=True)

    studio_id: str
    as_of: dt.date
    lead_id: str
    members: list[str] = Field(description="Members on the date, the lead excluded.")
    mentees: list[str] = Field(description="Mentored on the date by the lead or a member; not themselves in.")
    schools: list[str] = Field(description="Schools of lead, members and mentees, and linked schools.")
    rural_schools: list[str] = Field(description="The rural ones among ``schools``.")
