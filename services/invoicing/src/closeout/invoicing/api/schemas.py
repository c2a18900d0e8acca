"""Request and response bodies of the admin API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from closeout.invoicing.domain.sources import InvoiceSource
from closeout.invoicing.storage.records import Business, Invoice, Link
from closeout.invoicing.usecases.invoice_details import InvoiceDetails
from closeout.invoicing.usecases.review import PendingReview
from closeout.shared.contracts.common import (
    EMAIL_PATTERN,
    WHOLE_NUMBER,
    Customer,
    LineItem,
    within_money_cap,
)
from closeout.shared.contracts.invoices import CreditNote, InvoiceStatus, PaymentNotice
from closeout.shared.money import CurrencyCode

Color = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class BusinessOut(BaseModel):
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
    payment_notice: PaymentNotice

    @classmethod
    def of(cls, business: Business) -> BusinessOut:
        return cls.model_validate(business, from_attributes=True)


_COLOR = r"^#[0-9A-Fa-f]{6}$"
_EMAIL = EMAIL_PATTERN


class BusinessPatch(_Strict):
    """Only the fields given change; a setting every business needs cannot be cleared (its
    schema allows no null), the optional ones can (null)."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | SkipJsonSchema[None] = None
    email: str | None = Field(None, max_length=320, pattern=_EMAIL)
    phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=500)
    website: str | None = Field(None, max_length=500, pattern=r"^https?://")
    logo_url: str | None = Field(None, max_length=1000, pattern=r"^https://")
    brand_color: str | None = Field(None, pattern=_COLOR)
    accent_color: str | None = Field(None, pattern=_COLOR)
    bank_transfer_instructions: str | None = Field(None, max_length=2000)
    payment_terms_days: (
        Annotated[int, Field(ge=0, le=365, strict=True), WHOLE_NUMBER] | SkipJsonSchema[None]
    ) = None
    tax_mode: Literal["inclusive", "exclusive"] | SkipJsonSchema[None] = None
    default_currency: CurrencyCode | SkipJsonSchema[None] = None
    number_prefix: (
        Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Z0-9]+$")]
        | SkipJsonSchema[None]
    ) = None
    auto_send: StrictBool | SkipJsonSchema[None] = None
    link_expiry_days: (
        Annotated[int, Field(ge=1, le=730, strict=True), WHOLE_NUMBER] | SkipJsonSchema[None]
    ) = None
    admin_email: str | None = Field(None, max_length=320, pattern=_EMAIL)
    stripe_account_id: str | None = Field(None, max_length=100, pattern=r"^acct_[A-Za-z0-9]+$")
    timezone: Annotated[str, Field(min_length=1, max_length=64)] | SkipJsonSchema[None] = None
    attach_pdfs: StrictBool | SkipJsonSchema[None] = Field(
        None, description="Attach the invoice and receipt PDFs to the emails sent for them"
    )
    payment_notice: PaymentNotice | SkipJsonSchema[None] = Field(
        None,
        description="When the owner is emailed about a payment: each payment, a daily digest, "
        "or never (a dispute is always emailed)",
    )


class LineOut(BaseModel):
    description: str
    kind: str
    quantity: str
    unit_amount: int
    tax_rate: str
    net_amount: int
    tax_amount: int
    total_amount: int


class InvoiceSummary(BaseModel):
    invoice_id: str
    business_id: str
    number: str | None
    status: InvoiceStatus
    version: int
    source: InvoiceSource = Field(
        description="Where it came from: a job, by hand, a CSV import or a recurring schedule"
    )
    job_id: str | None = Field(description="Only a job's invoice has one")
    job_external_id: str | None
    job_title: str | None
    reissue_of: str | None = Field(description="The voided invoice this one bills again")
    reissued_as: str | None = Field(description="The invoice that bills this voided one again")
    customer: dict[str, Any]
    currency: str
    tax_mode: str
    subtotal: int
    tax_total: int
    total: int
    amount_paid: int
    amount_refunded: int
    amount_due: int
    amount_credited: int = Field(
        0, description="What credit notes took of the paid amount (no payment changes with it)"
    )
    overpaid: bool
    overdue: bool
    needs_review: bool
    review_reason: str | None
    issued_at: datetime | None
    due_date: date | None
    paid_at: datetime | None
    voided_at: datetime | None
    view_count: int
    created_at: datetime
    reminders_paused: bool = Field(
        False, description="Paused from the business's reminder schedule (no reminders)"
    )

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceSummary:
        values = {k: getattr(invoice, k) for k in cls.model_fields if hasattr(invoice, k)}
        values["reminders_paused"] = invoice.reminders_paused_at is not None
        values["overdue"] = invoice.overdue_at is not None and invoice.status in (
            "overdue",
            "partially_paid",
        )
        return cls.model_validate(values)


class TimelineEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    kind: str
    actor: str
    detail: str


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    payment_id: str
    refund_id: str | None
    amount: int
    currency: str
    method: str
    provider: str
    reference: str | None
    occurred_at: datetime


class ClaimOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    claim_id: str
    method: str
    amount: int | None
    reference: str | None
    note: str | None
    status: str
    claimed_at: datetime
    resolved_at: datetime | None
    resolution: str | None


