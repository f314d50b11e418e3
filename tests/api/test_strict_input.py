"""Dates are ISO strings and booleans are true or false, everywhere in the API: every date query
parameter and every date or boolean field of every request body of the OpenAPI document refuses
``0`` (once read as 1970-01-01, or as false), and a date refuses ``"20240105"``. Nothing is written.
"""

from __future__ import annotations

from typing import Any

from talentgraph.roster import Roster
from talentgraph.store.embedded import EmbeddedStore
from tests.api.conftest import Api, Tokens

PATH_VALUES = {"teacher_id": "T1", "studio_id": "SA", "org_id": "C1-K1", "record_id": "0" * 16,
               "round_id": "R0001"}


def _kind(schema: dict[str, Any], components: dict[str, Any]) -> str | None:
    """"date", "boolean" or None, looking through ``anyOf`` (optional fields) and ``$ref``."""
    if "$ref" in schema:
        return _kind(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    for option in schema.get("anyOf", []):
        found = _kind(option, components)
        if found:
            return found
    if schema.get("format") == "date":
        return "date"
    return "boolean" if schema.get("type") == "boolean" else None


def _operations(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.client.app.openapi()  # type: ignore[attr-defined]
    return [(method.upper(), path, spec) for path, specs in schema["paths"].items()
            for method, spec in specs.items()]


def test_every_date_and_boolean_is_strict(embedded_api: Api, tokens: Tokens, embedded: EmbeddedStore,
                                          roster: Roster) -> None:
    client = embedded_api.as_(tokens.admin)
    components = client.app.openapi()["components"]["schemas"]  # type: ignore[attr-defined]
    tried = []
    for method, template, spec in _operations(embedded_api):
        path = template.format(**PATH_VALUES)
        params = spec.get("parameters", [])
        required = {p["name"]: p["schema"]["examples"][0] for p in params
                    if p["in"] == "query" and p.get("required")}
        for param in params:
            if param["in"] == "query" and _kind(param["schema"], components) == "date":
                for bad in ("0", "20240105"):
                    answer = client.request(method, path, params=required | {param["name"]: bad})
                    assert answer.status_code == 422, (method, template, param["name"], bad, answer.text)
                    assert answer.json()["problems"][0]["field"] == f"query.{param['name']}"
                    tried.append((template, param["name"]))
        body = spec.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            continue
        model = components[body["schema"]["$ref"].rsplit("/", 1)[-1]]
        example = model["examples"][0]
        for name, field in model["properties"].items():
            kind = _kind(field, components)
            for bad in {"date": (0, "20240105"), "boolean": (0, 1, "true")}.get(kind or "", ()):
                answer = client.request(method, path, json=example | {name: bad})
                assert answer.status_code == 422, (method, template, name, bad, answer.text)
                assert answer.json()["problems"][0]["field"].endswith(name), answer.text
                tried.append((template, name))
    assert embedded.roster().equals(roster)  # nothing of it was written
    fields = {name for _, name in tried}
    assert {"as_of", "awarded_on", "passed", "probation", "joined_on", "head_teacher", "rural"} <= fields
