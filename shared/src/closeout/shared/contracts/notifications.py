"""Notification events, published by the notifications service."""

from datetime import datetime
from typing import Literal

from closeout.shared.contracts.common import Contract


class NotificationEvent(Contract):
    notification_id: str
    template: str
    channel: Literal["email", "sms"]
    recipient: str
    invoice_id: str | None = None
    cause_event_id: str
    message_id: str | None = None
    error: str | None = None
    occurred_at: datetime
