"""Dependencies of the notifications API: the typed runtime and settings, who may call, and
which business a call acts for."""

from typing import Annotated

from fastapi import Depends

from closeout.notifications.settings import NotificationsSettings
from closeout.shared.auth import ANY_BUSINESS, Principal
from closeout.shared.errors import InvalidInputError
from closeout.shared.web.deps import ensure_business, get_runtime, require_role
from closeout.shared.web.runtime import ServiceRuntime

RuntimeDep = Annotated[ServiceRuntime[NotificationsSettings], Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> NotificationsSettings:
    return runtime.settings


SettingsDep = Annotated[NotificationsSettings, Depends(get_settings)]
AdminDep = Annotated[Principal, Depends(require_role("admin", "service"))]


def business_of(principal: Principal, business_id: str | None) -> str:
    """An admin key acts for its own business; a service key must name one."""
    if principal.business_id == ANY_BUSINESS:
        if not business_id:
            raise InvalidInputError("business_id is required")
        return business_id
    if business_id is not None:
        ensure_business(principal, business_id)
    return principal.business_id
