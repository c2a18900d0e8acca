"""`notification.sent` / `notification.failed`: what happened to one recorded message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from closeout.shared.contracts.notifications import NotificationEvent
from closeout.shared.events import Envelope, new_event
from closeout.shared.ids import utcnow

SOURCE = "closeout/notifications"


def notification_event(
    row: Mapping[Any, Any], event_type: str, error: str | None = None
) -> Envelope[NotificationEvent]:
    """The event for a message row (a `notifications` row or the values it was inserted with)."""
    data = NotificationEvent(
        notification_id=row["id"],
        template=row["template"],
        channel=row["channel"],
        recipient=row["recipient"],
        invoice_id=row["invoice_id"],
        cause_event_id=row["cause_event_id"],
        message_id=row["message_id"],
        error=error,
        occurred_at=utcnow(),
    )
    return new_event(
        event_type,
        data,
        source=SOURCE,
        business_id=row["business_id"],
        subject=row["invoice_id"] or row["id"],
        correlation_id=row["correlation_id"],
    )
