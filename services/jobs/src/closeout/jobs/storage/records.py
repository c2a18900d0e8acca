"""What the repository returns: typed, immutable rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from closeout.jobs.domain.jobs import JobStatus, JsonObject
from closeout.shared.contracts.common import PaymentMethod
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.contracts.jobs import BillingStatus


@dataclass(frozen=True, kw_only=True)
class JobFields:
    """A job as written: its record, where it came from, and its billing mirror."""

    job_id: str
    business_id: str
    external_id: str
    status: JobStatus
    revision: int
    title: str
    customer: JsonObject
    customer_name: str
    customer_email: str | None
    site_address: str | None
    currency: str
    line_items: list[JsonObject]
    completed_at: datetime | None
    cancelled_at: datetime | None
    notes: str | None
    correlation_id: str
    source: str
    # When the newest applied report was made (NULL for jobs stored before it was kept).
    reported_at: datetime | None
    billing_status: BillingStatus = "unbilled"
    invoice_id: str | None = None
    invoice_number: str | None = None
    invoice_status: InvoiceStatus | None = None
    invoice_version: int | None = None
    invoice_total: int | None = None
    amount_due: int | None = None
    amount_paid: int | None = None
    amount_refunded: int | None = None
    amount_credited: int | None = None
    invoice_currency: str | None = None
    invoice_viewed_at: datetime | None = None
    paid_at: datetime | None = None
    last_payment_method: PaymentMethod | None = None
    last_payment_reference: str | None = None
    last_payment_amount: int | None = None
    last_payment_at: datetime | None = None
    last_billing_event_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class JobRecord(JobFields):
    """A stored job (the database sets the times)."""

    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class PaymentFact:
    """One payment fact from `payment.*`, kept once per (payment, kind, fact key)."""

    business_id: str
    invoice_id: str
    payment_id: str
    kind: str
    fact_key: str
    amount: int
    currency: str
    method: PaymentMethod
    reference: str | None
    occurred_at: datetime


class PlatformGrant(NamedTuple):
    """A field platform may report jobs for this business."""

    platform: str
    business_id: str
