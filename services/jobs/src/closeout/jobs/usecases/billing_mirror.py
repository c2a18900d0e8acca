"""The billing mirror: each job shows its invoice's status and last payment, fed by
`invoice.*` (ordered by the snapshot's version) and `payment.*` events."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.domain.billing import billing_status, snapshot_wins
from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.records import JobRecord, PaymentFact
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.payments import PaymentEvent

log = logging.getLogger(__name__)


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
    stored = None
    if invoice.job_id:
        stored = await repo.find_job(session, business_id, job_id=invoice.job_id, for_update=True)
    if stored is None:
        stored = await repo.find_job(
            session, business_id, invoice_id=invoice.invoice_id, for_update=True
        )
    if stored is None:
        log.warning("invoice %s matches no job; not mirrored", invoice.invoice_id)
        return False

    job = stored
    wins = snapshot_wins(
        stored_invoice_id=stored.invoice_id,
        stored_status=stored.invoice_status,
        stored_version=stored.invoice_version,
        invoice_id=invoice.invoice_id,
        status=invoice.status,
        version=invoice.version,
    )
    if wins:
        job = replace(
            job,
            invoice_id=invoice.invoice_id,
            invoice_number=invoice.number,
            invoice_status=invoice.status,
            invoice_version=invoice.version,
            invoice_total=invoice.total,
            amount_due=invoice.amount_due,
            amount_paid=invoice.amount_paid,
            amount_refunded=invoice.amount_refunded,
            amount_credited=invoice.amount_credited,
            invoice_currency=invoice.currency,
            paid_at=invoice.paid_at,
        )
        if stored.invoice_id != invoice.invoice_id:
            job = replace(job, invoice_viewed_at=None)
            job = await _with_last_payment(session, job, invoice.invoice_id)
    if (
        event_type == "invoice.viewed"
        and job.invoice_id == invoice.invoice_id
        and job.invoice_viewed_at is None
    ):
        job = replace(job, invoice_viewed_at=event_time)
    job = replace(
        job,
        billing_status=billing_status(job.invoice_status, viewed=job.invoice_viewed_at is not None),
        last_billing_event_at=_latest(stored.last_billing_event_at, event_time),
    )
    await repo.update_job(session, stored, job)
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
    fact = PaymentFact(
        business_id=business_id,
        invoice_id=data.invoice_id,
        payment_id=data.payment_id,
        kind=event_type.removeprefix("payment."),
        fact_key=data.refund_id or data.dispute_id or data.attempt_id or "",
        amount=data.amount,
        currency=data.currency,
        method=data.method,
        reference=data.reference,
        occurred_at=data.occurred_at,
    )
    await repo.add_payment_fact(session, fact)
    stored = await repo.find_job(session, business_id, invoice_id=data.invoice_id, for_update=True)
    if stored is None:
        return  # kept as a fact; mirrored when the invoice's first event links it to a job
    # Payment events carry no invoice version: they never change the billing status.
    job = await _with_last_payment(session, stored, data.invoice_id)
    job = replace(job, last_billing_event_at=_latest(stored.last_billing_event_at, event_time))
    await repo.update_job(session, stored, job)


async def _with_last_payment(session: AsyncSession, job: JobRecord, invoice_id: str) -> JobRecord:
    """The job showing the invoice's last confirmed payment (unchanged if there is none)."""
    facts = await repo.payments_of_invoice(session, job.business_id, invoice_id)
    confirmed = [fact for fact in facts if fact.kind == "confirmed"]
    if not confirmed:
        return job
    last = confirmed[-1]  # facts come in the order they happened
    return replace(
        job,
        last_payment_method=last.method,
        last_payment_reference=last.reference,
        last_payment_amount=last.amount,
        last_payment_at=last.occurred_at,
    )


def _latest(stored: datetime | None, seen: datetime) -> datetime:
    return seen if stored is None or seen > stored else stored
