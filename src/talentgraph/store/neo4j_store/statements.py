"""Which statements the Neo4j store runs, with which parameters, and the one way to run one.

Every statement lives in ``cypher/`` (``talentgraph.store.cypher``). ``CALLS`` lists the
parameters each call site passes; ``run`` refuses any other set (a unit test checks ``CALLS``
against the files). Modules call ``statements.run`` through this module, so a test can watch
every statement the store sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j

from talentgraph.domain.tables import FILE_ORDER, ROUND_TABLES
from talentgraph.store.cypher import query


@dataclass(frozen=True)
class LoadPlan:
    """How one bundle file is written: its statement and the shape of each row sent.

    Each row is ``{<ends>..., key?, props}``: ``ends`` are the columns the statement matches
    nodes by; ``props`` holds the properties to set (every column for a node table, the
    non-end columns for a relationship table, and the row's ``ordinal`` in its file). Tables
    without an id get a ``key``.
    """

    statement: str
    ends: tuple[str, ...]
    key_owner: str | None = None  # the key starts with this column; None: the table has ids
    node: bool = False


# Nomination rounds (schema version 3): nodes hanging off their round, keyed by the round.
ROUND_PLANS: dict[str, LoadPlan] = {
    "rounds": LoadPlan("merge_rounds", ("id", "org_id"), node=True),
    "nominations": LoadPlan("merge_nominations", ("id", "round_id", "teacher_id"), "round_id", node=True),
    "decisions": LoadPlan("merge_decisions", ("nomination_id",), "round_id", node=True),
    "round_events": LoadPlan("merge_round_events", ("round_id", "teacher_id"), "round_id", node=True),
}
LOAD_PLANS: dict[str, LoadPlan] = {
    "orgs": LoadPlan("merge_orgs", ("id",), node=True),
    "teachers": LoadPlan("merge_teachers", ("id", "school_id"), node=True),
    "titles": LoadPlan("merge_titles", ("teacher_id", "tier", "level", "org_id"), "teacher_id"),
    "programmes": LoadPlan("merge_programmes", ("teacher_id", "tier", "level", "org_id"), "teacher_id"),
    "training": LoadPlan("merge_training", ("teacher_id",), "teacher_id", node=True),
    "mentorships": LoadPlan("merge_mentorships", ("mentor_id", "mentee_id"), "mentee_id"),
    "studios": LoadPlan("merge_studios", ("id", "lead_id", "host_org_id"), node=True),
    "studio_members": LoadPlan("merge_studio_members", ("studio_id", "teacher_id"), "teacher_id"),
    "studio_links": LoadPlan("merge_studio_links", ("studio_id", "school_id"), "studio_id"),
    "reviews": LoadPlan("merge_reviews", ("teacher_id",), "teacher_id", node=True),
    "postings": LoadPlan("merge_postings", ("teacher_id", "school_id"), "teacher_id"),
    **ROUND_PLANS,
}

# Every table but orgs (always read whole) is read through the teachers in scope.
READS: dict[str, str] = {name: f"match_{name}_in_orgs" for name in FILE_ORDER if name != "orgs"}
FACT_TABLES = tuple(name for name in READS  # eligibility never reads links, nor rounds
                    if name != "studio_links" and name not in ROUND_TABLES)
CONSTRAINTS = tuple(f"create_constraint_{key}" for key in (
    "org_id", "teacher_id", "studio_id", "tier_id", "level_id", "title_id", "programme_id", "training_key",
    "review_key", "meta_id", "round_id", "nomination_id", "decision_key", "round_event_key"))
# The API's record reads of studios, per table.
STUDIO_READS = {"studios": "match_studios_by_id", "studio_members": "match_studio_members_by_studio",
                "studio_links": "match_studio_links_by_studio"}

_ROWS, _NONE = frozenset({"rows"}), frozenset[str]()
_SCOPE = frozenset({"org_ids", "teacher_id", "extras"})
_IN_POST = frozenset({"org_ids", "as_of", "active"})  # the pipeline's teachers in post in a subtree
CALLS: dict[str, frozenset[str]] = {
    **{name: _NONE for name in CONSTRAINTS},
    "merge_tiers": _ROWS,
    "merge_tier_links": _ROWS,
    "merge_levels": _ROWS,
    "merge_level_links": _ROWS,
    "merge_bundle_meta": frozenset({"present", "extras", "schema_version", "layout_version"}),
    **{plan.statement: _ROWS for plan in LOAD_PLANS.values()},
    "merge_org_parents": _ROWS,
    "match_bundle_meta": _NONE,
    "match_schema_version": _NONE,
    # Upgrades of a graph of an earlier schema version (migrations.py).
    "migrate_training_content": frozenset({"legacy", "batch_size"}),
    "count_training_legacy_kinds": frozenset({"legacy"}),
    "migrate_programme_type": frozenset({"type", "batch_size"}),
    "migrate_schema_version": frozenset({"version", "columns"}),
    "migrate_title_source": frozenset({"source", "batch_size"}),
    # Upgrades of a graph of an earlier layout (migrations.py): titles as nodes, the level ladder.
    "migrate_titles_to_nodes": frozenset({"batch_size"}),
    "migrate_programme_levels": frozenset({"batch_size"}),
    "migrate_layout_version": frozenset({"version"}),
    "match_orgs": frozenset({"extras"}),
    "match_teacher_school": frozenset({"teacher_id"}),
    "match_teacher_facts": frozenset({"teacher_id"}),
    "match_mentors_of": frozenset({"ids", "as_of"}),
    "match_mentees_of": frozenset({"ids", "as_of"}),
    "match_studio_reach": frozenset({"studio_id", "as_of"}),
    **{statement: _SCOPE for statement in READS.values()},
    "delete_graph_nodes": frozenset({"batch_size"}),
    "count_graph_nodes": _NONE,
    "count_graph_relationships": _NONE,
    # The pipeline's counts, aggregated in the database (pipeline_counts.py).
    "match_pipeline_roots": frozenset({"root_id"}),
    "count_pipeline_teachers": _IN_POST,
    "count_pipeline_holders": _IN_POST | {"teacher_track"},
    "count_pipeline_beyond": _IN_POST | {"teacher_track", "tier", "level", "track", "ladder", "admitted"},
    "count_pipeline_share": _IN_POST | {"teacher_track", "tier", "level", "tracks", "stages", "programmes"},
    # The API's record reads and writes (records.py).
    "delete_org_parent": frozenset({"id"}),
    "delete_teacher_school": frozenset({"id"}),
    "delete_studio_lead": frozenset({"id"}),
    "delete_studio_host": frozenset({"id"}),
    **{f"delete_{name}_of_owner": frozenset({"owner_id", "keys"}) for name in (
        "titles", "programmes", "training", "mentorships", "studio_members", "studio_links", "reviews",
        "postings", "nominations", "decisions", "round_events")},
    "match_round_tables": frozenset({"round_ids"}),
    "match_round_ids": _NONE,
    **{name: frozenset({"studio_ids", "extras"}) for name in STUDIO_READS.values()},
    "match_mentorships_by_mentor": frozenset({"teacher_id", "extras"}),
    "match_mentoring_path": frozenset({"from_id", "to_id"}),
    "match_schools_of_teachers": frozenset({"ids"}),
}


def run(tx: neo4j.ManagedTransaction, name: str, /, **params: Any) -> list[neo4j.Record]:
    """Run ``cypher/<name>.cypher`` with exactly the parameters ``CALLS`` lists for it."""
    if frozenset(params) != CALLS[name]:
        raise TypeError(f"{name}: called with {sorted(params)}, the statement takes {sorted(CALLS[name])}")
    return list(tx.run(query(name), params))
