"""Every statement in cypher/: one statement, the parameters its call site passes, schema names only."""

from __future__ import annotations

import re

import pytest

from talentgraph.bundle.spec import FILE_ORDER, SPECS, ColType
from talentgraph.domain.graph_schema import Label, Rel
from talentgraph.store.cypher import code_only, names, parameters, query
from talentgraph.store.neo4j_store import CALLS, READS

STATEMENTS = names()
# (n:Label), (:A|B), FOR (n:Label) ... and [r:TYPE], [:A|B*0..3]
NODE_LABELS = re.compile(r"\(\s*\w*\s*:\s*(\w+(?:\s*\|\s*\w+)*)")
REL_TYPES = re.compile(r"\[\s*\w*\s*:\s*(\w+(?:\s*\|\s*\w+)*)")
# A read's row: collect([<one item per bundle column>] + [k IN $extras | x[k]])
ROW_ITEMS = re.compile(r"collect\(\[(.*?)\] \+ \[k IN \$extras \| \w+\[k\]\]\)")


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
    assert re.fullmatch(r"(create|merge|match|delete|count)_[a-z_]+", name)


@pytest.mark.parametrize("name", STATEMENTS)
def test_labels_and_relationship_types_come_from_the_schema(name: str) -> None:
    code = code_only(query(name))
    labels, types = split(NODE_LABELS.findall(code)), split(REL_TYPES.findall(code))
    assert labels <= {label.value for label in Label}, labels
    assert types <= {rel.value for rel in Rel}, types


@pytest.mark.parametrize("name", [n for n in STATEMENTS if "rows" in parameters(n)])
def test_batches_unwind_rows(name: str) -> None:
    assert code_only(query(name)).lstrip().startswith("UNWIND $rows AS row")


@pytest.mark.parametrize("file", FILE_ORDER)
def test_reads_return_the_bundle_columns_in_spec_order(file: str) -> None:
    """Rows come back as lists, so the order matters: the row's ordinal, then for each column its
    property (or an end node's id); exactly the date columns go through toString."""
    rows = ROW_ITEMS.findall(code_only(query(READS.get(file, "match_orgs"))))
    assert rows
    for listed in rows:
        ordinal, *items = [item.strip() for item in listed.split(",")]
        assert ordinal.endswith(".ordinal")
        assert len(items) == len(SPECS[file].columns)
        for item, column in zip(items, SPECS[file].columns, strict=True):
            dated = item.startswith("toString(")
            assert dated == (column.type is ColType.DATE), (item, column.name)
            prop = item.removeprefix("toString(").rstrip(")").split(".")[1]
            end_id = prop == "id" and (column.name == "tier" or column.name.endswith("_id"))
            assert prop == column.name or end_id, (item, column.name)


def test_the_checks_see_labels_and_types() -> None:
    code = code_only(query("match_studios_in_orgs"))
    assert split(NODE_LABELS.findall(code)) == {"Org", "Teacher", "Studio"}
    assert split(REL_TYPES.findall(code)) == {"PART_OF", "WORKS_AT", "MEMBER_OF", "LEADS"}


def test_parameters_ignore_comments_and_strings() -> None:
    assert code_only("RETURN '$not' // $nor\n + $yes") == "RETURN '' \n + $yes"


def test_an_unknown_statement_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="no_such_statement"):
        query("no_such_statement")
