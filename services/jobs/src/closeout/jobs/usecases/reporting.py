"""Use cases: report a job (REST or Kafka), act on a job, and keep the billing mirror."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.domain.billing import billing_status, snapshot_wins
from closeout.jobs.domain.jobs import (
    Action,
    Content,
    Decision,
    JobState,
    OutEvent,
    content_of,
    decide,
)
from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.repository import JobRow
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.jobs import (
    InboundJob,
    JobCancelled,
    JobCompleted,
    JobSnapshot,
    JobUpdated,
)
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import new_event
from closeout.shared.ids import new_id, utcnow

log = logging.getLogger(__name__)

SOURCE = "closeout/jobs"


class JobNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class ReportResult:
    job: JobRow
    created: bool
    emitted: OutEvent | None


async def report_job(
    session: AsyncSession,
    *,
    business_id: str,
    action: Action,
    job: InboundJob,
    source: str,
    correlation_id: str | None,
    reported_at: datetime | None = None,
) -> ReportResult:
    """Upsert the job by (business, external id) and emit what the change means.

    `reported_at` is when the platform made the report (an event's `time`; now for REST): a
    report older than the newest one applied is stale and cannot overwrite the record."""
    now = utcnow()
    reported_at = reported_at or now
    if reported_at.tzinfo is None:  # CloudEvents times should carry an offset; UTC if not
        reported_at = reported_at.replace(tzinfo=UTC)
    await repo.lock_external_id(session, business_id, job.external_id)
    row = await repo.by_external_id(session, business_id, job.external_id, for_update=True)
    current = _state_of(row) if row else None
    newest = row["reported_at"] if row else None
    stale = newest is not None and reported_at < newest
    decision = decide(
        current, action, content_of(job), completed_at=job.completed_at, now=now, stale=stale
    )
    if row is None:
        row = _new_row(business_id, job.external_id, decision.state, source, correlation_id)
        row["reported_at"] = reported_at
        await repo.insert_job(session, row)
        return await _emit(session, row, decision, created=True)
    if stale:
        log.info("stale report for job %s (%s < %s)", row["job_id"], reported_at, newest)
    return await _save(session, row, decision, reported_at=max(reported_at, newest or reported_at))


async def act_on_job(
    session: AsyncSession,
    *,
    business_id: str,
    job_id: str,
    action: Action,
    completed_at: datetime | None = None,
) -> ReportResult:
    """Complete or cancel a known job without resending its record."""
    found = await repo.by_id(session, business_id, job_id)
    if found is None:
        raise JobNotFoundError(job_id)
    await repo.lock_external_id(session, business_id, found["external_id"])
    row = await repo.by_id(session, business_id, job_id, for_update=True)
    assert row is not None
    current = _state_of(row)
    decision = decide(current, action, current.content, completed_at=completed_at, now=utcnow())
    return await _save(session, row, decision)


async def _save(
    session: AsyncSession, row: JobRow, decision: Decision, *, reported_at: datetime | None = None
) -> ReportResult:
    values = _state_values(decision.state) if decision.changed else {}
    if reported_at is not None and reported_at != row["reported_at"]:
        values["reported_at"] = reported_at
    if values:
        await repo.update_job(session, row["job_id"], values)
    return await _emit(session, row, decision, created=False)


async def _emit(
    session: AsyncSession, row: JobRow, decision: Decision, *, created: bool
) -> ReportResult:
    stored = await repo.by_id(session, row["business_id"], row["job_id"])
    assert stored is not None
    row = stored
    if decision.emit is not None:
        event = new_event(
            decision.emit,
            _payload(row, decision.emit),
            source=SOURCE,
            business_id=row["business_id"],
            subject=row["job_id"],
            correlation_id=row["correlation_id"],
        )
        await enqueue(session, event)
    return ReportResult(row, created, decision.emit)


def _state_of(row: JobRow) -> JobState:
    content: Content = {
        "title": row["title"],
        "customer": row["customer"],
        "site_address": row["site_address"],
        "currency": row["currency"],
        "line_items": row["line_items"],
        "notes": row["notes"],
    }
    return JobState(
        status=row["status"],
        revision=row["revision"],
        content=content,
        completed_at=row["completed_at"],
        cancelled_at=row["cancelled_at"],
    )


def _state_values(state: JobState) -> dict[str, Any]:
    content = state.content
    return {
        "status": state.status,
        "revision": state.revision,
        "completed_at": state.completed_at,
        "cancelled_at": state.cancelled_at,
        "title": content["title"],
        "customer": content["customer"],
        "customer_name": content["customer"]["name"],
        "customer_email": content["customer"].get("email"),
        "site_address": content["site_address"],
        "currency": content["currency"],
        "line_items": content["line_items"],
        "notes": content["notes"],
    }


def _new_row(
    business_id: str, external_id: str, state: JobState, source: str, correlation_id: str | None
) -> JobRow:
    job_id = new_id()
    return {
        "job_id": job_id,
        "business_id": business_id,
        "external_id": external_id,
        "source": source,
        # The correlation id follows the job through every service, from its first report.
        "correlation_id": correlation_id or job_id,
        "billing_status": "unbilled",
        **_state_values(state),
    }


def _payload(row: JobRow, event_type: OutEvent) -> JobSnapshot | JobCancelled:
    if event_type == "job.cancelled":
        return JobCancelled(
            job_id=row["job_id"],
            external_id=row["external_id"],
            cancelled_at=row["cancelled_at"],
            revision=row["revision"],
        )
    fields = {
        "job_id": row["job_id"],
        "external_id": row["external_id"],
        "title": row["title"],
        "customer": row["customer"],
        "site_address": row["site_address"],
        "currency": row["currency"],
        "line_items": row["line_items"],
        "completed_at": row["completed_at"],
        "notes": row["notes"],
        "revision": row["revision"],
    }
    if event_type == "job.completed":
        return JobCompleted.model_validate(fields)
    return JobUpdated.model_validate(fields | {"status": row["status"]})


# --- billing mirror ---------------------------------------------------------------------


async def apply_invoice_event(
    session: AsyncSession,
    *,
    business_id: str,
    event_type: str,
    data: InvoiceEvent,
    event_time: datetime,
) -> bool:
    """Mirror an invoice snapshot on its job; False if no job of this business matches."""
    invoice = data.invoice
    job = None
    if invoice.job_id:
        job = await repo.by_id(session, business_id, invoice.job_id, for_update=True)
    if job is None:
        job = await repo.by_invoice_id(session, business_id, invoice.invoice_id, for_update=True)
    if job is None:
        log.warning("invoice %s matches no job; not mirrored", invoice.invoice_id)
        return False

    values: dict[str, Any] = {}
    wins = snapshot_wins(
        stored_invoice_id=job["invoice_id"],
        stored_status=job["invoice_status"],
        stored_version=job["invoice_version"],
        invoice_id=invoice.invoice_id,
        status=invoice.status,
        version=invoice.version,
    )
    if wins:
        values |= {
            "invoice_id": invoice.invoice_id,
            "invoice_number": invoice.number,
            "invoice_status": invoice.status,
            "invoice_version": invoice.version,
            "invoice_total": invoice.total,
            "amount_due": invoice.amount_due,
            "amount_paid": invoice.amount_paid,
            "amount_refunded": invoice.amount_refunded,
            "invoice_currency": invoice.currency,
            "paid_at": invoice.paid_at,
        }
        if job["invoice_id"] != invoice.invoice_id:
            values["invoice_viewed_at"] = None
            values |= await _last_payment(session, business_id, invoice.invoice_id)
    merged = job | values
    if (
        event_type == "invoice.viewed"
        and merged["invoice_id"] == invoice.invoice_id
        and merged["invoice_viewed_at"] is None
    ):
        values["invoice_viewed_at"] = event_time
    merged = job | values
    values["billing_status"] = billing_status(
        merged["invoice_status"], viewed=merged["invoice_viewed_at"] is not None
    )
    values["last_billing_event_at"] = _latest(job["last_billing_event_at"], event_time)
    await repo.update_job(session, job["job_id"], values)
    return True


async def apply_payment_event(
    session: AsyncSession,
    *,
    business_id: str,
    event_type: str,
    data: PaymentEvent,
    event_time: datetime,
) -> None:
    """Record a payment fact once (even before its invoice is known) and refresh the job."""
    await repo.add_payment_fact(
        session,
        {
            "business_id": business_id,
            "invoice_id": data.invoice_id,
            "payment_id": data.payment_id,
            "kind": event_type.removeprefix("payment."),
            "fact_key": data.refund_id or data.dispute_id or data.attempt_id or "",
            "amount": data.amount,
            "currency": data.currency,
            "method": data.method,
            "reference": data.reference,
            "occurred_at": data.occurred_at,
        },
    )
    job = await repo.by_invoice_id(session, business_id, data.invoice_id, for_update=True)
    if job is None:
        return  # kept as a fact; mirrored when the invoice's first event links it to a job
    # Payment events carry no invoice version: they never change the billing status.
    values = await _last_payment(session, business_id, data.invoice_id)
    values["last_billing_event_at"] = _latest(job["last_billing_event_at"], event_time)
    await repo.update_job(session, job["job_id"], values)


async def _last_payment(session: AsyncSession, business_id: str, invoice_id: str) -> dict[str, Any]:
    facts = await repo.payments_of_invoice(session, business_id, invoice_id)
    confirmed = [f for f in facts if f["kind"] == "confirmed"]
    if not confirmed:
        return {}
    last = max(confirmed, key=lambda f: (f["occurred_at"], f["id"]))
    return {
        "last_payment_method": last["method"],
        "last_payment_reference": last["reference"],
        "last_payment_amount": last["amount"],
        "last_payment_at": last["occurred_at"],
    }


def _latest(stored: datetime | None, seen: datetime) -> datetime:
    return seen if stored is None or seen > stored else stored
