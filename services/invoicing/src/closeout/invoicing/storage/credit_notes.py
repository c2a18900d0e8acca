"""Queries of credit notes. Callers own the transaction."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage.records import CreditNoteRecord
from closeout.invoicing.storage.tables import credit_note_counters, credit_notes


async def next_sequence(session: AsyncSession, business_id: str) -> int:
    """The business's next credit note number; the counter row stays locked until the
    caller's commit, so numbers are unique and gap-free."""
    await session.execute(
        insert(credit_note_counters)
        .values(business_id=business_id, last_number=0)
        .on_conflict_do_nothing()
    )
    bumped = (
        update(credit_note_counters)
        .where(credit_note_counters.c.business_id == business_id)
        .values(last_number=credit_note_counters.c.last_number + 1)
        .returning(credit_note_counters.c.last_number)
    )
    return int((await session.execute(bumped)).scalar_one())


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
