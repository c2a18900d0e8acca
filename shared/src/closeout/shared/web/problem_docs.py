"""Every route's OpenAPI lists every error status it can answer, each a problem+json body.

What a route can answer follows from what it depends on, so the app factory works it out for
every route instead of each route declaring it: 401 and 403 when it authenticates, 409 and 413
when it takes a body, 404, 422 and 503 on every API route. A route that can also answer
something else (a 400 for a bad signature, a 502 from a provider) declares it with
`problem_responses(400, 502)` on its router or route.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from closeout.shared.web.problems import PROBLEM_MEDIA_TYPE, ProblemDetails

AUTHENTICATES = "__closeout_authenticates__"
F = TypeVar("F")
_PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetails"}
_SERVICE_OWN_PATHS = {"/healthz", "/readyz", "/asyncapi.json", "/metrics"}
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a router or route that can answer these statuses as well."""
    return {status: {"description": HTTPStatus(status).phrase} for status in statuses}


def mark_authenticating(dependency: F) -> F:
    """Mark a dependency that answers 401/403, so the routes using it document both."""
    setattr(dependency, AUTHENTICATES, True)
    return dependency


def document_problems(app: FastAPI) -> None:
    """Replace `app.openapi` with one that adds the error statuses of every route."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        _add_problems(app, schema)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_problems(app: FastAPI, schema: dict[str, Any]) -> None:
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        if route.path_format in _SERVICE_OWN_PATHS:
            continue
        operations = schema.get("paths", {}).get(route.path_format, {})
        for method in route.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            for status in _statuses_of(route, method):
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


def _statuses_of(route: APIRoute, method: str) -> list[int]:
    statuses = [404, 422, 503]
    if _authenticates(route.dependant):
        statuses += [401, 403]
    if method in _BODY_METHODS:
        statuses += [409, 413]
    return statuses


def _authenticates(dependant: Dependant) -> bool:
    if getattr(dependant.call, AUTHENTICATES, False):
        return True
    return any(_authenticates(d) for d in dependant.dependencies)


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
