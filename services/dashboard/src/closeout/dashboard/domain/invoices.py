"""What the dashboard knows about invoices, payments and messages: the other services' admin
API answers, read with only the fields the screens use (anything else is ignored)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from closeout.shared.contracts.invoices import PAYABLE_STATUSES, InvoiceStatus
from closeout.shared.money import Money


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class InvoiceSummary(_Answer):
    invoice_id: str
    business_id: str
    number: str | None
    status: InvoiceStatus
    job_external_id: str | None = None
    job_title: str | None = None
    customer: dict[str, Any]
    currency: str
    subtotal: int
    tax_total: int
    total: int
    amount_paid: int
    amount_refunded: int
    amount_due: int
    amount_credited: int = 0
    overdue: bool
    needs_review: bool
    review_reason: str | None = None
    issued_at: datetime | None = None
    due_date: date | None = None
    paid_at: datetime | None = None
    view_count: int = 0
    created_at: datetime
    reminders_paused: bool = False

    @property
    def customer_name(self) -> str:
        return str(self.customer.get("name") or self.customer.get("email") or "—")

    @property
    def customer_email(self) -> str | None:
        email = self.customer.get("email")
        return str(email) if email else None

    def money(self, amount: int) -> str:
        return Money(amount, self.currency).format()

    @property
    def payable(self) -> bool:
        return self.status in PAYABLE_STATUSES and self.amount_due > 0

    @property
    def creditable(self) -> int:
        """What a credit note may still take: paid, less refunds and earlier notes (invoicing
        has the rule; this only decides whether to offer the action)."""
        if self.status in ("draft", "void"):
            return 0
        return max(self.amount_paid - self.amount_refunded - self.amount_credited, 0)


class Line(_Answer):
    description: str
    quantity: str
    unit_amount: int
    tax_rate: str
    total_amount: int


class TimelineEntry(_Answer):
    at: datetime
    kind: str
    actor: str
    detail: str


class Claim(_Answer):
    claim_id: str
    method: str
    amount: int | None
    reference: str | None
    note: str | None
    status: str
    claimed_at: datetime
    resolution: str | None = None


class CreditNote(_Answer):
    number: str
    amount: int
    reason: str
    created_at: datetime


class InvoiceDetail(InvoiceSummary):
    notes: str | None = None
    site_address: str | None = None
    lines: list[Line]
    timeline: list[TimelineEntry]
    claims: list[Claim]
    credit_notes: list[CreditNote] = []

    @property
    def pending_claims(self) -> list[Claim]:
        return [c for c in self.claims if c.status == "pending"]


class Payment(_Answer):
    payment_id: str
    provider: str
    method: str
    amount: int
    currency: str
    status: str
    amount_refunded: int
    reference: str | None
    confirmed_by: str | None
    confirmed_at: datetime | None


class LedgerEntry(_Answer):
    kind: str
    occurred_at: datetime
    amount: int | None
    currency: str | None
    method: str | None
    reference: str | None
    detail: str | None
    actor: str | None


class PaymentLog(_Answer):
    payments: list[Payment]
    entries: list[LedgerEntry]

    @classmethod
    def none(cls) -> PaymentLog:
        return cls(payments=[], entries=[])


class Message(_Answer):
    notification_id: str
    invoice_id: str | None
    template: str
    channel: str
    recipient: str
    subject: str | None
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


# What an action needs from the invoice's state: the buttons offered and the actions accepted.
def actions_for(invoice: InvoiceDetail) -> list[str]:
    status = invoice.status
    actions: list[str] = []
    if status == "draft":
        actions.append("issue")
    if status in PAYABLE_STATUSES:
        actions.append("resend")
        if invoice.amount_due > 0:
            actions.append("record-payment")
    if invoice.pending_claims:
        actions += ["confirm-claim", "reject-claim"]
    if status in ("open", "overdue", "partially_paid"):
        actions.append("write-off")
    if status == "draft" or (status in ("open", "overdue") and invoice.amount_paid == 0):
        actions.append("void")
    if invoice.needs_review:
        actions.append("review-done")
    if status in ("open", "overdue", "partially_paid"):
        actions.append("resume-reminders" if invoice.reminders_paused else "pause-reminders")
    if invoice.creditable > 0:
        actions.append("credit-note")
    return actions
