"""Dependencies specific to the payments API."""

import asyncio
from typing import Annotated

from fastapi import Depends, Request

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.settings import PaymentsSettings
from closeout.payments.usecases.intake import WebhookIntake
from closeout.shared.auth import Principal
from closeout.shared.web.deps import get_runtime, require_role
from closeout.shared.web.runtime import ServiceRuntime

RuntimeDep = Annotated[ServiceRuntime[PaymentsSettings], Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> PaymentsSettings:
    return runtime.settings


async def get_gateway(request: Request) -> StripeGateway:
    gateway: StripeGateway = request.app.state.stripe_gateway
    return gateway


async def get_webhook_wakeup(request: Request) -> asyncio.Event:
    """Set when a Stripe event is stored or requeued: the webhook worker processes it at once."""
    wakeup: asyncio.Event = request.app.state.webhook_wakeup
    return wakeup


async def get_webhook_intake(request: Request) -> WebhookIntake:
    intake: WebhookIntake = request.app.state.webhook_intake
    return intake


async def get_webhook_rejections(request: Request) -> dict[str, int]:
    """Rejected webhook deliveries counted by reason (for operators)."""
    counters: dict[str, int] = request.app.state.webhook_rejections
    return counters


SettingsDep = Annotated[PaymentsSettings, Depends(get_settings)]
GatewayDep = Annotated[StripeGateway, Depends(get_gateway)]
WebhookWakeupDep = Annotated[asyncio.Event, Depends(get_webhook_wakeup)]
WebhookIntakeDep = Annotated[WebhookIntake, Depends(get_webhook_intake)]
WebhookRejectionsDep = Annotated[dict[str, int], Depends(get_webhook_rejections)]
AdminDep = Annotated[Principal, Depends(require_role("admin"))]
ServiceDep = Annotated[Principal, Depends(require_role("service"))]
# Operators (`/v1/ops/*`): every business's webhook events, so never a tenant's or a service's key.
OpsDep = Annotated[Principal, Depends(require_role("ops"))]
