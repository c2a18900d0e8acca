"""`/metrics` on every service, and the middleware that counts and times HTTP requests."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from closeout.shared.observability.metrics import (
    HTTP_LATENCY,
    HTTP_REQUESTS,
    OUTBOX_BACKLOG,
    OUTBOX_OLDEST_SECONDS,
    OUTBOX_PARKED,
)
from closeout.shared.web.runtime import ServiceRuntime

log = logging.getLogger(__name__)

MetricsProbe = Callable[[ServiceRuntime[Any]], Awaitable[None]]
"""Sets a service's own gauges from its database just before a scrape (e.g. webhook backlog)."""

_OUTBOX = text(
    "SELECT count(*) FILTER (WHERE parked_at IS NULL) AS pending,"
    " count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,"
    " coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)"
    " AS oldest FROM outbox WHERE published_at IS NULL"
)


class RequestMetrics:
    """Counts every request by route template (not raw path: ids must not become labels)."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
            HTTP_LATENCY.labels(self.service, method, route).observe(time.perf_counter() - started)


async def outbox_probe(runtime: ServiceRuntime[Any]) -> None:
    service = runtime.settings.service_name
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(_OUTBOX)).one()
    OUTBOX_BACKLOG.labels(service).set(row.pending)
    OUTBOX_PARKED.labels(service).set(row.parked)
    OUTBOX_OLDEST_SECONDS.labels(service).set(float(row.oldest))


def add_metrics(app: FastAPI, service: str, probes: Sequence[MetricsProbe] = ()) -> None:
    app.add_middleware(RequestMetrics, service=service)

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        runtime: ServiceRuntime[Any] = request.app.state.runtime
        for consumer in runtime.consumers:
            consumer.update_metrics()
        for probe in (outbox_probe, *probes):
            try:
                await probe(runtime)
            except Exception as exc:  # an outage must not take the process metrics with it
                log.warning("metrics probe %s failed: %r", getattr(probe, "__name__", probe), exc)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
