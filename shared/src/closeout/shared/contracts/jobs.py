"""Job events: what field platforms send in (`jobs.inbound`) and what the jobs service publishes."""

from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from closeout.shared.contracts.common import (
    Contract,
    CurrencyCode,
    Customer,
    LineItem,
    Timestamp,
    within_money_cap,
)

InboundJobType = Literal["job.created", "job.updated", "job.completed", "job.cancelled"]

# The invoice statuses a job's billing mirror shows unchanged: every `InvoiceStatus` except
# "draft" and "open" (tests/jobs check that the two lists stay in step).
MirroredInvoiceStatus = Literal[
    "partially_paid",
    "paid",
    "overdue",
    "void",
    "uncollectible",
    "refunded",
    "partially_refunded",
    "disputed",
]

# What a job's billing mirror shows (the jobs API). It is the invoice's status, except where
# the mirror deliberately differs: no invoice yet is "unbilled", a draft is "invoiced", and an
# open invoice is "sent" until the customer has viewed it, then "viewed". The rules are the
# jobs service's (`closeout.jobs.domain.billing`).
BillingStatus = Literal["unbilled", "invoiced", "sent", "viewed", MirroredInvoiceStatus]


class InboundJob(Contract):
    """The job record as a field platform reports it (REST body and `jobs.inbound` data)."""

    external_id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=300)
    customer: Customer
    site_address: str | None = Field(None, max_length=500)
    currency: CurrencyCode
    line_items: list[LineItem] = Field(default_factory=list, max_length=500)
    completed_at: Timestamp | None = None
    notes: str | None = Field(None, max_length=5000)

    _line_items_within_money_cap = field_validator("line_items")(within_money_cap)


class JobSnapshot(Contract):
    """A job as the jobs service publishes it: the full record, so consumers need not ask."""

    job_id: str
    external_id: str
    title: str
    customer: Customer
    site_address: str | None = None
    currency: CurrencyCode
    line_items: list[LineItem]
    completed_at: datetime | None = None
    notes: str | None = None
    revision: int = Field(ge=1, description="Increases with every change to the job record")

    _line_items_within_money_cap = field_validator("line_items")(within_money_cap)


class JobCompleted(JobSnapshot):
    completed_at: datetime


class JobUpdated(JobSnapshot):
    status: Literal["open", "completed", "cancelled"]


class JobCancelled(Contract):
    job_id: str
    external_id: str
    cancelled_at: datetime
    revision: int = Field(ge=1)
