"""What the repository reads and writes: one frozen record per table row.

A `New...` record is what a use case inserts; the stored record adds the columns the
database fills in (ids, timestamps, running totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, kw_only=True)
class ProjectedInvoice:
    """What payments keeps of an invoice, from invoicing's `invoice.*` events."""

    invoice_id: str
    business_id: str
    version: int
    number: str | None
    status: str
    currency: str
    total: int
    amount_due: int
    customer_email: str | None
    stripe_account_id: str | None


@dataclass(frozen=True, kw_only=True)
class InvoiceRecord(ProjectedInvoice):
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class NewAttempt:
    """A Checkout session reserved (status creating) before Stripe is asked for it."""

    attempt_id: str
    invoice_id: str
    business_id: str
    attempt_no: int
    amount: int
    currency: str
    idempotency_key: str
    stripe_account_id: str | None
    customer_email: str | None
    correlation_id: str | None
    status: str
    expires_at: datetime
    application_fee_amount: int | None = None


@dataclass(frozen=True, kw_only=True)
class AttemptRecord(NewAttempt):
    # NULL while reserved and Stripe has not answered yet (status creating).
    checkout_session_id: str | None
    checkout_url: str | None
    created_at: datetime
    updated_at: datetime
    reconciled_at: datetime | None
    expire_requested_at: datetime | None
    expire_reason: str | None

    @property
    def session_id(self) -> str:
        """The Checkout session of an attempt Stripe answered for (open and every later state)."""
        if self.checkout_session_id is None:
            raise ValueError(f"attempt {self.attempt_id} has no Checkout session yet")
        return self.checkout_session_id


@dataclass(frozen=True, kw_only=True)
class NewPayment:
    payment_id: str
    invoice_id: str
    business_id: str
    provider: str
    provider_key: str
    method: str
    amount: int
    currency: str
    status: str
    attempt_id: str | None = None
    payment_intent_id: str | None = None
    checkout_session_id: str | None = None
    reference: str | None = None
    claim_id: str | None = None
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class PaymentRecord(NewPayment):
    amount_refunded: int
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class NewLedgerEntry:
    """One fact of the payment log; `dedupe_key` is its identity (recorded once)."""

    invoice_id: str
    business_id: str
    kind: str
    dedupe_key: str
    occurred_at: datetime
    payment_id: str | None = None
    attempt_id: str | None = None
    amount: int | None = None
    currency: str | None = None
    method: str | None = None
    reference: str | None = None
    detail: str | None = None
    actor: str | None = None


@dataclass(frozen=True, kw_only=True)
class LedgerEntry(NewLedgerEntry):
    id: int
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class WebhookEventSummary:
    """A stored Stripe event as operators list it (without its payload)."""

    event_id: str
    event_type: str
    account: str | None
    status: str
    attempts: int
    last_error: str | None
    outcome: str | None
    received_at: datetime
    processed_at: datetime | None
    next_attempt_at: datetime


@dataclass(frozen=True, kw_only=True)
class WebhookEventRecord(WebhookEventSummary):
    payload: dict[str, Any]  # the Stripe event as received: free-form JSON
    waiting_for: str | None
    traceparent: str | None
