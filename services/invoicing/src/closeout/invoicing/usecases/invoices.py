"""Invoice use cases: create from a job, follow job changes, edit, issue, void, resend."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.numbering import format_number
from closeout.invoicing.domain.pricing import price_lines
from closeout.invoicing.domain.status import ensure_allowed
from closeout.invoicing.domain.zones import zone_named
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.ledger import recompute
from closeout.invoicing.usecases.links import Linker, create_link
from closeout.invoicing.usecases.schedule import reschedule
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.contracts.jobs import JobSnapshot
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow

log = logging.getLogger(__name__)


def local_now(business: Business) -> datetime:
    return datetime.now(zone_named(business.timezone))


async def load_for_update(
    session: AsyncSession, invoice_id: str, business_id: str | None = None
) -> Invoice:
    invoice = await repo.get_invoice(session, invoice_id, for_update=True)
    if invoice is None or (business_id not in (None, "*", invoice.business_id)):
        raise NotFoundError("invoice not found")
    return invoice


def _job_fields(job: JobSnapshot, mode: str) -> dict[str, object]:
    lines, totals = price_lines(job.line_items, mode)
    return {
        "job_external_id": job.external_id,
        "job_title": job.title,
        "job_revision": job.revision,
        "site_address": job.site_address,
        "job_completed_at": job.completed_at,
        "notes": job.notes,
        "customer": job.customer.model_dump(mode="json"),
        "customer_name": job.customer.name,
        "customer_email": job.customer.email,
        "currency": job.currency,
        "lines": lines,
        "subtotal": totals.subtotal,
        "tax_total": totals.tax_total,
        "total": totals.total,
        "amount_due": totals.total,
    }


async def bill_job(
    session: AsyncSession,
    job: JobSnapshot,
    *,
    business_id: str,
    correlation_id: str | None,
    actor: str,
    linker: Linker,
) -> None:
    """Exactly one invoice per job: a repeated or concurrent report finds the existing one.

    A cancelled job is never billed, whichever of its events arrives first."""
    await repo.lock_job(session, business_id, job.job_id)
    if await repo.job_is_cancelled(session, business_id, job.job_id):
        log.info("job %s is cancelled: its completion bills nothing", job.job_id)
        return
    business = await businesses.for_billing(session, business_id)
    existing = await repo.invoice_id_for_job(session, business_id, job.job_id)
    if existing is not None:
        await follow_job_change(session, existing, job, actor=actor)
        return
    invoice_id = new_id()
    created = await repo.insert_invoice_once(
        session,
        invoice_id=invoice_id,
        business_id=business_id,
        job_id=job.job_id,
        correlation_id=correlation_id,
        tax_mode=business.tax_mode,
        payment_terms_days=business.payment_terms_days,
        status="draft",
        **_job_fields(job, business.tax_mode),
    )
    if not created:  # a concurrent delivery won the race; treat this one as a change report
        existing = await repo.invoice_id_for_job(session, business_id, job.job_id)
        assert existing is not None
        await follow_job_change(session, existing, job, actor=actor)
        return
    invoice = await load_for_update(session, invoice_id)
    await repo.add_timeline(
        session,
        invoice_id,
        "created",
        f"draft created from job {job.external_id} (revision {job.revision})",
        actor=actor,
    )
    invoice = await publish(session, "invoice.created", invoice, business)
    if not business.auto_send:
        return
    problem = issue_problem(invoice)
    if problem is not None:
        await _flag(session, invoice, f"not sent automatically: {problem}", actor=actor)
        return
    await issue(session, invoice, business, actor=actor, linker=linker)


def issue_problem(invoice: Invoice) -> str | None:
    if invoice.total <= 0:
        return "the total must be more than zero"
    if not invoice.lines:
        return "the invoice has no line items"
    return None


async def _flag(session: AsyncSession, invoice: Invoice, reason: str, *, actor: str) -> Invoice:
    await repo.add_timeline(session, invoice.invoice_id, "flagged", reason, actor=actor)
    return await repo.update_invoice(
        session, invoice.invoice_id, needs_review=True, review_reason=reason
    )


async def follow_job(
    session: AsyncSession, job: JobSnapshot, *, business_id: str, actor: str
) -> None:
    """A job changed: its invoice follows it. Not invoiced yet: nothing to do, the job's
    `job.completed` will carry the record."""
    invoice_id = await repo.invoice_id_for_job(session, business_id, job.job_id)
    if invoice_id is not None:
        await follow_job_change(session, invoice_id, job, actor=actor)


async def follow_job_change(
    session: AsyncSession, invoice_id: str, job: JobSnapshot, *, actor: str
) -> None:
    """A draft follows the job; an issued invoice is never silently changed, only flagged."""
    invoice = await load_for_update(session, invoice_id)
    if job.revision <= invoice.job_revision:
        return  # the same or an older record of the job: already reflected
    business = await businesses.load(session, invoice.business_id)
    if invoice.status == "draft":
        invoice = await repo.update_invoice(
            session, invoice_id, **_job_fields(job, invoice.tax_mode)
        )
        await repo.add_timeline(
            session,
            invoice_id,
            "updated_from_job",
            f"draft updated from job revision {job.revision}",
            actor=actor,
        )
        await publish(session, "invoice.updated", invoice, business, reason="job updated")
        return
    if invoice.status == "void":
        # Nothing is owed on it and nothing will be: a note, not a review.
        await repo.add_timeline(
            session,
            invoice_id,
            "job_changed",
            f"job changed after the invoice was voided (revision {job.revision})",
            actor=actor,
            data={"revision": job.revision},
        )
        await repo.update_invoice(session, invoice_id, job_revision=job.revision)
        return
    _, totals = price_lines(job.line_items, invoice.tax_mode)
    reason = (
        f"job changed after the invoice was issued (revision {job.revision},"
        f" job total now {totals.total} vs invoiced {invoice.total}): review needed"
    )
    await repo.add_timeline(
        session,
        invoice_id,
        "job_changed",
        reason,
        actor=actor,
        data={"revision": job.revision, "job": job.model_dump(mode="json")},
    )
    invoice = await repo.update_invoice(
        session, invoice_id, job_revision=job.revision, needs_review=True, review_reason=reason
    )
    await publish(session, "invoice.updated", invoice, business, reason=reason)


@dataclass(frozen=True)
class DraftChanges:
    customer: Customer | None = None
    lines: Sequence[LineItem] | None = None
    notes: str | None = None
    payment_terms_days: int | None = None


async def edit_draft(
    session: AsyncSession, invoice_id: str, business_id: str, changes: DraftChanges, *, actor: str
) -> Invoice:
    invoice = await load_for_update(session, invoice_id, business_id)
    ensure_allowed("edit", invoice.status)
    values: dict[str, object] = {}
    if changes.customer is not None:
        values |= {
            "customer": changes.customer.model_dump(mode="json"),
            "customer_name": changes.customer.name,
            "customer_email": changes.customer.email,
        }
    if changes.lines is not None:
        lines, totals = price_lines(changes.lines, invoice.tax_mode)
        values |= {
            "lines": lines,
            "subtotal": totals.subtotal,
            "tax_total": totals.tax_total,
            "total": totals.total,
            "amount_due": totals.total,
        }
    if changes.notes is not None:
        values["notes"] = changes.notes
    if changes.payment_terms_days is not None:
        values["payment_terms_days"] = changes.payment_terms_days
        values["requested_due_date"] = None  # new terms replace a chosen due date
    if not values:
        raise InvalidInputError("nothing to change")
    invoice = await repo.update_invoice(session, invoice_id, **values)
    await repo.add_timeline(
        session, invoice_id, "edited", f"draft edited: {', '.join(sorted(values))}", actor=actor
    )
    business = await businesses.load(session, invoice.business_id)
    return await publish(session, "invoice.updated", invoice, business, reason="draft edited")


async def issue_draft(
    session: AsyncSession, invoice_id: str, business_id: str, *, actor: str, linker: Linker
) -> tuple[Invoice, str]:
    invoice = await load_for_update(session, invoice_id, business_id)
    business = await businesses.load(session, invoice.business_id)
    return await issue(session, invoice, business, actor=actor, linker=linker)


async def issue(
    session: AsyncSession, invoice: Invoice, business: Business, *, actor: str, linker: Linker
) -> tuple[Invoice, str]:
    """Number (gap-free: the counter row is locked until this transaction commits), date,
    link and send. The caller holds the invoice row lock."""
    ensure_allowed("issue", invoice.status)
    problem = issue_problem(invoice)
    if problem is not None:
        raise InvalidInputError(f"cannot issue: {problem}")
    now = local_now(business)
    number = invoice.number or await _next_free_number(session, business, now.year)
    invoice = await repo.update_invoice(
        session,
        invoice.invoice_id,
        number=number,
        issued_at=utcnow(),
        due_date=invoice.requested_due_date
        or now.date() + timedelta(days=invoice.payment_terms_days),
        needs_review=False,
        review_reason=None,
    )
    await repo.add_timeline(
        session, invoice.invoice_id, "issued", f"issued as {number}", actor=actor
    )
    invoice = await recompute(session, invoice, actor=actor, business=business)
    link = await create_link(session, invoice, business, "issue", linker)
    invoice = await publish(
        session, "invoice.issued", invoice, business, payment_url=link.reference
    )
    return invoice, link.url


async def _next_free_number(session: AsyncSession, business: Business, year: int) -> str:
    """The business's next number, skipping any an admin chose by hand for an invoice."""
    while True:
        sequence = await repo.next_number(session, business.business_id, year)
        number = format_number(business.number_prefix, year, sequence)
        if not await repo.number_taken(session, business.business_id, number):
            return number


