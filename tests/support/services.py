"""Run a service app in-process against the real infrastructure, with its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from closeout.shared.web.runtime import ServiceRuntime


@asynccontextmanager
async def running(
    app: FastAPI, base_url: str = "http://testserver"
) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's lifespan (database, consumers, relay) and give an HTTP client for it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


def runtime_of(app: FastAPI) -> ServiceRuntime[Any]:
    runtime: ServiceRuntime[Any] = app.state.runtime
    return runtime
