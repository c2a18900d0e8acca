"""Every error answer is an RFC 9457 problem, and every route's OpenAPI lists them (unit tests
on a bare app with the shared handlers; the services' contract tests check the real apps)."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from closeout.shared.errors import ConflictError
from closeout.shared.web.errors import answer_domain_errors
from closeout.shared.web.faults import answer_infrastructure_faults_with_503
from closeout.shared.web.limits import BodySizeLimit
from closeout.shared.web.problem_docs import document_problems
from closeout.shared.web.problems import answer_problems

PROBLEM = "application/problem+json"


class Item(BaseModel):
    name: str
    quantity: int


async def _authenticated(_: Annotated[object, Depends(HTTPBearer(auto_error=False))]) -> str:
    raise HTTPException(401, "missing API key", headers={"WWW-Authenticate": "Bearer"})


def bare_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodySizeLimit, max_bytes=100)
    answer_problems(app)
    answer_domain_errors(app)
    answer_infrastructure_faults_with_503(app)

    @app.post("/items")
    async def create(item: Item) -> Item:
        raise ConflictError(f"{item.name} exists")

    @app.get("/secret")
    async def secret(_: Annotated[str, Depends(_authenticated)]) -> str:
        return "never"

    @app.get("/down")
    async def down() -> str:
        raise ConnectionRefusedError("database")

    document_problems(app)
    return app


async def answers(*requests: tuple[str, str, dict[str, Any]]) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=bare_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return [await client.request(method, path, **kw) for method, path, kw in requests]


async def test_every_kind_of_error_is_a_problem_with_its_old_detail() -> None:
    responses = await answers(
        ("POST", "/items", {"json": {"name": "pump", "quantity": 1}}),
        ("GET", "/secret", {}),
        ("GET", "/nowhere", {}),
        ("DELETE", "/items", {}),
        ("POST", "/items", {"content": b"x" * 200}),
        ("GET", "/down", {}),
    )
    seen = [(r.status_code, r.headers["content-type"], r.json()) for r in responses]
    kinds = ["conflict", "unauthorized", "not-found", "method-not-allowed", "content-too-large"]
    for (status, media_type, body), kind in zip(seen, [*kinds, "unavailable"], strict=True):
        assert media_type == PROBLEM
        assert body["type"] == f"https://closeout.dev/problems/{kind}"
        assert body["status"] == status
        assert body["title"]
    assert [body["detail"] for _, _, body in seen] == [
        "pump exists",
        "missing API key",
        "Not Found",
        "Method Not Allowed",
        "request body larger than 100 bytes",
        "temporarily unavailable, retry shortly",
    ]
    assert responses[1].headers["www-authenticate"] == "Bearer"
    assert responses[3].headers["allow"] == "POST"
    assert responses[5].headers["retry-after"] == "5"


async def test_a_validation_problem_has_a_sentence_and_the_field_errors() -> None:
    (response,) = await answers(("POST", "/items", {"json": {"name": "pump", "quantity": "x"}}))
    problem = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert problem["type"] == "https://closeout.dev/problems/validation-error"
    assert problem["detail"].startswith("the request is not valid: body.quantity: ")
    assert problem["errors"] == [
        {
            "loc": ["body", "quantity"],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "type": "int_parsing",
        }
    ]


def test_the_openapi_lists_each_routes_problems() -> None:
    schema = bare_app().openapi()
    statuses = {
        (path, method): sorted(int(s) for s in op["responses"] if int(s) >= 400)
        for path, operations in schema["paths"].items()
        for method, op in operations.items()
    }
    assert statuses == {
        ("/items", "post"): [400, 404, 409, 413, 422, 503],
        ("/secret", "get"): [401, 403, 404, 422, 503],
        ("/down", "get"): [404, 422, 503],
    }
    error = schema["paths"]["/items"]["post"]["responses"]["422"]
    problem_ref = {"$ref": "#/components/schemas/ProblemDetails"}
    assert error["content"] == {PROBLEM: {"schema": problem_ref}}
    components = schema["components"]["schemas"]
    assert "HTTPValidationError" not in components
    assert set(components["ProblemDetails"]["required"]) == {"type", "title", "status", "detail"}