async def void(
    session: AsyncSession, invoice_id: str, business_id: str, reason: str, *, actor: str
) -> Invoice:
    """Void; a pending review flag is settled by this too (the invoice asks for nothing now)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    ensure_allowed("void", invoice.status)
    invoice = await repo.update_invoice(
        session,
        invoice_id,
        voided_at=utcnow(),
        void_reason=reason,
        needs_review=False,
        review_reason=None,
    )
    await repo.add_timeline(session, invoice_id, "voided", f"voided: {reason}", actor=actor)
    invoice = await recompute(session, invoice, actor=actor)
    business = await businesses.load(session, invoice.business_id)
    return await publish(session, "invoice.voided", invoice, business, reason=reason)


async def mark_uncollectible(
    session: AsyncSession, invoice_id: str, business_id: str, reason: str, *, actor: str
) -> Invoice:
    invoice = await load_for_update(session, invoice_id, business_id)
    ensure_allowed("mark_uncollectible", invoice.status)
    invoice = await repo.update_invoice(session, invoice_id, uncollectible_at=utcnow())
    await repo.add_timeline(
        session, invoice_id, "uncollectible", f"marked uncollectible: {reason}", actor=actor
    )
    invoice = await recompute(session, invoice, actor=actor)
    business = await businesses.load(session, invoice.business_id)
    return await publish(session, "invoice.status_changed", invoice, business, reason=reason)


async def resend(
    session: AsyncSession, invoice_id: str, business_id: str, *, actor: str, linker: Linker
) -> tuple[Invoice, str]:
    """Send again with a fresh link (earlier links stay valid until they expire)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    ensure_allowed("resend", invoice.status)
    business = await businesses.load(session, invoice.business_id)
    link = await create_link(session, invoice, business, "resend", linker)
    await repo.add_timeline(session, invoice_id, "resent", "sent again", actor=actor)
    invoice = await publish(
        session, "invoice.issued", invoice, business, payment_url=link.reference, reason="resend"
    )
    return invoice, link.url


