"""The NUL rule: PostgreSQL text cannot hold U+0000, so API routes refuse it (422) in the path,
the query and every field the body declares. Fields a body does not declare are ignored, so a
NUL there is harmless and accepted.

A router opts in with `dependencies=[Depends(reject_nul_characters)]`; the app factory then
writes the rule into that router's operations in the OpenAPI document (`state_nul_rule`): every
string parameter and declared body string gets `NO_NUL_PATTERN`. The body is searched along the
same document, so the rule and what the document says cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request, status
from fastapi.params import Depends
from fastapi.routing import APIRoute

NO_NUL_PATTERN = "^[^\\x00]*$"
# Values inside these keys are data, not schemas.
_NOT_SCHEMAS = {"example", "examples", "default", "const", "enum", "description", "title"}
_REF_PREFIX = "#/components/schemas/"
_ANY: dict[str, Any] = {}  # a schema that declares nothing: everything in it is searched


async def reject_nul_characters(request: Request) -> None:
    """Refuse NUL up front with a 422, not a 500 from the database.

    The body read here is capped by `BodySizeLimit` (every service app has it). A JSON body is
    searched along its documented schema; a body that is not JSON, byte for byte."""
    values = [*request.path_params.values(), *request.query_params.values()]
    if any("\x00" in str(v) for v in values) or _body_has_nul(request, await request.body()):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, "NUL characters are not allowed in any field"
        )


def _body_has_nul(request: Request, body: bytes) -> bool:
    if b"\x00" not in body and b"\\u0000" not in body:
        return False
    try:
        parsed = json.loads(body)
    except ValueError:
        return b"\x00" in body  # not JSON (or not valid): byte for byte
    schema, components = _documented_body(request)
    return any("\x00" in text for text in _declared_strings(parsed, schema, components))


def _documented_body(request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request body schema the OpenAPI document gives this route, and its components."""
    app, route = request.app, request.scope.get("route")
    if not isinstance(app, FastAPI) or not isinstance(route, APIRoute):
        return _ANY, {}
    document = app.openapi()
    operation = document.get("paths", {}).get(route.path_format, {}).get(request.method.lower())
    content = (operation or {}).get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", _ANY)
    return schema, document.get("components", {}).get("schemas", {})


def _declared_strings(
    value: Any, schema: dict[str, Any], components: dict[str, Any]
) -> Iterator[str]:
    """Every string (and key) in `value` that the schema declares: an object's undeclared
    properties are skipped (the model ignores them); a schema that declares nothing is
    searched whole."""
    schemas = list(_alternatives(schema, components))
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        items = [s.get("items", _ANY) for s in schemas if "items" in s] or [_ANY]
        for item in value:
            for item_schema in items:
                yield from _declared_strings(item, item_schema, components)
    elif isinstance(value, dict):
        declared = [s for s in schemas if "properties" in s]
        for key, item in value.items():
            if not declared:
                yield key
                yield from _declared_strings(item, _ANY, components)
                continue
            for s in declared:
                if key in s["properties"]:
                    yield from _declared_strings(item, s["properties"][key], components)


def _alternatives(schema: dict[str, Any], components: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema itself and, through references and anyOf/oneOf/allOf, what it stands for."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        yield from _alternatives(components.get(ref.removeprefix(_REF_PREFIX), _ANY), components)
        return
    yield schema
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            yield from _alternatives(branch, components)


def operations_refusing_nul(routers: Iterable[APIRouter]) -> set[tuple[str, str]]:
    """(path, method) of every route that has `reject_nul_characters`, its router's or its own."""
    found: set[tuple[str, str]] = set()
    for router in routers:
        on_router = _refuses_nul(router.dependencies)
        for route in router.routes:
            if isinstance(route, APIRoute) and (on_router or _refuses_nul(route.dependencies)):
                found |= {(route.path_format, method.lower()) for method in route.methods or ()}
    return found


def _refuses_nul(dependencies: Iterable[Depends]) -> bool:
    return any(d.dependency is reject_nul_characters for d in dependencies)


def state_nul_rule(schema: dict[str, Any], operations: set[tuple[str, str]]) -> None:
    """Write the rule into the OpenAPI document for these operations (see the module doc)."""
    components: dict[str, Any] = schema.setdefault("components", {}).setdefault("schemas", {})
    referenced: set[str] = set()
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            if (path, method) not in operations:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("path", "query"):
                    _forbid_nul(parameter.get("schema", {}), referenced)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                _forbid_nul(content.get("schema", {}), referenced)
    done: set[str] = set()
    while referenced - done:
        name = sorted(referenced - done)[0]
        done.add(name)
        if name in components:
            _forbid_nul(components[name], referenced)


def _forbid_nul(node: Any, referenced: set[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _forbid_nul(item, referenced)
        return
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF_PREFIX):
        referenced.add(ref.removeprefix(_REF_PREFIX))
    types = node.get("type")
    kinds = set(types) if isinstance(types, list) else {types}
    if "string" in kinds and not {"pattern", "enum", "const", "format"} & node.keys():
        node["pattern"] = NO_NUL_PATTERN
    if "object" in kinds and "properties" not in node:  # free-form: searched whole
        node.setdefault("propertyNames", {"pattern": NO_NUL_PATTERN})
    for key, value in node.items():
        if key in ("properties", "$defs"):  # names, each with its schema
            for schema in value.values():
                _forbid_nul(schema, referenced)
        elif key not in _NOT_SCHEMAS:
            _forbid_nul(value, referenced)
