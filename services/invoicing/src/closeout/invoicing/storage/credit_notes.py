"""Queries of credit notes. Callers own the transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage.records import CreditNoteRecord
from closeout.invoicing.storage.repository import bump_counter
from closeout.invoicing.storage.tables import credit_note_counters, credit_notes


async def next_sequence(session: AsyncSession, business_id: str) -> int:
    """The business's next credit note number (gap-free, see `repository.bump_counter`)."""
    return await bump_counter(session, credit_note_counters, business_id)


async def insert_credit_note(session: AsyncSession, **values: object) -> CreditNoteRecord:
    inserted = insert(credit_notes).values(**values).returning(credit_notes)
    return CreditNoteRecord.from_row((await session.execute(inserted)).mappings().one())


async def by_key(session: AsyncSession, invoice_id: str, key: str) -> CreditNoteRecord | None:
    query = select(credit_notes).where(
        credit_notes.c.invoice_id == invoice_id, credit_notes.c.idempotency_key == key
    )
    row = (await session.execute(query)).mappings().first()
    return CreditNoteRecord.from_row(row) if row is not None else None


async def of_invoice(session: AsyncSession, invoice_id: str) -> list[CreditNoteRecord]:
    query = (
        select(credit_notes)
        .where(credit_notes.c.invoice_id == invoice_id)
        .order_by(credit_notes.c.created_at, credit_notes.c.number)
    )
    return [CreditNoteRecord.from_row(r) for r in (await session.execute(query)).mappings()]
