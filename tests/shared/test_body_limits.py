"""Every request body is capped before it is read in full: by its declared length, or by
counting a chunked body as it arrives. (ASGI-level unit tests; the services' own tests send
oversized job reports and claim forms to the real apps.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request
from starlette.types import Receive, Scope, Send

from closeout.shared.settings import ServiceSettings
from closeout.shared.sizes import MAX_BODY_BYTES
from closeout.shared.web.app import create_service_app
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.limits import BodySizeLimit, read_body
from support.asgi import post_counting

LIMIT = 1000
CHUNK = 100


def limited_app() -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodySizeLimit, max_bytes=LIMIT)

    @app.post("/json")
    async def json_body(body: dict[str, Any]) -> dict[str, int]:
        return {"keys": len(body)}

    @app.post("/guarded", dependencies=[Depends(reject_nul_characters)])
    async def guarded() -> dict[str, bool]:
        return {"ok": True}

    @app.post("/tighter")
    async def tighter(request: Request) -> dict[str, int]:
        return {"bytes": len(await read_body(request, 300))}

    return app


async def chunks(total: int) -> AsyncIterator[bytes]:
    for start in range(0, total, CHUNK):
        yield b" " * min(CHUNK, total - start)


async def test_a_declared_oversized_body_is_refused_unread_with_the_limit() -> None:
    for path in ("/json", "/guarded", "/tighter"):
        answer = await post_counting(limited_app(), path, 50_000, declare=True, chunk=CHUNK)
        assert answer.status == 413, path
        assert f"larger than {LIMIT} bytes".encode() in answer.body
        assert answer.pulled == 0, "not a byte of the body was read"


async def test_a_chunked_oversized_body_is_refused_once_the_count_passes_the_limit() -> None:
    for path in ("/json", "/guarded"):  # the NUL guard reads whole bodies: capped too
        answer = await post_counting(limited_app(), path, 50_000, declare=False, chunk=CHUNK)
        assert answer.status == 413, path
        assert json.loads(answer.body)["detail"] == "request body larger than 1000 bytes"
        assert answer.pulled <= LIMIT + CHUNK, f"{answer.pulled} bytes read of 50,000"


async def test_bodies_within_the_limit_pass_and_a_route_may_be_stricter() -> None:
    transport = httpx.ASGITransport(app=limited_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ok = await client.post("/json", json={"a": "x" * 500})
        assert ok.status_code == 200, ok.text
        chunked_ok = await client.post(
            "/json", content=chunks(900), headers={"content-type": "application/json"}
        )
        assert chunked_ok.status_code == 422, "read in full (it is only spaces, not JSON)"
        assert (await client.post("/tighter", content=b"a" * 300)).json() == {"bytes": 300}
        strict = await client.post("/tighter", content=chunks(400))
        assert strict.status_code == 413
        assert strict.json()["detail"] == "request body larger than 300 bytes"


def test_every_service_app_has_the_limit() -> None:
    app = create_service_app(title="t", settings=ServiceSettings(service_name="t"))
    limits = [m.kwargs for m in app.user_middleware if m.cls is BodySizeLimit]  # type: ignore[comparison-overlap]
    assert limits == [{"larger": {}}], "installed once, with the default limit everywhere"
    assert BodySizeLimit(app).max_bytes == MAX_BODY_BYTES


async def test_a_larger_limit_is_for_the_exact_path_it_names() -> None:
    async def echo(scope: Scope, receive: Receive, send: Send) -> None:
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})

    app = BodySizeLimit(echo, max_bytes=100, larger={"/upload": 1000})
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.post("/upload", content=b"a" * 900)).text == "900"
        assert (await c.post("/upload", content=b"a" * 1100)).status_code == 413
        assert (await c.post("/upload/x", content=b"a" * 200)).status_code == 413
        assert (await c.post("/other", content=b"a" * 200)).status_code == 413
