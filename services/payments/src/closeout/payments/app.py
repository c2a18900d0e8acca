"""The payments gateway application."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI

from closeout.payments.adapters.stripe_gateway import StripeClientGateway, StripeGateway
from closeout.payments.api import (
    checkout,
    connect,
    ops,
    partners,
    payment_log,
    payments,
    webhooks,
)
from closeout.payments.consumers import build_consumer
from closeout.payments.settings import PaymentsSettings
from closeout.payments.usecases.intake import WebhookIntake
from closeout.payments.usecases.monitoring import partner_payout_probe, webhook_probe
from closeout.payments.workers import background_tasks
from closeout.shared.web.app import create_service_app
from closeout.shared.web.runtime import ServiceRuntime


def create_app(
    settings: PaymentsSettings | None = None, *, stripe_gateway: StripeGateway | None = None
) -> FastAPI:
    settings = settings or PaymentsSettings()
    gateway = stripe_gateway or StripeClientGateway(settings)
    # Set when the endpoint stores a new Stripe event: the worker processes it at once.
    wakeup = asyncio.Event()
    intake = WebhookIntake()
    consumer = build_consumer()

    async def close_intake(_: ServiceRuntime[Any], stop: asyncio.Event) -> None:
        await stop.wait()
        await intake.close()

    app = create_service_app(
        title="Closeout payments gateway",
        description="Stripe Checkout out, signed Stripe webhooks in, one payment ledger.",
        settings=settings,
        routers=[
            checkout.router,
            webhooks.router,
            payments.router,
            payment_log.router,
            ops.router,
            connect.router,
            partners.router,
        ],
        consumers=[consumer],
        background=[*background_tasks(settings, gateway, wakeup), close_intake],
        metrics=[webhook_probe, partner_payout_probe],
    )
    app.state.consumer = consumer
    app.state.stripe_gateway = gateway
    app.state.webhook_wakeup = wakeup
    app.state.webhook_intake = intake
    app.state.webhook_rejections = {}
    return app
