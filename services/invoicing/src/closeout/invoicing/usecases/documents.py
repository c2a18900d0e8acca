"""Invoice and receipt PDFs: receipts numbered once per confirmed payment, documents rendered
on request (off the event loop: laying out a page takes tens of milliseconds)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.numbering import format_receipt_number
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice, Receipt
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.invoice_details import visible_invoice
from closeout.invoicing.usecases.links import open_link
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.errors import ConflictError, NotFoundError


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes


async def issue_receipt(
    session: AsyncSession, invoice: Invoice, entry_id: str, fact: PaymentEvent
) -> Receipt:
    """The receipt of the confirmed payment recorded as ledger entry `entry_id`, numbered the
    first time (again: the same receipt). `invoice` is as the payment left it."""
    existing = await repo.receipt_for_entry(session, entry_id)
    if existing is not None:
        return existing
    sequence = await repo.next_receipt_sequence(session, invoice.business_id)
    return await repo.insert_receipt(
        session,
        receipt_number=format_receipt_number(sequence),
        business_id=invoice.business_id,
        invoice_id=invoice.invoice_id,
        entry_id=entry_id,
        payment_id=fact.payment_id,
        amount=fact.amount,
        currency=fact.currency,
        method=fact.method,
        reference=fact.reference,
        paid_at=fact.occurred_at,
        balance_after=max(invoice.amount_due, 0),
    )


async def receipts(session: AsyncSession, invoice_id: str) -> list[Receipt]:
    return await repo.receipts_of(session, invoice_id)


async def invoice_pdf(session: AsyncSession, invoice_id: str, business_id: str) -> Document:
    """For the admin API: an issued invoice of `business_id` (`*`: any)."""
    return await _invoice_document(session, await visible_invoice(session, invoice_id, business_id))


async def receipt_pdf(
    session: AsyncSession, invoice_id: str, business_id: str, receipt_number: str
) -> Document:
    invoice = await visible_invoice(session, invoice_id, business_id)
    receipt = await repo.get_receipt(session, invoice_id, receipt_number)
    if receipt is None:
        raise NotFoundError("receipt not found")
    return await _receipt_document(session, invoice, receipt)


async def customer_invoice_pdf(
    session: AsyncSession, token: str, paid_days: int
) -> Document | None:
    """For the customer page: None whenever the page itself would be a 404."""
    opened = await open_link(session, token, paid_days)
    return None if opened is None else await _invoice_document(session, opened.invoice)


async def customer_receipt_pdf(
    session: AsyncSession, token: str, paid_days: int, receipt_number: str
) -> Document | None:
    opened = await open_link(session, token, paid_days)
    if opened is None:
        return None
    receipt = await repo.get_receipt(session, opened.invoice.invoice_id, receipt_number)
    return None if receipt is None else await _receipt_document(session, opened.invoice, receipt)


async def _invoice_document(session: AsyncSession, invoice: Invoice) -> Document:
    # Imported when first needed: the PDF library is heavy, and the CLI, the consumers and
    # every other route start without it.
    from closeout.invoicing.domain import documents

    if invoice.issued_at is None:  # a draft may carry a number chosen by hand
        raise ConflictError("a draft has no PDF: issue it first")
    business = await businesses.load(session, invoice.business_id)
    content = await asyncio.to_thread(documents.render_invoice, business, invoice)
    return Document(documents.invoice_filename(invoice), content)


async def _receipt_document(session: AsyncSession, invoice: Invoice, receipt: Receipt) -> Document:
    from closeout.invoicing.domain import documents  # heavy: see _invoice_document

    business = await businesses.load(session, invoice.business_id)
    facts = documents.ReceiptFacts(
        receipt_number=receipt.receipt_number,
        amount=receipt.amount,
        currency=receipt.currency,
        method=receipt.method,
        reference=receipt.reference,
        paid_at=receipt.paid_at,
        balance_after=receipt.balance_after,
    )
    content = await asyncio.to_thread(documents.render_receipt, business, invoice, facts)
    return Document(documents.receipt_filename(facts), content)
