"""Invoice events, published by the invoicing service. Each carries the whole invoice snapshot."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import Field

from closeout.shared.contracts.common import (
    Contract,
    CurrencyCode,
    Customer,
    DisplayName,
    MinorUnits,
    NonNegativeMinorUnits,
    PaymentMethod,
    PositiveMinorUnits,
)

InvoiceStatus = Literal[
    "draft",
    "open",
    "overdue",
    "partially_paid",
    "paid",
    "void",
    "uncollectible",
    "refunded",
    "partially_refunded",
    "disputed",
]

# When the owner is emailed that a payment arrived (a dispute is always emailed).
PaymentNotice = Literal["each", "daily", "never"]

# The customer may still pay the balance: what net payments do not cover is due. After a
# refund an admin decides whether to chase the rest or to close the invoice.
PAYABLE_STATUSES: frozenset[InvoiceStatus] = frozenset(
    {"open", "overdue", "partially_paid", "partially_refunded", "refunded"}
)


class BusinessProfile(Contract):
    """What a customer-facing message needs to know about the business that bills."""

    business_id: str
    name: DisplayName
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    website: str | None = None
    logo_url: str | None = None
    brand_color: str | None = None
    bank_transfer_instructions: str | None = None
    admin_email: str | None = None
    timezone: str = "UTC"
    stripe_account_id: str | None = Field(None, description="Stripe Connect account, if any")
    attach_pdfs: bool = Field(
        False,
        description="Attach the invoice PDF (and a payment's receipt PDF) to the emails: invoicing "
        "serves them at GET /v1/invoices/{invoice_id}/invoice.pdf and "
        ".../receipts/{receipt_number}.pdf (absent in older events: false)",
    )
    payment_notice: PaymentNotice = Field(
        "each",
        description="When the owner (admin_email, else email) is told a payment arrived: each "
        "payment, a daily digest, or never (absent in older events: each)",
    )


class InvoiceLine(Contract):
    description: str
    quantity: Decimal
    unit_amount: MinorUnits
    tax_rate: Decimal
    net_amount: MinorUnits
    tax_amount: MinorUnits
    total_amount: MinorUnits


class InvoiceSnapshot(Contract):
    invoice_id: str
    number: str | None = Field(None, description="Assigned when issued, e.g. INV-2026-000123")
    status: InvoiceStatus
    version: int = Field(ge=1, description="Increases with every change; orders snapshots")
    job_id: str | None = None
    job_external_id: str | None = None
    job_title: str | None = None
    site_address: str | None = None
    job_completed_at: datetime | None = None
    notes: str | None = None
    customer: Customer
    currency: CurrencyCode
    lines: list[InvoiceLine]
    subtotal: MinorUnits
    tax_total: MinorUnits
    total: MinorUnits
    amount_paid: MinorUnits
    amount_refunded: MinorUnits = 0
    amount_due: MinorUnits
    amount_credited: NonNegativeMinorUnits = Field(
        0,
        description="What credit notes took of the paid amount (no payment changes with it; "
        "absent in older events: 0)",
    )
    issued_at: datetime | None = None
    due_date: date | None = None
    paid_at: datetime | None = None


class CreditNoteLine(Contract):
    description: str = Field(min_length=1, max_length=500)
    amount: PositiveMinorUnits


class CreditNote(Contract):
    """Part of a paid invoice credited: it states that, it moves no money by itself."""

    credit_note_id: str
    number: str = Field(description="Per business, e.g. INV-CN-0001 (the invoice prefix)")
    invoice_id: str
    amount: PositiveMinorUnits
    currency: CurrencyCode
    reason: str
    lines: list[CreditNoteLine] = Field(
        default_factory=list, description="What is credited, line by line (may be empty)"
    )
    created_at: datetime


class AppliedPayment(Contract):
    payment_id: str
    amount: MinorUnits
    currency: CurrencyCode
    method: PaymentMethod
    reference: str | None = None
    occurred_at: datetime
    receipt_number: str | None = Field(
        None, description="The payment's receipt (invoicing numbers one per confirmed payment)"
    )


class PaymentClaim(Contract):
    """A customer's "I have paid" (cash or bank transfer): a claim for an admin, never money."""

    claim_id: str
    method: PaymentMethod
    amount: MinorUnits | None = None
    reference: str | None = None
    note: str | None = None
    claimed_at: datetime


class InvoiceEvent(Contract):
    """Payload of every `invoice.*` event; the event-specific fields are set where they apply."""

    invoice: InvoiceSnapshot
    business: BusinessProfile
    payment_url: str | None = Field(None, description="The customer's capability link")
    payment: AppliedPayment | None = None
    claim: PaymentClaim | None = None
    days_overdue: int | None = None
    reminder_number: int | None = None
    view_count: int | None = None
    reason: str | None = None
    credit_note: CreditNote | None = Field(None, description="invoice.credited: the new note")
