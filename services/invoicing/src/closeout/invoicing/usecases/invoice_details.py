"""What the admin API reads: an invoice of the caller's business with everything about it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import credit_notes
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import (
    Claim,
    CreditNoteRecord,
    Invoice,
    LedgerEntry,
    Link,
    Receipt,
    TimelineRecord,
)
from closeout.invoicing.usecases.review import PendingReview, pending_review
from closeout.shared.auth import ANY_BUSINESS
from closeout.shared.errors import NotFoundError


@dataclass(frozen=True)
class InvoiceDetails:
    invoice: Invoice
    pending_review: PendingReview | None
    timeline: list[TimelineRecord]
    payments: list[LedgerEntry]
    claims: list[Claim]
    links: list[Link]
    receipts: list[Receipt]
    credit_notes: list[CreditNoteRecord]


async def visible_invoice(session: AsyncSession, invoice_id: str, business_id: str) -> Invoice:
    """The invoice, if `business_id` may see it (`*`: any business); another business's
    invoice is not found, like one that does not exist."""
    invoice = await repo.get_invoice(session, invoice_id)
    if invoice is None or business_id not in (ANY_BUSINESS, invoice.business_id):
        raise NotFoundError("invoice not found")
    return invoice


async def details(session: AsyncSession, invoice_id: str, business_id: str) -> InvoiceDetails:
    invoice = await visible_invoice(session, invoice_id, business_id)
    timeline = await repo.get_timeline(session, invoice_id)
    return InvoiceDetails(
        invoice=invoice,
        pending_review=pending_review(invoice, timeline),
        timeline=timeline,
        payments=await repo.ledger_of(session, invoice_id),
        claims=await repo.claims_of(session, invoice_id),
        links=await repo.links_of(session, invoice_id),
        receipts=await repo.receipts_of(session, invoice_id),
        credit_notes=await credit_notes.of_invoice(session, invoice_id),
    )


async def links(session: AsyncSession, invoice_id: str, business_id: str) -> list[Link]:
    await visible_invoice(session, invoice_id, business_id)
    return await repo.links_of(session, invoice_id)
