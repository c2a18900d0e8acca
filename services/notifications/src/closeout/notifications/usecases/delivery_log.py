"""The delivery log: what was recorded for a business, and sending a message again."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NotificationRecord
from closeout.shared.errors import ConflictError, NotFoundError

NOT_FOUND = "notification not found"


async def list_notifications(
    session: AsyncSession,
    business_id: str,
    *,
    invoice_id: str | None,
    status: str | None,
    limit: int,
) -> list[NotificationRecord]:
    return await repo.list_notifications(
        session, business_id, invoice_id=invoice_id, status=status, limit=limit
    )


async def get_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> NotificationRecord:
    found = await repo.get_notification(session, business_id, notification_id)
    if found is None:
        raise NotFoundError(NOT_FOUND)
    return found


async def retry_notification(
    session: AsyncSession, business_id: str, notification_id: str
) -> NotificationRecord:
    """Make a failed or suppressed message pending again (the worker is woken on commit)."""
    requeued = await repo.requeue_notification(session, business_id, notification_id)
    if requeued is not None:
        return requeued
    existing = await get_notification(session, business_id, notification_id)
    raise ConflictError(
        f"only failed or suppressed messages can be retried; this one is {existing.status}"
    )
