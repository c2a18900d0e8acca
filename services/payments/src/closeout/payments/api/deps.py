"""Dependencies specific to the payments API."""

from typing import Annotated

from fastapi import Depends, Request

from closeout.payments.settings import PaymentsSettings
from closeout.payments.stripe_gateway import StripeGateway
from closeout.shared.auth import Principal
from closeout.shared.web.deps import require_role


async def get_gateway(request: Request) -> StripeGateway:
    gateway: StripeGateway = request.app.state.stripe_gateway
    return gateway


async def get_settings(request: Request) -> PaymentsSettings:
    settings: PaymentsSettings = request.app.state.payments_settings
    return settings


GatewayDep = Annotated[StripeGateway, Depends(get_gateway)]
SettingsDep = Annotated[PaymentsSettings, Depends(get_settings)]
AdminDep = Annotated[Principal, Depends(require_role("admin"))]
ServiceDep = Annotated[Principal, Depends(require_role("service"))]
# Operators (`/v1/ops/*`): every business's webhook events, so never a tenant's or a service's key.
OpsDep = Annotated[Principal, Depends(require_role("ops"))]
