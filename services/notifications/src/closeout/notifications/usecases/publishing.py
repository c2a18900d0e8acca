"""`notification.sent` / `notification.failed`: what happened to one recorded message."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.storage.records import NewNotification
from closeout.shared.contracts.notifications import NotificationEvent
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import Envelope, new_event
from closeout.shared.ids import utcnow

SOURCE = "closeout/notifications"


def notification_event(
    message: NewNotification, event_type: str, error: str | None = None
) -> Envelope[NotificationEvent]:
    """The event for a recorded message (or the values it was recorded with)."""
    data = NotificationEvent(
        notification_id=message.id,
        template=message.template,
        channel=message.channel,
        recipient=message.recipient,
        invoice_id=message.invoice_id,
        cause_event_id=message.cause_event_id,
        message_id=message.message_id,
        error=error,
        occurred_at=utcnow(),
    )
    return new_event(
        event_type,
        data,
        source=SOURCE,
        business_id=message.business_id,
        subject=message.invoice_id or message.id,
        correlation_id=message.correlation_id,
    )


async def publish_notification(
    session: AsyncSession,
    message: NewNotification,
    event_type: str,
    error: str | None = None,
) -> None:
    """Enqueue the event in the caller's transaction (the outbox relay publishes it)."""
    await enqueue(session, notification_event(message, event_type, error))
