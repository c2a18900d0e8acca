"""The dashboard application: the owner's pages over the other services' admin APIs."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from closeout.dashboard.adapters.services import ServiceClients
from closeout.dashboard.api import (
    account,
    account_links,
    auth,
    business_settings,
    customers,
    invoices,
    new_invoices,
    overview,
    partners,
    payments,
    schedules,
    team,
)
from closeout.dashboard.api.errors import answer_with_pages
from closeout.dashboard.api.rendering import STATIC
from closeout.dashboard.settings import DashboardSettings
from closeout.shared.web.app import create_service_app
from closeout.shared.web.runtime import ServiceRuntime
from closeout.shared.web.uploads import UPLOAD_FRAMING_BYTES


def create_app(
    settings: DashboardSettings | None = None,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings or DashboardSettings()
    clients = ServiceClients(settings, transport=upstream_transport)

    async def close_clients(_: ServiceRuntime[Any], stop: asyncio.Event) -> None:
        await stop.wait()
        await clients.close()

    app = create_service_app(
        title="Closeout dashboard",
        description="The owner's screens: sign-in, overview, invoices and their actions.",
        settings=settings,
        routers=[
            auth.router,
            overview.router,
            new_invoices.router,
            invoices.router,
            customers.router,
            partners.router,
            schedules.router,
            account.router,
            business_settings.router,
            payments.router,
            team.router,
            account_links.router,
        ],
        background=[close_clients],
        body_limits={"/imports": new_invoices.MAX_IMPORT_BYTES + UPLOAD_FRAMING_BYTES},
    )
    answer_with_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.service_clients = clients
    return app
