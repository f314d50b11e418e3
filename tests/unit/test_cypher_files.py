"""Every statement in cypher/: one statement, the parameters its call site passes, schema names only."""

from __future__ import annotations

import re

import pytest

from talentgraph.domain.columns import ColType
from talentgraph.domain.graph_schema import Label, Rel
from talentgraph.domain.tables import FILE_ORDER, SPECS
from talentgraph.store.cypher import code_only, names, parameters, query
from talentgraph.store.neo4j_store import CALLS, FACT_TABLES

STATEMENTS = names()
# (n:Label), (:A|B), FOR (n:Label) ... and [r:TYPE], [:A|B*0..3]
NODE_LABELS = re.compile(r"\(\s*\w*\s*:\s*(\w+(?:\s*\|\s*\w+)*)")
REL_TYPES = re.compile(r"\[\s*\w*\s*:\s*(\w+(?:\s*\|\s*\w+)*)")


def split(found: list[str]) -> set[str]:
    return {name.strip() for group in found for name in group.split("|")}


def test_the_folder_holds_the_statements_the_store_calls() -> None:
    assert sorted(CALLS) == STATEMENTS


@pytest.mark.parametrize("name", STATEMENTS)
def test_each_call_site_passes_exactly_the_statements_parameters(name: str) -> None:
    assert CALLS[name] == parameters(name)


@pytest.mark.parametrize("name", STATEMENTS)
def test_each_file_is_one_statement_named_verb_noun(name: str) -> None:
    code = code_only(query(name)).strip()
    assert code and ";" not in code.rstrip(";")
    assert re.fullmatch(r"(create|merge|match|delete|count|migrate)_[a-z_]+", name)


@pytest.mark.parametrize("name", STATEMENTS)
def test_labels_and_relationship_types_come_from_the_schema(name: str) -> None:
    code = code_only(query(name))
    labels, types = split(NODE_LABELS.findall(code)), split(REL_TYPES.findall(code))
    assert labels <= {label.value for label in Label}, labels
    assert types <= {rel.value for rel in Rel}, types


@pytest.mark.parametrize("name", [n for n in STATEMENTS if "rows" in parameters(n)])
def test_batches_unwind_rows(name: str) -> None:
    assert code_only(query(name)).lstrip().startswith("UNWIND $rows AS row")


def row_lists(statement: str) -> list[tuple[str, list[str]]]:
    """Each row a read returns, as (its table, its items): a list literal that starts with the
    row's ordinal. The table is the alias the list is returned as, or else the statement's noun
    (``match_<table>_in_orgs``, ``match_<table>_by_...``, ``match_orgs``)."""
    code = code_only(query(statement))
    found = []
    for start in ROW_START.finditer(code):
        depth, end = 0, start.start()
        for end in range(start.start(), len(code)):
            depth += {"[": 1, "]": -1, "(": 1, ")": -1}.get(code[end], 0)
            if depth == 0:
                break
        alias, noun = ALIAS_AFTER.match(code, end + 1), STATEMENT_NOUN.match(statement)
        name = alias.group(1) if alias and alias.group(1) in SPECS else noun.group(1) if noun else ""
        assert name in SPECS, (statement, code[start.start(): end + 1])
        found.append((name, [item.strip() for item in split_top(code[start.start() + 1: end])]))
    return found


ROW_START = re.compile(r"\[\s*\w+\.ordinal\s*,")
ALIAS_AFTER = re.compile(r"[\s\])]*AS\s+(\w+)")
STATEMENT_NOUN = re.compile(r"match_(\w+?)(?:_in_orgs|_by_\w+)?$")
READERS = [name for name in STATEMENTS if ROW_START.search(code_only(query(name)))]


def split_top(text: str) -> list[str]:
    """``text`` split at commas outside brackets and parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += {"[": 1, "]": -1, "(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


@pytest.mark.parametrize("statement", READERS)
def test_every_read_returns_every_column_of_its_table_in_schema_order(statement: str) -> None:
    """Rows come back as lists, so the order matters: the row's ordinal, then for each column its
    property (or an end node's id); exactly the date columns go through toString. A column added to
    the schema but not to a read fails here."""
    for file, items in row_lists(statement):
        ordinal, *columns = items
        assert ordinal.endswith(".ordinal")
        assert len(columns) == len(SPECS[file].columns), (statement, file, columns)
        for item, column in zip(columns, SPECS[file].columns, strict=True):
            dated = item.startswith("toString(")
            assert dated == (column.type is ColType.DATE), (statement, item, column.name)
            prop = item.removeprefix("toString(").rstrip(")").split(".")[1]
            end_id = prop == "id" and (column.name == "tier" or column.name.endswith("_id"))
            assert prop == column.name or end_id, (statement, item, column.name)


def test_every_table_is_read_back_and_one_teachers_facts_cover_the_fact_tables() -> None:
    read = {file for statement in READERS for file, _ in row_lists(statement)}
    assert read == set(FILE_ORDER)
    assert {file for file, _ in row_lists("match_teacher_facts")} == {"orgs", *FACT_TABLES}


def test_the_checks_see_labels_and_types() -> None:
    code = code_only(query("match_studios_in_orgs"))
    assert split(NODE_LABELS.findall(code)) == {"Org", "Teacher", "Studio"}
    assert split(REL_TYPES.findall(code)) == {"PART_OF", "WORKS_AT", "MEMBER_OF", "LEADS"}


def test_parameters_ignore_comments_and_strings() -> None:
    assert code_only("RETURN '$not' // $nor\n + $yes") == "RETURN '' \n + $yes"


def test_an_unknown_statement_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no_such_statement"):
        query("no_such_statement")
