"""The suppression list: addresses of a business that receive nothing."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.sms import listed_as
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import SuppressionRecord
from closeout.shared.errors import NotFoundError


async def list_suppressions(session: AsyncSession, business_id: str) -> list[SuppressionRecord]:
    return await repo.list_suppressions(session, business_id)


async def add_suppression(
    session: AsyncSession, business_id: str, address: str, reason: str, note: str | None
) -> bool:
    """True if newly added; an address already on the list is left as it is. A phone number
    is listed as texts are addressed (`+15550100199` for `+1 (555) 010-0199`)."""
    return await repo.add_suppression(session, business_id, listed_as(address), reason, note)


async def remove_suppression(session: AsyncSession, business_id: str, address: str) -> None:
    if not await repo.remove_suppression(session, business_id, listed_as(address)):
        raise NotFoundError("address is not suppressed")
