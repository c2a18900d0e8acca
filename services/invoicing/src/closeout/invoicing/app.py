"""The invoicing service app: admin API, customer page, consumers, overdue scheduler."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from closeout.invoicing.api.admin import router as admin_router
from closeout.invoicing.api.customer import customer_router
from closeout.invoicing.consumers import build_consumer
from closeout.invoicing.payments_client import PaymentsClient
from closeout.invoicing.services.errors import (
    InvalidInputError,
    InvalidTransitionError,
    NotFoundError,
)
from closeout.invoicing.services.links import Linker
from closeout.invoicing.services.scheduler import scheduler_task
from closeout.invoicing.settings import InvoicingSettings
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app


def create_app(
    settings: ServiceSettings | None = None,
    *,
    payments_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings if settings is not None else InvoicingSettings()
    assert isinstance(settings, InvoicingSettings)
    payments = PaymentsClient(settings.payments_url, settings.auth_secret, payments_transport)
    background = (
        [
            scheduler_task(
                Linker(settings.public_base_url, settings.link_secret),
                settings.scheduler_interval_seconds,
            )
        ]
        if settings.scheduler_enabled
        else []
    )
    app = create_service_app(
        title="Closeout invoicing",
        description="Invoices from completed jobs, the customer invoice page and the admin API.",
        settings=settings,
        routers=[admin_router, customer_router(settings, payments)],
        consumers=[build_consumer(settings)],
        background=background,
    )
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    def answer(code: int):  # type: ignore[no-untyped-def]
        async def handler(_: Request, exc: Exception) -> JSONResponse:
            return JSONResponse({"detail": str(exc)}, status_code=code)

        return handler

    app.add_exception_handler(NotFoundError, answer(status.HTTP_404_NOT_FOUND))
    app.add_exception_handler(InvalidTransitionError, answer(status.HTTP_409_CONFLICT))
    app.add_exception_handler(InvalidInputError, answer(status.HTTP_422_UNPROCESSABLE_CONTENT))
