"""Drive an ASGI app by hand, to see how much of a request body it actually reads."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp


class CountingReceive:
    """An ASGI receive that sends `total` bytes in chunks and counts what the app pulled."""

    def __init__(self, total: int, chunk: int) -> None:
        self.remaining = total
        self.chunk = chunk
        self.pulled = 0

    async def __call__(self) -> dict[str, Any]:
        size = min(self.chunk, self.remaining)
        self.remaining -= size
        self.pulled += size
        return {"type": "http.request", "body": b"a" * size, "more_body": self.remaining > 0}


@dataclass
class Answer:
    status: int
    body: bytes
    pulled: int
    """How many bytes of the request body the app read."""


async def post_counting(
    app: ASGIApp,
    path: str,
    total: int,
    *,
    declare: bool,
    content_type: str = "application/json",
    chunk: int = 100,
) -> Answer:
    """POST `total` bytes to `path` in `chunk`-sized pieces, with or without Content-Length."""
    headers = [(b"content-type", content_type.encode())]
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
    receive = CountingReceive(total, chunk)
    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answer(status, body, receive.pulled)
