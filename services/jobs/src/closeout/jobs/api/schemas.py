"""Response and request bodies of the jobs API (requests reuse the shared `InboundJob`)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from pydantic import BaseModel, Field

from closeout.jobs.domain.jobs import JobStatus
from closeout.jobs.storage.records import JobRecord
from closeout.shared.contracts.common import Customer, LineItem, PaymentMethod, Timestamp
from closeout.shared.contracts.jobs import BillingStatus


class CompleteRequest(BaseModel):
    completed_at: Timestamp | None = Field(None, description="Defaults to now")


class LastPayment(BaseModel):
    method: PaymentMethod
    reference: str | None
    amount: int
    at: datetime


class Billing(BaseModel):
    """The job's billing mirror: answers "was it paid, when, how" without asking invoicing."""

    status: BillingStatus
    invoice_id: str | None
    invoice_number: str | None
    currency: str | None
    total: int | None
    amount_due: int | None
    amount_paid: int | None
    amount_refunded: int | None
    amount_credited: int | None = Field(
        None, description="What the invoice's credit notes took of the paid amount"
    )
    viewed_at: datetime | None
    paid_at: datetime | None
    last_payment: LastPayment | None
    last_event_at: datetime | None


class JobOut(BaseModel):
    job_id: str
    external_id: str
    status: JobStatus
    revision: int
    title: str
    customer: Customer
    site_address: str | None
    currency: str
    line_items: list[LineItem]
    completed_at: datetime | None
    cancelled_at: datetime | None
    notes: str | None
    correlation_id: str
    source: str
    billing: Billing
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_record(cls, job: JobRecord) -> JobOut:
        last_payment = None
        if (
            job.last_payment_at is not None
            and job.last_payment_method is not None
            and job.last_payment_amount is not None
        ):
            last_payment = LastPayment(
                method=job.last_payment_method,
                reference=job.last_payment_reference,
                amount=job.last_payment_amount,
                at=job.last_payment_at,
            )
        billing = Billing(
            status=job.billing_status,
            invoice_id=job.invoice_id,
            invoice_number=job.invoice_number,
            currency=job.invoice_currency,
            total=job.invoice_total,
            amount_due=job.amount_due,
            amount_paid=job.amount_paid,
            amount_refunded=job.amount_refunded,
            amount_credited=job.amount_credited,
            viewed_at=job.invoice_viewed_at,
            paid_at=job.paid_at,
            last_payment=last_payment,
            last_event_at=job.last_billing_event_at,
        )
        return cls.model_validate({**asdict(job), "billing": billing})


class JobPage(BaseModel):
    items: list[JobOut]
    total: int
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="Pass as `offset` for the next page")
