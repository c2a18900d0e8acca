"""Request body limits, enforced before a body is read in full.

`BodySizeLimit` (installed on every service app) answers 413 when the declared
Content-Length is over the limit, without calling the app, and counts the bytes of a body
sent without one (chunked), failing the read as soon as the count passes the limit.
`read_body` applies a tighter limit of a route's own the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException, Request, status
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from closeout.shared.sizes import MAX_BODY_BYTES
from closeout.shared.web.problems import problem_response


class BodyTooLargeError(HTTPException):
    """413 with the limit in the detail; raised while the body is being received."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            status.HTTP_413_CONTENT_TOO_LARGE, f"request body larger than {limit} bytes"
        )
        self.limit = limit


class BodySizeLimit:
    """ASGI middleware: no request body over `max_bytes` reaches the app in full; `larger`
    raises the limit for a few exact paths (an upload route, documented on the route)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES, larger: Mapping[str, int] = {}
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = dict(larger)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        if _declared_length(scope) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        received = 0
        response_started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLargeError as exc:
            # Normally the app's exception handler already answered; this covers a read
            # outside it (e.g. in a middleware).
            if response_started:
                raise
            await _too_large(exc.limit)(scope, receive, send)


async def read_body(request: Request, limit: int) -> bytes:
    """The body of `request`, refused with `BodyTooLargeError` once it passes `limit` bytes."""
    if _declared_length(request.scope) > limit:
        raise BodyTooLargeError(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise BodyTooLargeError(limit)
    return bytes(body)


def _declared_length(scope: Scope) -> int:
    declared = Headers(scope=scope).get("content-length", "")
    return int(declared) if declared.isdigit() else 0


def _too_large(limit: int) -> JSONResponse:
    return problem_response(
        status.HTTP_413_CONTENT_TOO_LARGE,
        str(BodyTooLargeError(limit).detail),
        headers={"Connection": "close"},
    )
