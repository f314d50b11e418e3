"""A roster as the CSV files of ``neo4j-admin database import full``: Neo4j's offline bulk load.

The files describe the same graph the Neo4j store's driver load writes (``cypher/merge_*``):
the same labels, relationship types and properties, row keys, ``ordinal`` and the ``Meta`` node,
so the store reads an imported database exactly as a loaded one (a test imports with Neo4j's own
tool and compares the two graphs). Each label and type gets a header file (property types, the
id space of each end) and a data file; ``write_import`` also writes ``import.sh`` with the exact
command. Constraints are not part of the import: the store creates them when it first connects.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from talentgraph.domain.enums import Level, Tier
from talentgraph.domain.graph_schema import LAYOUT_VERSION, Label, Rel
from talentgraph.domain.message import N_, message
from talentgraph.domain.tables import FILE_ORDER, ROUND_TABLES, SCHEMA_VERSION
from talentgraph.errors import TalentGraphError
from talentgraph.roster import Roster, plain, texts_of
from talentgraph.store.neo4j_store.loads import extras, shape
from talentgraph.store.neo4j_store.statements import LOAD_PLANS

DATABASE = "neo4j"
SCRIPT = "import.sh"

# The import tool's name for each Arrow type; strings need none.
_TYPES = {pa.bool_(): "boolean", pa.int64(): "long", pa.float64(): "double", pa.date32(): "date"}


@dataclass(frozen=True)
class Part:
    """One header + data file pair: the nodes of a label or the relationships of a type."""

    kind: str  # "nodes" or "relationships"
    name: str  # the label or the relationship type
    table: pa.Table  # columns: the id (nodes) or the two ends (relationships), then properties
    ends: tuple[Label, ...]  # nodes: (label,) for the id space; relationships: (start, end)

    @property
    def stem(self) -> str:
        """The files' name; a type joining several labels (NEXT, AT_LEVEL) has a pair per start."""
        if self.kind == "relationships" and self.name in (Rel.NEXT, Rel.AT_LEVEL):
            return f"{self.kind}-{self.name}-{self.ends[0].value}"
        return f"{self.kind}-{self.name}"


@dataclass(frozen=True)
class ImportFiles:
    folder: Path
    command: list[str]  # neo4j-admin's arguments, paths relative to ``folder``
    rows: int  # bundle rows written (the load's unit)

    def shell(self) -> str:
        return f"cd {shlex.quote(str(self.folder))} && {shlex.join(self.command)}"


def write_import(roster: Roster, folder: Path, database: str = DATABASE) -> ImportFiles:
    """Write the import files of ``roster`` into ``folder`` (created; files there are replaced)."""
    held = [name for name in ROUND_TABLES if roster.count(name)]
    if held:  # refused rather than left out: the import files do not carry them yet
        raise TalentGraphError(message(N_("the offline import does not carry nomination rounds yet "
                                          "({tables}): load the bundle with talentgraph load --store "
                                          "bolt://... instead"),
                                       tables=", ".join(held)))
    folder.mkdir(parents=True, exist_ok=True)
    parts = list(graph_parts(roster))
    multiline = False
    for part in parts:
        (folder / f"{part.stem}.header.csv").write_text(",".join(_header(part)) + "\n", encoding="utf-8")
        pacsv.write_csv(part.table, folder / f"{part.stem}.csv",
                        pacsv.WriteOptions(include_header=False, quoting_style="needed"))
        multiline = multiline or _has_newline(part.table)
    command = ["neo4j-admin", "database", "import", "full",
               *(f"--{p.kind}={p.name}={p.stem}.header.csv,{p.stem}.csv" for p in parts),
               "--bad-tolerance=0",  # a bad entry stops the import instead of being left out
               *(["--multiline-fields=true"] if multiline else []),
               database]
    files = ImportFiles(folder.resolve(), command, sum(roster.count(name) for name in FILE_ORDER))
    script = folder / SCRIPT
    script.write_text("#!/bin/sh\n# Stop Neo4j first; add --overwrite-destination to replace an existing "
                      f'database.\ncd "$(dirname "$0")" && {shlex.join(command)}\n', encoding="utf-8")
    script.chmod(0o755)
    return files


