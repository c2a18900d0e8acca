"""Credit notes: an admin credits part of a paid invoice (`domain.credit_notes` has the rules).

The note, the invoice's credited total, its timeline row and `invoice.credited` commit
together; no payment changes with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.credit_notes import amount_text, check_credit, creditable
from closeout.invoicing.domain.numbering import format_credit_note_number
from closeout.invoicing.storage import credit_notes as store
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import CreditNoteRecord
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.documents import Document
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoice_details import visible_invoice
from closeout.invoicing.usecases.invoices import load_for_update
from closeout.shared.contracts.invoices import CreditNoteLine
from closeout.shared.errors import ConflictError, NotFoundError
from closeout.shared.ids import new_id


@dataclass(frozen=True)
class NewCreditNote:
    amount: int
    reason: str
    lines: Sequence[CreditNoteLine] = ()


async def credit(
    session: AsyncSession,
    invoice_id: str,
    business_id: str,
    new_note: NewCreditNote,
    *,
    idempotency: tuple[str, str] | None,
    actor: str,
) -> CreditNoteRecord:
    """`POST /v1/invoices/{id}/credit-notes`. `idempotency` is the Idempotency-Key and the
    request's hash: a retry gets the note the key made, the same key with another request is
    a conflict. The invoice's lock serialises notes on it (and a retry with its original)."""
    invoice = await load_for_update(session, invoice_id, business_id)
    if idempotency is not None:
        key, body_hash = idempotency
        stored = await store.by_key(session, invoice_id, key)
        if stored is not None:
            if stored.request_hash != body_hash:
                raise ConflictError("this Idempotency-Key was used for a different request")
            return stored
    available = creditable(invoice.amount_paid, invoice.amount_refunded, invoice.amount_credited)
    check_credit(invoice.status, available, new_note.amount, new_note.lines)
    business = await businesses.load(session, invoice.business_id)
    sequence = await store.next_sequence(session, invoice.business_id)
    note = await store.insert_credit_note(
        session,
        credit_note_id=new_id(),
        business_id=invoice.business_id,
        invoice_id=invoice_id,
        number=format_credit_note_number(business.number_prefix, sequence),
        amount=new_note.amount,
        currency=invoice.currency,
        reason=new_note.reason,
        lines=[line.model_dump(mode="json") for line in new_note.lines],
        idempotency_key=idempotency[0] if idempotency else None,
        request_hash=idempotency[1] if idempotency else None,
        actor=actor,
    )
    invoice = await repo.update_invoice(
        session, invoice_id, amount_credited=invoice.amount_credited + note.amount
    )
    await repo.add_timeline(
        session,
        invoice_id,
        "credited",
        f"credit note {note.number}: {amount_text(note.amount, note.currency)} credited"
        f" ({note.reason})",
        actor=actor,
        data={"credit_note_id": note.credit_note_id, "number": note.number, "amount": note.amount},
    )
    await publish(
        session,
        "invoice.credited",
        invoice,
        business,
        reason=note.reason,
        credit_note=note.contract(),
    )
    return note


async def of_invoice(
    session: AsyncSession, invoice_id: str, business_id: str
) -> list[CreditNoteRecord]:
    """The invoice's notes, oldest first, if `business_id` may see it."""
    await visible_invoice(session, invoice_id, business_id)
    return await store.of_invoice(session, invoice_id)


async def credit_note_pdf(
    session: AsyncSession, invoice_id: str, business_id: str, number: str
) -> Document:
    """The note `number` of the invoice as a PDF, if `business_id` may see the invoice."""
    # Imported when first needed: the PDF library is heavy (see usecases.documents).
    from closeout.invoicing.domain import documents

    invoice = await visible_invoice(session, invoice_id, business_id)
    notes = await store.of_invoice(session, invoice_id)
    note = next((n for n in notes if n.number == number), None)
    if note is None:
        raise NotFoundError("credit note not found")
    business = await businesses.load(session, invoice.business_id)
    content = await asyncio.to_thread(documents.render_credit_note, business, invoice, note)
    return Document(documents.credit_note_filename(note), content)
