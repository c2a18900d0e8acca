"""Typed views of the rows the use cases work with."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any, Self

from sqlalchemy import RowMapping

from closeout.invoicing.domain.pricing import PricedLine
from closeout.invoicing.domain.sources import InvoiceSource
from closeout.shared.contracts.invoices import CreditNote, CreditNoteLine, InvoiceStatus


class _Record:
    @classmethod
    def from_row(cls, row: RowMapping) -> Self:
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in row.items() if k in names})


@dataclass(frozen=True)
class Business(_Record):
    business_id: str
    name: str
    email: str | None
    phone: str | None
    address: str | None
    website: str | None
    logo_url: str | None
    brand_color: str | None
    accent_color: str | None
    bank_transfer_instructions: str | None
    payment_terms_days: int
    tax_mode: str
    default_currency: str
    number_prefix: str
    auto_send: bool
    link_expiry_days: int
    admin_email: str | None
    stripe_account_id: str | None
    timezone: str
    attach_pdfs: bool
    payment_notice: str
    reminder_schedule: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Invoice(_Record):
    invoice_id: str
    business_id: str
    job_id: str | None
    job_external_id: str | None
    job_title: str | None
    job_revision: int
    site_address: str | None
    job_completed_at: datetime | None
    notes: str | None
    correlation_id: str | None
    customer: dict[str, Any]
    customer_name: str
    customer_email: str | None
    currency: str
    tax_mode: str
    lines: list[PricedLine]
    subtotal: int
    tax_total: int
    total: int
    amount_paid: int
    amount_refunded: int
    amount_due: int
    overpaid: bool
    status: InvoiceStatus
    version: int
    number: str | None
    payment_terms_days: int
    issued_at: datetime | None
    due_date: date | None
    paid_at: datetime | None
    voided_at: datetime | None
    void_reason: str | None
    uncollectible_at: datetime | None
    overdue_at: datetime | None
    reminders_sent: int
    last_reminder_day: int | None
    reminders_paused_at: datetime | None
    next_action_at: datetime | None
    needs_review: bool
    review_reason: str | None
    view_count: int
    viewed_event_at: datetime | None
    created_at: datetime
    updated_at: datetime
    source: InvoiceSource
    source_ref: str | None
    requested_due_date: date | None
    reissue_of: str | None
    reissued_as: str | None
    amount_credited: int = 0  # what credit notes took of the paid amount


@dataclass(frozen=True)
class Link(_Record):
    link_id: str
    invoice_id: str
    purpose: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    view_count: int
    last_viewed_at: datetime | None


@dataclass(frozen=True)
class TimelineRecord(_Record):
    id: int
    invoice_id: str
    at: datetime
    kind: str
    actor: str
    detail: str
    data: dict[str, Any] | None  # free-form JSON: what the entry's kind records


@dataclass(frozen=True)
class LedgerEntry(_Record):
    entry_id: str
    invoice_id: str
    fact_key: str
    kind: str  # payment | refund | reversal
    payment_id: str
    refund_id: str | None
    amount: int
    currency: str
    method: str
    provider: str
    reference: str | None
    claim_id: str | None
    occurred_at: datetime
    recorded_at: datetime


@dataclass(frozen=True)
class RefundFailure(_Record):
    refund_id: str
    invoice_id: str
    payment_id: str
    amount: int
    reason: str
    reversed_amount: int | None
    occurred_at: datetime
    recorded_at: datetime
    late_refund_at: datetime | None


@dataclass(frozen=True)
class Claim(_Record):
    claim_id: str
    invoice_id: str
    method: str
    amount: int | None
    reference: str | None
    note: str | None
    status: str  # pending | confirmed | rejected
    claimed_at: datetime
    resolved_at: datetime | None
    resolution: str | None


@dataclass(frozen=True)
class Receipt(_Record):
    receipt_number: str
    business_id: str
    invoice_id: str
    entry_id: str
    payment_id: str
    amount: int
    currency: str
    method: str
    reference: str | None
    paid_at: datetime
    balance_after: int  # what the invoice still owed right after this payment
    created_at: datetime


@dataclass(frozen=True)
class CreditNoteRecord(_Record):
    credit_note_id: str
    business_id: str
    invoice_id: str
    number: str
    amount: int
    currency: str
    reason: str
    lines: list[dict[str, Any]]  # [{"description", "amount"}]
    idempotency_key: str | None
    request_hash: str | None
    actor: str
    created_at: datetime

    def contract(self) -> CreditNote:
        return CreditNote(
            credit_note_id=self.credit_note_id,
            number=self.number,
            invoice_id=self.invoice_id,
            amount=self.amount,
            currency=self.currency,
            reason=self.reason,
            lines=[CreditNoteLine.model_validate(line) for line in self.lines],
            created_at=self.created_at,
        )


@dataclass(frozen=True)
class RecurringInvoice(_Record):
    schedule_id: str
    business_id: str
    customer: dict[str, Any]
    lines: list[dict[str, Any]]  # shared `LineItem`s as JSON
    currency: str
    frequency: str  # monthly | weekly | every_n_days | rrule
    interval_days: int | None
    rrule: str | None
    start_date: date
    end_date: date | None
    count: int | None
    send: bool
    payment_terms_days: int | None
    notes: str | None
    status: str  # active | paused | ended
    next_period: int  # index of the next period to make (`domain.recurring.period_date`)
    next_run_at: datetime | None
    created_at: datetime
    updated_at: datetime
