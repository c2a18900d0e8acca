"""Invoices that do not come from a job: made by hand, from a CSV import or a schedule.

`create_invoice` is the one way to make an invoice from given lines; every creator (the admin
API, imports, recurring schedules) calls it, then `invoices.issue` to send it now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.pricing import price_lines
from closeout.invoicing.domain.sources import InvoiceSource
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import issue, load_for_update, local_now
from closeout.invoicing.usecases.links import Linker
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.errors import ConflictError, InvalidInputError
from closeout.shared.ids import new_id

_CREATED_BY: dict[InvoiceSource, str] = {
    "job": "draft created from a job",
    "manual": "draft created by hand",
    "import": "draft created from a CSV import",
    "recurring": "draft created by a recurring schedule",
}


@dataclass(frozen=True)
class NewInvoice:
    """What an invoice is made of; what is left out comes from the business's settings
    (currency, payment terms, numbering)."""

    customer: Customer
    lines: Sequence[LineItem]
    currency: str | None = None
    due_date: date | None = None
    terms_days: int | None = None
    notes: str | None = None
    number: str | None = None


async def create_invoice(
    session: AsyncSession,
    business_id: str,
    new_invoice: NewInvoice,
    *,
    source: InvoiceSource,
    source_ref: str | None = None,
    actor: str,
    invoice_id: str | None = None,
) -> Invoice:
    """A draft from `new_invoice` (publishes `invoice.created`); the caller owns the
    transaction and may `invoices.issue` it in the same one."""
    if not new_invoice.lines:
        raise InvalidInputError("an invoice needs at least one line")
    if new_invoice.due_date is not None and new_invoice.terms_days is not None:
        raise InvalidInputError("give a due date or payment terms, not both")
    business = await businesses.load(session, business_id)
    number = new_invoice.number
    if number is not None and await repo.number_taken(session, business_id, number):
        raise ConflictError(f"invoice number {number!r} is already used")
    terms = (
        business.payment_terms_days if new_invoice.terms_days is None else new_invoice.terms_days
    )
    if new_invoice.due_date is not None:
        terms = max((new_invoice.due_date - local_now(business).date()).days, 0)
    lines, totals = price_lines(new_invoice.lines, business.tax_mode)
    invoice_id = invoice_id or new_id()
    await repo.insert_invoice(
        session,
        invoice_id=invoice_id,
        business_id=business_id,
        job_id=None,
        job_revision=0,
        source=source,
        source_ref=source_ref,
        notes=new_invoice.notes,
        customer=new_invoice.customer.model_dump(mode="json"),
        customer_name=new_invoice.customer.name,
        customer_email=new_invoice.customer.email,
        currency=new_invoice.currency or business.default_currency,
        tax_mode=business.tax_mode,
        lines=lines,
        subtotal=totals.subtotal,
        tax_total=totals.tax_total,
        total=totals.total,
        amount_due=totals.total,
        status="draft",
        number=number,
        payment_terms_days=terms,
        requested_due_date=new_invoice.due_date,
    )
    detail = _CREATED_BY[source] + (f" ({source_ref})" if source_ref else "")
    await repo.add_timeline(session, invoice_id, "created", detail, actor=actor)
    invoice = await load_for_update(session, invoice_id)
    return await publish(session, "invoice.created", invoice, business)


def request_hash(canonical_body: str) -> str:
    return hashlib.sha256(canonical_body.encode()).hexdigest()


async def create_by_hand(
    session: AsyncSession,
    business_id: str,
    new_invoice: NewInvoice,
    *,
    send: bool,
    idempotency: tuple[str, str] | None,
    actor: str,
    linker: Linker,
) -> str:
    """`POST /v1/invoices`: a draft, issued and sent at once when `send`. `idempotency` is the
    Idempotency-Key and the request's hash: a retry gets the invoice the key made, the same key
    with another request is a conflict. Returns the invoice id."""
    invoice_id = new_id()
    if idempotency is not None:
        key, body_hash = idempotency
        stored = await repo.claim_request(session, business_id, key, body_hash, invoice_id)
        if stored is not None:
            if stored.request_hash != body_hash:
                raise ConflictError("this Idempotency-Key was used for a different request")
            return stored.invoice_id
    invoice = await create_invoice(
        session, business_id, new_invoice, source="manual", actor=actor, invoice_id=invoice_id
    )
    if send:
        business = await businesses.load(session, business_id)
        await issue(session, invoice, business, actor=actor, linker=linker)
    return invoice_id
