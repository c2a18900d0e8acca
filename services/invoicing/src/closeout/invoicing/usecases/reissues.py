"""Void and re-issue: a voided job invoice billed again as a new invoice for the same job."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.status import ensure_allowed
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import issue, load_for_update
from closeout.invoicing.usecases.links import Linker
from closeout.shared.errors import ConflictError
from closeout.shared.ids import new_id


async def reissue(
    session: AsyncSession,
    invoice_id: str,
    business_id: str,
    *,
    send: bool,
    actor: str,
    linker: Linker,
) -> Invoice:
    """A new invoice (a draft, or issued and sent when `send`) with the voided one's job,
    customer and lines, each naming the other. It becomes the job's invoice: a later change
    of the job updates it, and jobs' billing mirror shows it (a live invoice replaces a void
    one there)."""
    old = await load_for_update(session, invoice_id, business_id)
    ensure_allowed("reissue", old.status)
    if old.job_id is None:
        raise ConflictError("only a job's invoice is re-issued; make a new invoice instead")
    if old.reissued_as is not None:
        raise ConflictError(f"this invoice was re-issued already, as {old.reissued_as}")
    await repo.lock_job(session, business_id, old.job_id)
    if await repo.job_is_cancelled(session, business_id, old.job_id):
        raise ConflictError("the job was cancelled: it is not billed again")
    business = await businesses.load(session, business_id)
    new_invoice_id = new_id()
    # The old one first: the job's one current invoice is the one not replaced.
    await repo.update_invoice(session, old.invoice_id, reissued_as=new_invoice_id)
    await repo.insert_invoice(
        session,
        invoice_id=new_invoice_id,
        business_id=business_id,
        source="job",
        job_id=old.job_id,
        job_external_id=old.job_external_id,
        job_title=old.job_title,
        job_revision=old.job_revision,
        site_address=old.site_address,
        job_completed_at=old.job_completed_at,
        notes=old.notes,
        correlation_id=old.correlation_id,
        customer=old.customer,
        customer_name=old.customer_name,
        customer_email=old.customer_email,
        currency=old.currency,
        tax_mode=old.tax_mode,
        lines=old.lines,
        subtotal=old.subtotal,
        tax_total=old.tax_total,
        total=old.total,
        amount_due=old.total,
        status="draft",
        payment_terms_days=business.payment_terms_days,
        reissue_of=old.invoice_id,
    )
    await repo.add_timeline(
        session,
        old.invoice_id,
        "reissued",
        f"re-issued as a new invoice ({new_invoice_id})",
        actor=actor,
        data={"reissued_as": new_invoice_id},
    )
    label = old.number or old.invoice_id
    await repo.add_timeline(
        session,
        new_invoice_id,
        "created",
        f"draft created to bill job {old.job_external_id or old.job_id} again: it replaces"
        f" the voided invoice {label}",
        actor=actor,
        data={"reissue_of": old.invoice_id},
    )
    invoice = await load_for_update(session, new_invoice_id)
    invoice = await publish(session, "invoice.created", invoice, business, reason="reissue")
    if send:
        invoice, _ = await issue(session, invoice, business, actor=actor, linker=linker)
    return invoice
