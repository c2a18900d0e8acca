"""The payments gateway application."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from closeout.payments.api import checkout, ops, payments, webhooks
from closeout.payments.api.errors import install_error_handlers
from closeout.payments.consumers import build_consumer
from closeout.payments.settings import PaymentsSettings
from closeout.payments.stripe_gateway import StripeClientGateway, StripeGateway
from closeout.payments.usecases.expiry import run_expirer
from closeout.payments.usecases.reconcile import run_reconciler
from closeout.payments.usecases.webhooks import run_worker
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime


def create_app(
    settings: ServiceSettings | None = None, *, stripe_gateway: StripeGateway | None = None
) -> FastAPI:
    if not isinstance(settings, PaymentsSettings):
        settings = (
            PaymentsSettings() if settings is None else PaymentsSettings(**settings.model_dump())
        )
    gateway = stripe_gateway or StripeClientGateway(settings)
    wakeup = asyncio.Event()

    async def webhook_worker(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        await run_worker(runtime.sessionmaker, settings, stop, wakeup)

    async def reconciler(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        await run_reconciler(runtime.sessionmaker, gateway, settings, stop)

    async def checkout_expirer(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        await run_expirer(runtime.sessionmaker, gateway, settings, stop)

    consumer = build_consumer()
    background: list[BackgroundTask] = [webhook_worker, checkout_expirer]
    if settings.reconcile_enabled:
        background.append(reconciler)
    app = create_service_app(
        title="Closeout payments gateway",
        description="Stripe Checkout out, signed Stripe webhooks in, one payment ledger.",
        settings=settings,
        routers=[checkout.router, webhooks.router, payments.router, ops.router],
        consumers=[consumer],
        background=background,
    )
    install_error_handlers(app)
    app.state.consumer = consumer
    app.state.stripe_gateway = gateway
    app.state.payments_settings = settings
    app.state.webhook_wakeup = wakeup
    app.state.webhook_rejections = {}
    return app
