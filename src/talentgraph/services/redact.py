"""Results in the form a scope may see them: pseudonyms for researchers, neutral words for
teachers and studios outside a planner's subtree.

Which columns name a teacher comes from the table schema (a column referencing teachers), so a
new such column is pseudonymised without anyone listing it here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TypeVar

from pydantic import BaseModel

from talentgraph.domain.models import Title
from talentgraph.domain.rounds import verdict_summary
from talentgraph.domain.tables import SPECS
from talentgraph.services.scope import Scope

M = TypeVar("M", bound=BaseModel)

OUTSIDE_TEACHER = "a teacher outside your scope"
OUTSIDE_STUDIO = "a studio outside your scope"
# Characters that can continue an id: an id is replaced only where it stands whole (T1 is not
# replaced inside T12). ASCII only, so an id written next to Chinese text is still replaced.
_ID_CHAR = r"[A-Za-z0-9_-]"


@cache
def teacher_columns(table: str) -> tuple[str, ...]:
    """The columns of a bundle table that hold teacher ids."""
    own = ("id",) if table == "teachers" else ()
    return own + tuple(c.name for c in SPECS[table].columns if c.ref is not None and c.ref.file == "teachers")


def shown(scope: Scope, table: str, model: M, lead_names: dict[str, str] | None = None) -> M:
    """A row of ``table`` as ``scope`` sees it: for researchers, teacher ids and names as
    pseudonyms, and a studio's name without its lead's (``lead_names``: lead id -> name; a studio
    whose lead's name is not given has its name withheld). A round's title shows its frozen
    verdict without words to a scope that does not see everything."""
    if isinstance(model, Title) and model.verdict and not scope.sees_everything:
        model = model.model_copy(update={"verdict": verdict_summary(model.verdict)})
    if not scope.pseudonymised:
        return model
    values = model.model_dump()
    update = {c: scope.shown_id(values[c]) for c in teacher_columns(table) if values.get(c) is not None}
    if table == "teachers":
        update["name"] = scope.shown_name(values["id"], values["name"])
    if table == "studios":
        lead = values["lead_id"]
        update["name"] = studio_name(scope, values["name"], lead, (lead_names or {}).get(lead, ""))
    return model.model_copy(update=update)


def studio_name(scope: Scope, name: str, lead_id: str, lead_name: str) -> str:
    """A studio's name for ``scope``. Studios are named after their lead (邓春芳名班主任工作室): for a
    researcher the lead's name becomes the lead's pseudonym; a name that does not carry the lead's
    name (it may carry a former lead's) is withheld whole."""
    if not scope.pseudonymised:
        return name
    pseudonym = scope.shown_id(lead_id)
    if lead_name and lead_name in name:
        return name.replace(lead_name, pseudonym)
    return f"{pseudonym} 工作室"


def text(value: str, replacements: dict[str, str]) -> str:
    """``value`` with each key of ``replacements``, where it stands as a whole id, replaced."""
    wanted = {k: v for k, v in replacements.items() if k and k != v}
    if not wanted:
        return value
    ids = "|".join(re.escape(k) for k in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(f"(?<!{_ID_CHAR})(?:{ids})(?!{_ID_CHAR})")
    return pattern.sub(lambda m: wanted[m.group(0)], value)
