"""Every route's OpenAPI lists every error status it can answer, each a problem+json body.

What an operation can answer follows from what it declares, so the app factory works it out
for each instead of each route listing it: 401 and 403 when it has a security requirement,
400 (a body that cannot be parsed), 409 and 413 when it takes a body, 404, 422 and 503 on every
API route. A route that can also answer something else (a 400 for a bad signature, a 502 from
a provider) declares it with `problem_responses(400, 502)` on its router or route.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI

from closeout.shared.web.nul_rule import state_nul_rule
from closeout.shared.web.problems import PROBLEM_MEDIA_TYPE, ProblemDetails

_PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}
_SERVICE_OWN_PATHS = {"/healthz", "/readyz", "/asyncapi.json", "/metrics"}
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE", *_BODY_METHODS}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a router or route that can answer these statuses as well."""
    return {status: {"description": HTTPStatus(status).phrase} for status in statuses}


def document_problems(app: FastAPI, refusing_nul: set[tuple[str, str]] | None = None) -> None:
    """Replace `app.openapi` with one that adds the error statuses of every route, and the NUL
    rule to the operations in `refusing_nul` (`web.nul_rule`)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        _add_problems(schema)
        state_nul_rule(schema, refusing_nul or set())
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_problems(schema: dict[str, Any]) -> None:
    for path, operations in schema.get("paths", {}).items():
        if path in _SERVICE_OWN_PATHS:
            continue
        for method, operation in operations.items():
            if method.upper() not in _METHODS:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in _statuses_of(operation, method.upper()):
                responses.setdefault(str(status), {})
            for code, response in responses.items():
                if code.isdigit() and int(code) >= 400:
                    response["description"] = _description(int(code), response)
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["ProblemDetails"] = problem
    _drop_unused(schema, ("HTTPValidationError", "ValidationError"))


def _statuses_of(operation: dict[str, Any], method: str) -> list[int]:
    """An operation with a security requirement authenticates (401) and checks scopes (403)."""
    statuses = [404, 422, 503]
    if operation.get("security"):
        statuses += [401, 403]
    if method in _BODY_METHODS:
        statuses += [400, 409, 413]
    return statuses


def _description(status: int, response: dict[str, Any]) -> str:
    described = response.get("description")
    if described and described != "Validation Error":
        return str(described)
    return HTTPStatus(status).phrase


def _drop_unused(schema: dict[str, Any], names: tuple[str, ...]) -> None:
    components = schema["components"]["schemas"]
    for name in names:
        if name not in components:
            continue
        without = {k: v for k, v in components.items() if k != name}
        text = json.dumps({**schema, "components": {"schemas": without}})
        if f"#/components/schemas/{name}" not in text:
            del components[name]
