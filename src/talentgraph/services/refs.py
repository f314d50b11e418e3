"""Ids in a write's body must point at things the caller may see.

An id that points outside the caller's subtree is refused with exactly the words of an id that
does not exist (a 422 problem naming the field, not the value), so nothing leaks about other
subtrees. Awarding and host orgs may lie above the subtree (a city title awarded by the city).
"""

from __future__ import annotations

from pydantic import BaseModel

from talentgraph.domain.message import N_, message
from talentgraph.domain.tables import SPECS
from talentgraph.errors import BundleError, NotFound, problem
from talentgraph.services.view import View
from talentgraph.store.changes import OWNER


def unknown(view: View, table: str, column: str, value: str) -> BundleError:
    """The one refusal for an id that does not exist and one outside the caller's scope (naming
    the value only to a caller who sees everything)."""
    ref = SPECS[table].column(column).ref
    target = SPECS[ref.file].filename if ref else "the graph"
    said = (message(N_("{value!r} is not an id in {file}"), value=value, file=target)
            if view.scope.sees_everything else message(N_("is not an id in {file}"), file=target))
    return BundleError([problem(table, None, column, said)])


def org_ref(view: View, table: str, column: str, org_id: str, *, below_only: bool = False) -> None:
    """An org a row points to must be inside the scope (or, unless ``below_only``, above it)."""
    if view.has_org(org_id) or (not below_only and view.above(org_id)):
        return
    raise unknown(view, table, column, org_id)


def teacher_ref(view: View, table: str, column: str, teacher_id: str) -> None:
    """A teacher named in a request body must be one the caller may see."""
    try:
        view.teacher(teacher_id)
    except NotFound:
        raise unknown(view, table, column, teacher_id) from None


def check_refs(view: View, table: str, record: BaseModel) -> None:
    """Every id the record points to (its owner aside) lies within reach of the caller."""
    for column in SPECS[table].columns:
        value = getattr(record, column.name, None)
        if column.ref is None or value is None or column.name == OWNER[table]:
            continue
        if column.ref.file == "orgs":  # schools: inside; awarding and host orgs: above too
            org_ref(view, table, column.name, value, below_only=bool(column.ref.kinds))
        elif column.ref.file == "teachers":
            teacher_ref(view, table, column.name, value)
        elif column.ref.file == "studios":
            try:
                view.studio(value)
            except NotFound:
                raise unknown(view, table, column.name, value) from None
