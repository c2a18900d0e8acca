"""The invoicing service app: admin API, customer page, consumers, overdue scheduler."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from closeout.invoicing.adapters.payments_client import PaymentsClient
from closeout.invoicing.api.admin import router as admin_router
from closeout.invoicing.api.credit_notes import router as credit_notes_router
from closeout.invoicing.api.customer import customer_router
from closeout.invoicing.api.documents import router as documents_router
from closeout.invoicing.api.imports import router as imports_router
from closeout.invoicing.api.new_invoices import router as new_invoices_router
from closeout.invoicing.api.recurring import router as recurring_router
from closeout.invoicing.api.reminders import router as reminders_router
from closeout.invoicing.api.reports import router as reports_router
from closeout.invoicing.consumers import build_consumer
from closeout.invoicing.domain.csv_import import MAX_IMPORT_BYTES
from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.usecases.monitoring import invoice_probe
from closeout.invoicing.workers import import_worker, overdue_scheduler
from closeout.shared.web.app import create_service_app
from closeout.shared.web.uploads import UPLOAD_FRAMING_BYTES


def create_app(
    settings: InvoicingSettings | None = None,
    *,
    payments_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    settings = settings if settings is not None else InvoicingSettings()
    payments = PaymentsClient(settings.payments_url, settings.auth_secret, payments_transport)
    return create_service_app(
        title="Closeout invoicing",
        description="Invoices from completed jobs, the customer invoice page and the admin API.",
        settings=settings,
        routers=[
            admin_router,
            new_invoices_router,
            credit_notes_router,
            imports_router,
            reminders_router,
            recurring_router,
            reports_router,
            documents_router,
            customer_router(settings, payments),
        ],
        consumers=[build_consumer(settings)],
        background=[import_worker, overdue_scheduler]
        if settings.scheduler_enabled
        else [import_worker],
        metrics=[invoice_probe],
        body_limits={"/v1/imports": MAX_IMPORT_BYTES + UPLOAD_FRAMING_BYTES},
    )
