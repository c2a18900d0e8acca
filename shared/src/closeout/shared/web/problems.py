"""Every error answer of every service is an RFC 9457 problem (`application/problem+json`).

One shape, made here and nowhere else: `type` (a stable URI naming the kind of problem),
`title` (the status phrase), `status`, `detail` (a sentence safe to show; the text clients
read before problem details existed) and, for a request that fails validation, `errors`
(one entry per field). The handlers below answer `HTTPException` (auth, routing, limits),
request validation and, through `problem_response`, domain errors, faults and the body limit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE_URI = "https://closeout.dev/problems/"
VALIDATION_PROBLEM = "validation-error"

# The kind of problem each status names; a status not listed is `about:blank` (RFC 9457 4.2.1).
_SLUG_OF_STATUS: dict[int, str] = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "content-too-large",
    422: "invalid-input",
    502: "upstream-error",
    503: "unavailable",
}


class FieldError(BaseModel):
    """One field a request got wrong: where (`loc`), what (`msg`) and the rule's name (`type`)."""

    loc: list[str | int]
    msg: str
    type: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem: the body of every error answer."""

    type: str = Field(
        description="A URI naming the kind of problem, e.g. https://closeout.dev/problems/not-found",
        examples=["https://closeout.dev/problems/not-found"],
    )
    title: str = Field(description="A short summary of the kind of problem (the status phrase)")
    status: int = Field(description="The HTTP status of this answer", ge=400, le=599)
    detail: str = Field(description="What went wrong with this request, safe to show")
    errors: list[FieldError] | None = Field(
        default=None, description="For a request that fails validation: each field's error"
    )


def problem_type(status: int, slug: str | None = None) -> str:
    slug = slug or _SLUG_OF_STATUS.get(status)
    return PROBLEM_BASE_URI + slug if slug else "about:blank"


def problem_body(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(status, slug),
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    return body


def problem_response(
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, slug=slug, errors=errors),
        status_code=status,
        headers=dict(headers) if headers else None,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        documented = _documented_methods(request)
        if documented:
            headers["Allow"] = ", ".join(sorted(documented))
    return problem_response(exc.status_code, str(exc.detail), headers=headers)


def _documented_methods(request: Request) -> set[str]:
    """Every method the OpenAPI lists at this path (Starlette's `Allow` names only the methods
    of the first route it matched, when GET and POST of one path are two routes)."""
    app = request.app
    if not isinstance(app, FastAPI):
        return set()
    paths: dict[str, dict[str, Any]] = app.openapi().get("paths", {})
    if request.url.path in paths:  # a literal path names its own methods, not a template's
        return {m.upper() for m in paths[request.url.path] if m.upper() in _HTTP_METHODS}
    methods: set[str] = set()
    for template, operations in paths.items():
        pattern = re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods |= {m.upper() for m in operations if m.upper() in _HTTP_METHODS}
    return methods


_HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}


async def _invalid_request(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type"))}
        for e in exc.errors()
    ]
    return problem_response(
        422, validation_sentence(errors), slug=VALIDATION_PROBLEM, errors=errors
    )


def validation_sentence(errors: Sequence[Mapping[str, Any]]) -> str:
    """`detail` of a validation problem: the first fields' errors in one sentence."""
    shown = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors[:3]]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "the request is not valid: " + "; ".join(shown) + more


def answer_problems(app: FastAPI) -> None:
    """HTTP errors (401, 403, 404, 405, 413, ...) and request validation as problems."""
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _invalid_request)
