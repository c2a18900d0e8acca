"""Request and response bodies of the notifications API."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SuppressionReason = Literal["bounced", "opted_out", "complained", "manual"]


class NotificationOut(BaseModel):
    notification_id: str
    invoice_id: str | None
    template: str
    channel: str
    recipient: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    message_id: str
    cause_event_id: str
    cause_event_type: str
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    # SMS: the provider's id of the message, and what its status callbacks last reported
    # (queued, sent, delivered, undelivered, failed, ...); None for email.
    provider_message_id: str | None = None
    delivery_status: str | None = None
    delivery_error: str | None = None


class NotificationList(BaseModel):
    items: list[NotificationOut]


class SuppressionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    address: str = Field(
        min_length=3,
        max_length=320,
        pattern=r"^([^@\s\x00]+@[^@\s\x00]+\.[^@\s\x00]+|\+?[0-9 ()-]{6,40})$",
    )
    reason: SuppressionReason = "opted_out"
    note: str | None = Field(None, max_length=500, pattern=r"^[^\x00]*$")


class SuppressionOut(BaseModel):
    address: str
    reason: str
    note: str | None
    created_at: datetime


class SuppressionList(BaseModel):
    items: list[SuppressionOut]


class PreviewOut(BaseModel):
    template: str
    subject: str
    text: str
    html: str