class LinkOut(BaseModel):
    link_id: str
    purpose: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    view_count: int
    last_viewed_at: datetime | None

    @classmethod
    def of(cls, link: Link) -> LinkOut:
        return cls.model_validate(link, from_attributes=True)


class PricedOut(BaseModel):
    lines: list[LineOut]
    subtotal: int
    tax_total: int
    total: int


class PendingReviewOut(BaseModel):
    """Why the invoice is flagged and, for a job change, the invoice against the job now.

    The admin keeps the invoice (`POST .../review-done`) or voids it (`POST .../void`, only
    while nothing is paid); an issued invoice is never rewritten from the job."""

    reason: str
    cause: Literal["job_changed", "job_cancelled", "other"]
    flagged_at: datetime | None
    job_revision: int | None
    cancelled_at: datetime | None
    invoiced: PricedOut
    job_now: PricedOut | None
    total_difference: int | None = Field(description="job_now.total - invoiced.total")
    can_void: bool

    @classmethod
    def of(cls, review: PendingReview) -> PendingReviewOut:
        return cls.model_validate(review, from_attributes=True)


class ReceiptOut(BaseModel):
    """A confirmed payment's receipt: `GET /v1/invoices/{id}/receipts/{receipt_number}.pdf`."""

    model_config = ConfigDict(from_attributes=True)

    receipt_number: str
    payment_id: str
    amount: int
    currency: str
    method: str
    reference: str | None
    paid_at: datetime
    balance_after: int


class InvoiceDetail(InvoiceSummary):
    notes: str | None
    site_address: str | None
    lines: list[LineOut]
    pending_review: PendingReviewOut | None
    timeline: list[TimelineEntry]
    payments: list[PaymentOut]
    claims: list[ClaimOut]
    links: list[LinkOut]
    receipts: list[ReceiptOut]
    credit_notes: list[CreditNote] = Field(
        default_factory=list, description="Credit notes on this invoice, oldest first"
    )

    @classmethod
    def of_details(cls, found: InvoiceDetails) -> InvoiceDetail:
        invoice, review = found.invoice, found.pending_review
        return cls(
            **InvoiceSummary.of(invoice).model_dump(),
            notes=invoice.notes,
            site_address=invoice.site_address,
            lines=[LineOut.model_validate(line) for line in invoice.lines],
            pending_review=PendingReviewOut.of(review) if review else None,
            timeline=[TimelineEntry.model_validate(t) for t in found.timeline],
            payments=[PaymentOut.model_validate(p) for p in found.payments],
            claims=[ClaimOut.model_validate(c) for c in found.claims],
            links=[LinkOut.of(link) for link in found.links],
            receipts=[ReceiptOut.model_validate(r) for r in found.receipts],
            credit_notes=[note.contract() for note in found.credit_notes],
        )


class InvoiceList(BaseModel):
    items: list[InvoiceSummary]
    limit: int
    offset: int


class DraftPatch(_Strict):
    """Only the fields given change, at least one; none can be cleared (its schema allows no
    null), and `line_items` replaces every line."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"minProperties": 1}
    )

    customer: Customer | SkipJsonSchema[None] = None
    line_items: (
        Annotated[list[LineItem], Field(min_length=1, max_length=500)] | SkipJsonSchema[None]
    ) = None
    notes: Annotated[str, Field(max_length=5000)] | SkipJsonSchema[None] = None
    payment_terms_days: (
        Annotated[int, Field(ge=0, le=365, strict=True), WHOLE_NUMBER] | SkipJsonSchema[None]
    ) = None

    _lines_within_money_cap = field_validator("line_items")(within_money_cap)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("cannot be null: leave the field out to keep it")
        return value


class ReasonIn(_Strict):
    reason: str = Field(min_length=1, max_length=1000)


class NoteIn(_Strict):
    note: str = Field("", max_length=1000)


class IssuedOut(BaseModel):
    invoice: InvoiceSummary
    payment_url: str


class LinkCreatedOut(BaseModel):
    payment_url: str


class NewInvoiceIn(_Strict):
    """An invoice made by hand (`POST /v1/invoices`); left out: the business's settings."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"not": {"required": ["due_date", "terms_days"]}},
    )

    customer: Customer
    lines: list[LineItem] = Field(min_length=1, max_length=500)

    _lines_within_money_cap = field_validator("lines")(within_money_cap)
    currency: CurrencyCode | None = Field(None, description="Else the business's currency")
    due_date: date | None = Field(None, description="Or `terms_days`, not both")
    terms_days: int | None = Field(
        None, ge=0, le=365, description="Days from issue to due; else the business's terms"
    )
    notes: str | None = Field(None, max_length=5000)
    number: str | None = Field(
        None,
        min_length=1,
        max_length=60,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
        description="A number of your own, unique in the business; else the next of its series",
    )
    send: bool = Field(False, description="false: a draft; true: issue and send it now")

    @model_validator(mode="after")
    def _due_date_or_terms(self) -> NewInvoiceIn:
        if {"due_date", "terms_days"} <= self.model_fields_set:
            raise ValueError("give due_date or terms_days, not both")
        return self


class ReissueIn(_Strict):
    send: bool = Field(False, description="false: the new invoice is a draft; true: sent now")
