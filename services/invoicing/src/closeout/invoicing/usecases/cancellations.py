"""A cancelled job: void its draft, flag an issued invoice, or make sure it is never billed.

An issued invoice is never changed automatically: the customer has it and money may have
moved, so an admin decides (void it if nothing was paid, refund, or keep it). Reminders
wait until then (the scheduler holds such an invoice: `schedule.hold`).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import load_for_update, void
from closeout.shared.contracts.jobs import JobCancelled


async def cancel_job(
    session: AsyncSession, job: JobCancelled, *, business_id: str, actor: str
) -> None:
    """Apply a job's cancellation once, whatever event reports it and in whatever order."""
    await repo.lock_job(session, business_id, job.job_id)
    recorded = await repo.record_cancellation_once(
        session,
        business_id=business_id,
        job_id=job.job_id,
        external_id=job.external_id,
        revision=job.revision,
        cancelled_at=job.cancelled_at,
        actor=actor,
    )
    if not recorded:
        return  # reported before (a resend under a new event id)
    invoice_id = await repo.invoice_id_for_job(session, business_id, job.job_id)
    if invoice_id is None:
        return  # the record alone stops a later `job.completed` from billing the job
    invoice = await load_for_update(session, invoice_id)
    # Job records older than the cancellation (late `job.updated`s) are moot from now on.
    invoice = await repo.update_invoice(
        session, invoice_id, job_revision=max(invoice.job_revision, job.revision)
    )
    what = f"job {job.external_id} cancelled (revision {job.revision})"
    if invoice.status == "draft":
        reason = f"{what} before the invoice was issued"
        await void(session, invoice_id, business_id, reason, actor=actor)
    elif invoice.status == "void":
        await _note(session, invoice, f"{what}; the invoice was already void", job, actor=actor)
    else:
        await _flag(session, invoice, what, job, actor=actor)


async def _note(
    session: AsyncSession, invoice: Invoice, detail: str, job: JobCancelled, *, actor: str
) -> None:
    await repo.add_timeline(
        session, invoice.invoice_id, "job_cancelled", detail, actor=actor, data=_data(job)
    )


async def _flag(
    session: AsyncSession, invoice: Invoice, what: str, job: JobCancelled, *, actor: str
) -> None:
    paid = invoice.amount_paid - invoice.amount_refunded
    reason = (
        f"{what} after the invoice was issued ({invoice.status}, {paid} of {invoice.total}"
        f" {invoice.currency} paid): review needed (void it if nothing was paid, refund what"
        " was paid, or keep it)"
    )
    await _note(session, invoice, reason, job, actor=actor)
    invoice = await repo.update_invoice(
        session, invoice.invoice_id, needs_review=True, review_reason=reason
    )
    business = await businesses.load(session, invoice.business_id)
    await publish(session, "invoice.updated", invoice, business, reason=reason)


def _data(job: JobCancelled) -> dict[str, object]:
    return {"revision": job.revision, "cancelled_at": job.cancelled_at.isoformat()}
