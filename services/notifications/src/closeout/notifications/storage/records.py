"""What the repository reads and writes: one typed record per table row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from closeout.shared.contracts.invoices import BusinessProfile, InvoiceSnapshot


@dataclass(frozen=True)
class NewNotification:
    """A message as it is recorded (`pending`, `suppressed`, or `failed` if unrenderable)."""

    id: str
    dedupe_key: str
    business_id: str
    invoice_id: str | None
    template: str
    channel: str
    recipient: str
    subject: str
    body_text: str
    body_html: str | None
    reply_to: str | None
    sender_name: str | None
    cause_event_id: str
    cause_event_type: str
    correlation_id: str | None
    status: str
    last_error: str | None
    message_id: str
    traceparent: str | None
    attachment: str | None


@dataclass(frozen=True)
class NotificationRecord(NewNotification):
    """A recorded message and its delivery state."""

    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    updated_at: datetime
    provider_message_id: str | None = None
    delivery_status: str | None = None
    delivery_error: str | None = None
    delivery_updated_at: datetime | None = None


@dataclass(frozen=True)
class SuppressionRecord:
    business_id: str
    address: str
    reason: str
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class InvoiceContext:
    """The newest invoice snapshot and business profile known for an invoice, and its link."""

    invoice_id: str
    business_id: str
    version: int
    invoice: InvoiceSnapshot
    business: BusinessProfile
    payment_url: str | None


@dataclass(frozen=True)
class DeferredEvent:
    """A payment event that arrived before anything about its invoice (its encoded envelope)."""

    event_key: str
    invoice_id: str
    event_type: str
    payload: str
