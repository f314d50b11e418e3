"""The table schema is defined once (domain/models.py) and every form of a table follows it.

The round trips run on ``every_column_roster``, in which every column holds a value, so a new
column is exercised here without a new test.
"""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

import pyarrow as pa
import pytest
from pydantic import ValidationError

from talentgraph.bundle.load import load_bundle
from talentgraph.bundle.write import write_bundle
from talentgraph.domain import models
from talentgraph.domain.columns import ColType, MayBeEmpty, Row, table_spec
from talentgraph.domain.tables import FILE_ORDER, MODELS, SPECS, TABLES
from talentgraph.records_model import model_of, row_of
from talentgraph.roster import Roster, arrow_schema, plain
from talentgraph.store.snapshot import load_snapshot, save_snapshot
from tests.every_column import empty_columns, every_column_roster

TODAY = dt.date(2026, 9, 1)


@pytest.fixture(scope="module")
def full() -> Roster:
    roster = every_column_roster()
    assert empty_columns(roster) == []
    return roster


def test_every_entity_model_is_a_table_and_every_table_a_model() -> None:
    rows = {m for m in vars(models).values()
            if isinstance(m, type) and issubclass(m, Row) and m is not Row}
    assert rows == set(MODELS.values())
    assert [t.name for t in TABLES] == list(FILE_ORDER)


@pytest.mark.parametrize("name", FILE_ORDER)
def test_a_tables_columns_are_its_models_fields_in_order(name: str) -> None:
    model, spec = MODELS[name], SPECS[name]
    assert spec == table_spec(model)
    assert spec.column_names == tuple(model.model_fields)
    for column in spec.columns:
        field = model.model_fields[column.name]
        if column.required:
            assert field.is_required(), column
        elif field.is_required():  # a record must give it, a roster may leave it empty
            assert any(isinstance(m, MayBeEmpty) for m in field.metadata), column
        if column.default is not None:
            assert str(getattr(field.default, "value", field.default)).lower() == column.default


@pytest.mark.parametrize("name", FILE_ORDER)
def test_references_point_to_earlier_tables_by_their_id(name: str) -> None:
    for column in SPECS[name].columns:
        if column.ref is not None:
            assert FILE_ORDER.index(column.ref.file) <= FILE_ORDER.index(name)
            assert SPECS[column.ref.file].key[0] == "id"
            assert column.type is ColType.ID
        if column.not_before is not None:
            assert SPECS[name].column(column.not_before).type is ColType.DATE


@pytest.mark.parametrize("name", FILE_ORDER)
def test_the_roster_holds_each_table_with_its_arrow_schema(full: Roster, name: str) -> None:
    assert full[name].schema.equals(arrow_schema(SPECS[name]))
    assert Roster({})[name].schema.equals(arrow_schema(SPECS[name]))


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_every_column_survives_a_bundle_round_trip(tmp_path: Path, full: Roster, suffix: str) -> None:
    write_bundle(full, tmp_path / f"bundle{suffix}")
    again = load_bundle(tmp_path / f"bundle{suffix}", today=TODAY)
    for name in FILE_ORDER:
        assert plain(again[name]).equals(plain(full[name])), name  # read back encoded (roster.ENCODED)


def test_every_column_survives_a_snapshot(tmp_path: Path, full: Roster) -> None:
    save_snapshot(full, tmp_path / "x.snapshot")
    assert load_snapshot(tmp_path / "x.snapshot").equals(full)


@pytest.mark.parametrize("name", FILE_ORDER)
def test_every_row_is_a_record_and_back(full: Roster, name: str) -> None:
    for row in full[name].to_pylist():
        record = model_of(name, row)
        assert row_of(name, record) == row
        assert set(type(record).model_fields) == set(SPECS[name].column_names)


def test_a_record_keeps_the_date_order_a_bundle_keeps() -> None:
    with pytest.raises(ValidationError, match="valid_until 2020-01-01 is before awarded_on 2021-01-01"):
        models.Title(teacher_id="T1", tier="backbone", level="county",
                     awarded_on=dt.date(2021, 1, 1), valid_until=dt.date(2020, 1, 1))


def test_ids_are_never_empty() -> None:
    with pytest.raises(ValidationError, match="at least 1 character"):
        models.Teacher(id="T1", name="x", school_id="")


def test_a_field_without_a_column_type_is_refused() -> None:
    class Odd(Row):
        table: typing.ClassVar = models.Org.table
        when: dt.datetime

    with pytest.raises(TypeError, match="no column type"):
        table_spec(Odd)


def test_a_roster_holds_only_the_schemas_tables() -> None:
    with pytest.raises(ValueError, match="unknown roster tables"):
        Roster({"nope": pa.table({"id": ["X"]})})
