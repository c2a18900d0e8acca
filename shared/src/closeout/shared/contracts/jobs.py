"""Job events: what field platforms send in (`jobs.inbound`) and what the jobs service publishes."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from closeout.shared.contracts.common import Contract, CurrencyCode, Customer, LineItem

InboundJobType = Literal["job.created", "job.updated", "job.completed", "job.cancelled"]


class InboundJob(Contract):
    """The job record as a field platform reports it (REST body and `jobs.inbound` data)."""

    external_id: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=300)
    customer: Customer
    site_address: str | None = Field(None, max_length=500)
    currency: CurrencyCode
    line_items: list[LineItem] = Field(default_factory=list, max_length=500)
    completed_at: datetime | None = None
    notes: str | None = Field(None, max_length=5000)


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


class JobCompleted(JobSnapshot):
    completed_at: datetime


class JobUpdated(JobSnapshot):
    status: Literal["open", "completed", "cancelled"]


class JobCancelled(Contract):
    job_id: str
    external_id: str
    cancelled_at: datetime
    revision: int = Field(ge=1)
