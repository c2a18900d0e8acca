"""Every request body is capped before it is read in full: by its declared length, or by
counting a chunked body as it arrives. (ASGI-level unit tests; the services' own tests send
oversized job reports and claim forms to the real apps.)"""

from __future__ import annotations

from collections.abc import AsyncIterator, MutableMapping
from typing import Any

import httpx
from fastapi import Depends, FastAPI, Request

from closeout.shared.settings import ServiceSettings
from closeout.shared.sizes import MAX_BODY_BYTES
from closeout.shared.web.app import create_service_app
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.limits import BodySizeLimit, read_body

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


class CountingReceive:
    """An ASGI receive that sends `total` bytes in chunks and counts what the app pulled."""

    def __init__(self, total: int) -> None:
        self.remaining = total
        self.pulled = 0

    async def __call__(self) -> dict[str, Any]:
        size = min(CHUNK, self.remaining)
        self.remaining -= size
        self.pulled += size
        return {"type": "http.request", "body": b"a" * size, "more_body": self.remaining > 0}


async def call(app: FastAPI, path: str, total: int, *, declare: bool) -> tuple[int, bytes, int]:
    """POST `total` bytes to `path` at the ASGI level; returns status, body, bytes pulled."""
    headers = [(b"content-type", b"application/json")]
    if declare:
        headers.append((b"content-length", str(total).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    receive = CountingReceive(total)
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body, receive.pulled


async def chunks(total: int) -> AsyncIterator[bytes]:
    for start in range(0, total, CHUNK):
        yield b" " * min(CHUNK, total - start)


async def test_a_declared_oversized_body_is_refused_unread_with_the_limit() -> None:
    for path in ("/json", "/guarded", "/tighter"):
        status, body, pulled = await call(limited_app(), path, 50_000, declare=True)
        assert status == 413, path
        assert f"larger than {LIMIT} bytes".encode() in body
        assert pulled == 0, "not a byte of the body was read"


async def test_a_chunked_oversized_body_is_refused_once_the_count_passes_the_limit() -> None:
    for path in ("/json", "/guarded"):  # the NUL guard reads whole bodies: capped too
        status, body, pulled = await call(limited_app(), path, 50_000, declare=False)
        assert status == 413, path
        assert body == b'{"detail":"request body larger than 1000 bytes"}'
        assert pulled <= LIMIT + CHUNK, f"{pulled} bytes were read from a 50,000-byte body"


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
        assert strict.json() == {"detail": "request body larger than 300 bytes"}


def test_every_service_app_has_the_limit() -> None:
    app = create_service_app(title="t", settings=ServiceSettings(service_name="t"))
    limits = [m.kwargs for m in app.user_middleware if m.cls is BodySizeLimit]  # type: ignore[comparison-overlap]
    assert limits == [{}], "installed once, with the default limit"
    assert BodySizeLimit(app).max_bytes == MAX_BODY_BYTES
