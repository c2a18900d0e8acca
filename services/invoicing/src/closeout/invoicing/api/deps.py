"""What the invoicing routes depend on: the typed runtime and settings, the caller's role,
the business a request is about, and the link maker."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.usecases.links import Linker
from closeout.shared.auth import ANY_BUSINESS, Principal
from closeout.shared.errors import NotFoundError
from closeout.shared.web.deps import SessionDep, get_runtime, require_role
from closeout.shared.web.runtime import ServiceRuntime

__all__ = [
    "Admin",
    "LinkerDep",
    "Reader",
    "RuntimeDep",
    "SessionDep",
    "SettingsDep",
    "actor_of",
    "business_scope",
]

RuntimeDep = Annotated[ServiceRuntime[InvoicingSettings], Depends(get_runtime)]


async def _settings(runtime: RuntimeDep) -> InvoicingSettings:
    return runtime.settings


SettingsDep = Annotated[InvoicingSettings, Depends(_settings)]

# Admin keys act on their own business; service keys (Closeout's own services) read any.
Reader = Annotated[Principal, Depends(require_role("admin", "service"))]
Admin = Annotated[Principal, Depends(require_role("admin"))]


async def _linker(settings: SettingsDep) -> Linker:
    return Linker.of(settings)


LinkerDep = Annotated[Linker, Depends(_linker)]


def actor_of(principal: Principal) -> str:
    """Who did it, as the timeline records it."""
    return f"{principal.role}:{principal.business_id}:{principal.key_id}"


def business_scope(principal: Principal, requested: str | None) -> str | None:
    """The business a request is about; None means every business (service keys only).
    Another business than the key's own is not found (nothing leaks about its existence)."""
    if principal.business_id != ANY_BUSINESS:
        if requested not in (None, principal.business_id):
            raise NotFoundError("business not found")
        return principal.business_id
    return requested
