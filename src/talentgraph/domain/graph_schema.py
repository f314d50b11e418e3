"""The property-graph schema, written down once for every backend.

Labels and relationship types come only from these enums (never from user
input). ``docs/graph-schema.md`` draws the same schema; a test keeps the two
in step. The embedded store keys nodes as ``"<label>:<id>"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Label(StrEnum):
    ORG = "Org"
    TEACHER = "Teacher"
    TIER = "Tier"
    PROGRAMME = "Programme"
    STUDIO = "Studio"
    TRAINING = "Training"
    REVIEW = "Review"
    ROUND = "Round"  # Neo4j only (the embedded store keeps rounds as tables): a nomination round
    NOMINATION = "Nomination"  # Neo4j only: a teacher put forward in a round
    DECISION = "Decision"  # Neo4j only: approve / reject of a nomination
    ROUND_EVENT = "RoundEvent"  # Neo4j only: one audited step of a round
    META = "Meta"  # Neo4j only: what the loaded bundle had (files present, extra columns), schema version


class Rel(StrEnum):
    PART_OF = "PART_OF"  # (Org)-[:PART_OF]->(Org) one kind up
    WORKS_AT = "WORKS_AT"  # (Teacher)-[:WORKS_AT]->(Org school)
    NEXT = "NEXT"  # (Tier)-[:NEXT]->(Tier) in ladder order
    HOLDS = "HOLDS"  # (Teacher)-[:HOLDS {level, track, awarded_on, valid_until, org_id}]->(Tier)
    ENROLLED_IN = "ENROLLED_IN"  # (Teacher)-[{enrolled_on, completed_on, result, type}]->(Programme)
    FOR_TIER = "FOR_TIER"  # (Programme)-[:FOR_TIER]->(Tier)
    RUN_BY = "RUN_BY"  # (Programme)-[:RUN_BY]->(Org)
    MENTORS = "MENTORS"  # (Teacher)-[:MENTORS {kind, start_date, end_date}]->(Teacher)
    LEADS = "LEADS"  # (Teacher)-[:LEADS]->(Studio)
    MEMBER_OF = "MEMBER_OF"  # (Teacher)-[:MEMBER_OF {joined_on, left_on}]->(Studio)
    HOSTED_BY = "HOSTED_BY"  # (Studio)-[:HOSTED_BY]->(Org)
    SUPPORTS = "SUPPORTS"  # (Studio)-[:SUPPORTS {since}]->(Org school)
    POSTED_AT = "POSTED_AT"  # (Teacher)-[:POSTED_AT {start_date, end_date, kind}]->(Org school)
    TRAINED = "TRAINED"  # (Teacher)-[:TRAINED]->(Training {date, hours, kind, content, ...})
    REVIEWED = "REVIEWED"  # (Teacher)-[:REVIEWED]->(Review {year, kind, result})
    IN_ROUND = "IN_ROUND"  # (Nomination|RoundEvent)-[:IN_ROUND]->(Round)
    NOMINATES = "NOMINATES"  # (Nomination)-[:NOMINATES]->(Teacher)
    DECIDES = "DECIDES"  # (Decision)-[:DECIDES]->(Nomination)
    ABOUT = "ABOUT"  # (RoundEvent)-[:ABOUT]->(Teacher) the step was about


@dataclass(frozen=True)
class RelShape:
    rel: Rel
    start: Label
    end: Label
    source: str  # the bundle file its rows come from ("" for structural)


SHAPES: tuple[RelShape, ...] = (
    RelShape(Rel.PART_OF, Label.ORG, Label.ORG, "orgs"),
    RelShape(Rel.WORKS_AT, Label.TEACHER, Label.ORG, "teachers"),
    RelShape(Rel.NEXT, Label.TIER, Label.TIER, ""),
    RelShape(Rel.HOLDS, Label.TEACHER, Label.TIER, "titles"),
    RelShape(Rel.ENROLLED_IN, Label.TEACHER, Label.PROGRAMME, "programmes"),
    RelShape(Rel.FOR_TIER, Label.PROGRAMME, Label.TIER, "programmes"),
    RelShape(Rel.RUN_BY, Label.PROGRAMME, Label.ORG, "programmes"),
    RelShape(Rel.MENTORS, Label.TEACHER, Label.TEACHER, "mentorships"),
    RelShape(Rel.LEADS, Label.TEACHER, Label.STUDIO, "studios"),
    RelShape(Rel.MEMBER_OF, Label.TEACHER, Label.STUDIO, "studio_members"),
    RelShape(Rel.HOSTED_BY, Label.STUDIO, Label.ORG, "studios"),
    RelShape(Rel.SUPPORTS, Label.STUDIO, Label.ORG, "studio_links"),
    RelShape(Rel.POSTED_AT, Label.TEACHER, Label.ORG, "postings"),
    RelShape(Rel.TRAINED, Label.TEACHER, Label.TRAINING, "training"),
    RelShape(Rel.REVIEWED, Label.TEACHER, Label.REVIEW, "reviews"),
    # Nomination rounds: in Neo4j only (ROUND_SHAPES); the embedded store keeps them as tables.
    RelShape(Rel.RUN_BY, Label.ROUND, Label.ORG, "rounds"),
    RelShape(Rel.IN_ROUND, Label.NOMINATION, Label.ROUND, "nominations"),
    RelShape(Rel.NOMINATES, Label.NOMINATION, Label.TEACHER, "nominations"),
    RelShape(Rel.DECIDES, Label.DECISION, Label.NOMINATION, "decisions"),
    RelShape(Rel.IN_ROUND, Label.ROUND_EVENT, Label.ROUND, "round_events"),
    RelShape(Rel.ABOUT, Label.ROUND_EVENT, Label.TEACHER, "round_events"),
)
ROUND_SHAPES = tuple(s for s in SHAPES if s.start in (Label.ROUND, Label.NOMINATION, Label.DECISION,
                                                      Label.ROUND_EVENT))

# Training and Review are event records: nodes in Neo4j; columnar in the
# embedded store, where ten million Python objects would cost more memory than
# the rest of the graph (docs/graph-schema.md).


def node_key(label: Label, id: str) -> str:
    """The embedded graph's node key, e.g. ``node_key(Label.TEACHER, "T1") == "Teacher:T1"``."""
    return f"{label.value}:{id}"
