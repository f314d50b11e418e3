"""The property-graph schema, written down once for every backend.

Labels and relationship types come only from these enums (never from user
input). ``docs/graph-schema.md`` draws the same schema; a test keeps the two
in step. The embedded store keys nodes as ``"<label>:<id>"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    ORG = "Org"
    TEACHER = "Teacher"
    TIER = "Tier"
    LEVEL = "Level"  # the level ladder: school -> county -> city -> province -> national
    TITLE = "Title"  # one per (tier, level, awarding org), like Programme
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
    NEXT = "NEXT"  # (Tier)-[:NEXT]->(Tier), (Level)-[:NEXT]->(Level) in ladder order
    HOLDS = "HOLDS"  # (Teacher)-[:HOLDS {track, awarded_on, valid_until}]->(Title)
    OF_TIER = "OF_TIER"  # (Title)-[:OF_TIER]->(Tier)
    AWARDED_BY = "AWARDED_BY"  # (Title)-[:AWARDED_BY]->(Org) the awarding organisation
    AT_LEVEL = "AT_LEVEL"  # (Title|Programme)-[:AT_LEVEL]->(Level)
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
    RelShape(Rel.NEXT, Label.LEVEL, Label.LEVEL, ""),
    RelShape(Rel.HOLDS, Label.TEACHER, Label.TITLE, "titles"),
    RelShape(Rel.OF_TIER, Label.TITLE, Label.TIER, "titles"),
    RelShape(Rel.AWARDED_BY, Label.TITLE, Label.ORG, "titles"),
    RelShape(Rel.AT_LEVEL, Label.TITLE, Label.LEVEL, "titles"),
    RelShape(Rel.ENROLLED_IN, Label.TEACHER, Label.PROGRAMME, "programmes"),
    RelShape(Rel.FOR_TIER, Label.PROGRAMME, Label.TIER, "programmes"),
    RelShape(Rel.RUN_BY, Label.PROGRAMME, Label.ORG, "programmes"),
    RelShape(Rel.AT_LEVEL, Label.PROGRAMME, Label.LEVEL, "programmes"),
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


# The graph's layout version (on the Meta node as ``layout_version``; none: 1). It changes when
# the graph derives new nodes or edges from the same tables, apart from the table
# SCHEMA_VERSION: 2 made titles Title nodes with their awarding org, tier and level as edges,
# and added the Level ladder (store/neo4j_store/migrations.py brings a version 1 graph forward).
LAYOUT_VERSION = 2


def award_id(tier: str, level: str, org_id: str | None) -> str:
    """The id of a Title or Programme node: ``backbone@county:C1-K1`` (``-``: no awarding org)."""
    return f"{tier}@{level}:{org_id or '-'}"


def held_tier(end: str, edge: Mapping[str, Any]) -> str:
    """The tier a HOLDS edge of the embedded graph gives: its ``tier`` (the edge carries the
    title's row), else the end node's id (an edge drawn straight to ``Tier:<tier>``)."""
    return str(edge.get("tier") or end.split(":", 1)[1])


def node_key(label: Label, id: str) -> str:
    """The embedded graph's node key, e.g. ``node_key(Label.TEACHER, "T1") == "Teacher:T1"``."""
    return f"{label.value}:{id}"