def graph_parts(roster: Roster) -> Iterator[Part]:
    """Every label's nodes and every type's relationships, as the driver load writes them."""
    orgs, teachers, studios = (_props(name, roster) for name in ("orgs", "teachers", "studios"))
    yield Part("nodes", Label.ORG, orgs, (Label.ORG,))
    yield _rels(Rel.PART_OF, orgs.select(["id", "parent_id"]), Label.ORG, Label.ORG)
    yield Part("nodes", Label.TEACHER, teachers, (Label.TEACHER,))
    yield _rels(Rel.WORKS_AT, teachers.select(["id", "school_id"]), Label.TEACHER, Label.ORG)
    yield Part("nodes", Label.TIER, pa.table({"id": [t.value for t in Tier], "rank": [t.rank for t in Tier]}),
               (Label.TIER,))
    yield _rels(Rel.NEXT, pa.table({"lower": [a.value for a, _ in pairwise(Tier)],
                                    "upper": [b.value for _, b in pairwise(Tier)]}), Label.TIER, Label.TIER)
    yield Part("nodes", Label.LEVEL, pa.table({"id": [lv.value for lv in Level],
                                               "rank": [lv.rank for lv in Level]}), (Label.LEVEL,))
    levels = pa.table({"lower": [a.value for a, _ in pairwise(Level)],
                       "upper": [b.value for _, b in pairwise(Level)]})
    yield _rels(Rel.NEXT, levels, Label.LEVEL, Label.LEVEL)
    yield Part("nodes", Label.STUDIO, studios, (Label.STUDIO,))
    yield _rels(Rel.LEADS, studios.select(["lead_id", "id"]), Label.TEACHER, Label.STUDIO)
    yield _rels(Rel.HOSTED_BY, studios.select(["id", "host_org_id"]), Label.STUDIO, Label.ORG)
    for name, label, rel in (("training", Label.TRAINING, Rel.TRAINED),
                             ("reviews", Label.REVIEW, Rel.REVIEWED)):
        events = _keyed(name, roster)  # key, then every column as a property
        yield Part("nodes", label, events, (label,))
        yield _rels(rel, events.select(["teacher_id", "key"]), Label.TEACHER, label)

    yield from _awards("programmes", roster, Label.PROGRAMME, Rel.FOR_TIER, Rel.RUN_BY, Rel.ENROLLED_IN)
    yield from _awards("titles", roster, Label.TITLE, Rel.OF_TIER, Rel.AWARDED_BY, Rel.HOLDS)
    yield _rels(Rel.MENTORS, _keyed("mentorships", roster), Label.TEACHER, Label.TEACHER)
    members = _keyed("studio_members", roster)  # ends as the load plan lists them: studio, teacher
    yield _rels(Rel.MEMBER_OF, members.select(["teacher_id", "studio_id", *members.column_names[2:]]),
                Label.TEACHER, Label.STUDIO)
    yield _rels(Rel.SUPPORTS, _keyed("studio_links", roster), Label.STUDIO, Label.ORG)
    yield _rels(Rel.POSTED_AT, _keyed("postings", roster), Label.TEACHER, Label.ORG)
    yield Part("nodes", Label.META, pa.table({
        "id": ["bundle"], "present": [";".join(sorted(roster.present))],
        "extras": [";".join(f"{n}.{c}" for n in FILE_ORDER for c in extras(n, roster[n])) or None],
        "schema_version": [SCHEMA_VERSION], "layout_version": [LAYOUT_VERSION]},
        schema=pa.schema([("id", pa.string()), ("present", pa.string()), ("extras", pa.string()),
                          ("schema_version", pa.int64()), ("layout_version", pa.int64())])),
        (Label.META,))


def _awards(name: str, roster: Roster, label: Label, tier_rel: Rel, org_rel: Rel,
            held: Rel) -> Iterator[Part]:
    """Programme or Title nodes (one per tier, level and org) with their tier, level and org edges,
    and the enrolments or holdings of them, as merge_programmes and merge_titles write them."""
    rows = _keyed(name, roster)
    org = pc.fill_null(rows["org_id"], "-")
    ids = pc.binary_join_element_wise(rows["tier"], "@", rows["level"], ":", org, "")
    nodes = pa.table({"id": ids, "tier": rows["tier"], "level": rows["level"], "org_id": rows["org_id"]})
    nodes = nodes.take(_first_of_each(nodes["id"]))  # one node per tier, level and org
    yield Part("nodes", label, nodes, (label,))
    yield _rels(tier_rel, nodes.select(["id", "tier"]), label, Label.TIER)
    yield _rels(Rel.AT_LEVEL, nodes.select(["id", "level"]), label, Label.LEVEL)
    yield _rels(org_rel, nodes.select(["id", "org_id"]), label, Label.ORG)
    holdings = rows.drop_columns(["tier", "level", "org_id"]).add_column(1, label.value.lower(), ids)
    yield _rels(held, holdings, Label.TEACHER, label)


def _props(name: str, roster: Roster) -> pa.Table:
    """A node table's properties as the load sets them: every column, extras as text, ordinal."""
    return pa.Table.from_struct_array(shape(name, plain(roster[name]))["props"].combine_chunks())


def _keyed(name: str, roster: Roster) -> pa.Table:
    """A table without ids as the load writes it: its ends, the row key, then its properties."""
    # Plain strings: a validated roster holds its enums dictionary-encoded, and Arrow's string
    # kernels (the Title and Programme ids) and the import files want the texts.
    shaped = shape(name, plain(roster[name]))
    props = pa.Table.from_struct_array(shaped["props"].combine_chunks())
    plan = LOAD_PLANS[name]
    ends = [c for c in plan.ends if not plan.node]
    columns = {c: shaped[c] for c in ends} | {"key": shaped["key"]}
    columns |= {c: props[c] for c in props.column_names}
    return pa.table(columns)


def _rels(rel: Rel, table: pa.Table, start: Label, end: Label) -> Part:
    """The first two columns are the ends (rows missing either are not relationships); the rest
    are the relationship's properties."""
    first, second = table.column_names[:2]
    present = pc.and_(pc.is_valid(table[first]), pc.is_valid(table[second]))
    return Part("relationships", rel, table.filter(present), (start, end))


def _first_of_each(ids: pa.ChunkedArray) -> pa.Array:
    seen: dict[str, int] = {}
    for i, value in enumerate(ids.to_pylist()):
        seen.setdefault(value, i)
    return pa.array(sorted(seen.values()), pa.int64())


def _header(part: Part) -> list[str]:
    names = part.table.column_names
    if part.kind == "nodes":
        label = part.ends[0].value
        first = f"{names[0]}:ID({label})"
        rest = names[1:]
    else:
        first = f":START_ID({part.ends[0].value}),:END_ID({part.ends[1].value})"
        rest = names[2:]
    columns = [first]
    for name in rest:
        type_ = part.table.schema.field(name).type
        if part.name == Label.META and name in ("present", "extras"):
            columns.append(f"{name}:string[]")
        else:
            columns.append(f"{name}:{_TYPES[type_]}" if type_ in _TYPES else name)
    return columns


def _has_newline(table: pa.Table) -> bool:
    return any(pc.any(pc.match_substring(text, "\n")).as_py()
               for column in table.columns for text in texts_of(column))  # encoded: its dictionary