async def regenerate_link(
    session: AsyncSession, invoice_id: str, business_id: str, *, actor: str, linker: Linker
) -> str:
    """Revoke every link of the invoice and make one new one (not sent: for the admin)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    business = await businesses.load(session, invoice.business_id)
    revoked = await repo.revoke_links(session, invoice_id)
    link = await create_link(session, invoice, business, "regenerated", linker)
    await repo.add_timeline(
        session,
        invoice_id,
        "link_regenerated",
        f"{revoked} link(s) revoked, a new one created",
        actor=actor,
    )
    return link.url


async def revoke_link(
    session: AsyncSession, invoice_id: str, business_id: str, link_id: str, *, actor: str
) -> None:
    await load_for_update(session, invoice_id, business_id)
    if not await repo.revoke_links(session, invoice_id, link_id):
        raise NotFoundError("no active link with that id")
    await repo.add_timeline(
        session, invoice_id, "link_revoked", f"link {link_id} revoked", actor=actor
    )


async def acknowledge_review(
    session: AsyncSession, invoice_id: str, business_id: str, note: str, *, actor: str
) -> Invoice:
    invoice = await load_for_update(session, invoice_id, business_id)
    if not invoice.needs_review:
        raise ConflictError("the invoice is not flagged for review")
    await repo.add_timeline(session, invoice_id, "review_done", note or "reviewed", actor=actor)
    invoice = await repo.update_invoice(session, invoice_id, needs_review=False, review_reason=None)
    return await reschedule(session, invoice)  # a held invoice is chased again
